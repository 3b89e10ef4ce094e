// The OCPP-J 2.0.1 CALL and CALLERROR frames as typed values. A CALLRESULT is OCPP's
// version-neutral `CallResult` (a message id and an untyped payload).

public import struct OCPP.CallResult
public import enum OCPP.JSONValue
public import struct OCPP.MessageId
public import struct OCPP.PayloadError
public import enum OCPP.PayloadDecoding

/// A request: `[2, "<id>", "<Action>", {payload}]`.
public struct Call: Sendable {
    /// The message id, echoed in the answer.
    public let id: MessageId
    /// The typed request; its `action` names the action.
    public let request: any OCPPRequest

    /// Creates a CALL.
    public init(id: MessageId, request: any OCPPRequest) {
        self.id = id
        self.request = request
    }

    /// The action of the request.
    public var action: Action { request.action }
}

/// A failed answer: `[4, "<id>", "<code>", "<description>", {details}]`.
public struct CallError: Error, Sendable, Equatable {
    /// The id of the CALL this answers.
    public let id: MessageId
    /// What kind of failure.
    public let code: CallErrorCode
    /// Human-readable description (may be empty; OCPP-J 2.0.1 allows at most 255 characters, see
    /// `FrameEncoder.callError`).
    public let description: String
    /// Details object (`{}` when there is nothing to say).
    public let details: JSONValue

    /// Creates a CALLERROR.
    public init(id: MessageId, code: CallErrorCode, description: String, details: JSONValue = .object([])) {
        self.id = id
        self.code = code
        self.description = description
        self.details = details
    }
}

extension CallResult {
    /// The typed answer to the OCPP 2.0.1 `request`.
    public func response<R: OCPPRequest>(to request: R.Type) throws(PayloadError) -> R.Response {
        try PayloadDecoding.decode(R.Response.self, from: payload)
    }
}
