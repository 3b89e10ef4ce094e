// The status a connector (or the charge point as a whole, connector 0) reports.

/// The status of a connector (OCPP 1.6 ChargePointStatus). Connector 0 only ever reports
/// Available, Unavailable or Faulted.
public enum ChargePointStatus: String, OCPPEnum {
    case available = "Available"
    case preparing = "Preparing"
    case charging = "Charging"
    case suspendedEVSE = "SuspendedEVSE"
    case suspendedEV = "SuspendedEV"
    case finishing = "Finishing"
    case reserved = "Reserved"
    case unavailable = "Unavailable"
    case faulted = "Faulted"
}
