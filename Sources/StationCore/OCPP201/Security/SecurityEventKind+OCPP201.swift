// The security events of OCPP 2.0.1 (Part 2, appendix "Security Events") as the 1.6 kinds the
// shared security log records: the 2.0.1 name on the wire, and which ones 2.0.1 marks critical.

extension SecurityEventKind {
    /// The event's name in a 2.0.1 SecurityEventNotification: the 1.6 name, except where 2.0.1
    /// renamed the central system (Csms) or the charge point (ChargingStation).
    public var ocpp201Name: String {
        switch self {
        case .failedToAuthenticateAtCentralSystem: "FailedToAuthenticateAtCsms"
        case .centralSystemFailedToAuthenticate: "CsmsFailedToAuthenticate"
        case .invalidCentralSystemCertificate: "InvalidCsmsCertificate"
        case .invalidChargePointCertificate: "InvalidChargingStationCertificate"
        default: rawValue
        }
    }

    /// Whether 2.0.1 marks the event critical (sent as SecurityEventNotification, besides the
    /// log): the 1.6 critical events and ReconfigurationOfSecurityParameters, which 2.0.1 adds.
    public var isCritical201: Bool {
        isCritical || self == .reconfigurationOfSecurityParameters
    }
}
