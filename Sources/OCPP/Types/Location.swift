// Where a sampled value was measured.

/// The location of a sampled value (OCPP 1.6 Location); Outlet when absent.
public enum Location: String, OCPPEnum {
    case cable = "Cable"
    case ev = "EV"
    case inlet = "Inlet"
    case outlet = "Outlet"
    case body = "Body"
}
