// The protocol every typed OCPP 2.0.1 request conforms to. Payloads share OCPP's `OCPPPayload`,
// and the JSON, payload coding, bounded strings and timestamps of the OCPP target.

public import protocol OCPP.OCPPPayload

/// The request of an OCPP 2.0.1 action, tied to its response type and its action name.
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
