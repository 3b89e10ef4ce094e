// The protocols every typed OCPP payload conforms to, and the facts kept about each action: who
// sends it and which feature profile defines it.

/// A message payload: a request or a response of one action (of OCPP 1.6, or of OCPP 2.0.1 in the
/// OCPP201 target, which shares this protocol).
public protocol OCPPPayload: Codable, Sendable, Equatable {}

/// The request of an action, tied to its response type and its action name.
public protocol OCPPRequest: OCPPPayload {
    /// The answer to this request.
    associatedtype Response: OCPPPayload
    /// The action this request belongs to.
    static var action: Action { get }
}

extension OCPPRequest {
    /// The action of this request.
    public var action: Action { Self.action }
}

/// Who sends the request of an action.
public enum Initiator: Sendable {
    /// The charge point (station) sends the request; the central system answers.
    case chargePoint
    /// The central system sends the request; the charge point answers.
    case centralSystem
    /// Either side may send it (DataTransfer).
    case either
}

/// The OCPP 1.6 feature profile, or the security extension, that defines an action.
public enum FeatureProfile: String, Sendable, CaseIterable {
    case core = "Core"
    case firmwareManagement = "FirmwareManagement"
    case localAuthListManagement = "LocalAuthListManagement"
    case reservation = "Reservation"
    case smartCharging = "SmartCharging"
    case remoteTrigger = "RemoteTrigger"
    /// The OCPP 1.6 Security Whitepaper (not a value of SupportedFeatureProfiles).
    case security = "Security"
}
