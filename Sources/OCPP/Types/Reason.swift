// Why a transaction stopped.

/// The reason of a StopTransaction (OCPP 1.6 Reason). The field may be omitted only when the
/// reason is `local`.
public enum Reason: String, OCPPEnum {
    case emergencyStop = "EmergencyStop"
    case evDisconnected = "EVDisconnected"
    case hardReset = "HardReset"
    case local = "Local"
    case other = "Other"
    case powerLoss = "PowerLoss"
    case reboot = "Reboot"
    case remote = "Remote"
    case softReset = "SoftReset"
    case unlockCommand = "UnlockCommand"
    case deAuthorized = "DeAuthorized"
}
