// The three OCPP-J message types (CALL, CALLRESULT, CALLERROR) as typed values.

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

/// A successful answer: `[3, "<id>", {payload}]`. The payload stays untyped until the party that
/// sent the CALL decodes it with the response type of its action.
public struct CallResult: Sendable, Equatable {
    /// The id of the CALL this answers.
    public let id: MessageId
    /// The payload object.
    public let payload: JSONValue

    /// Creates a CALLRESULT.
    public init(id: MessageId, payload: JSONValue) {
        self.id = id
        self.payload = payload
    }

    /// The typed answer to `request`.
    public func response<R: OCPPRequest>(to request: R.Type) throws(PayloadError) -> R.Response {
        try PayloadDecoding.decode(R.Response.self, from: payload)
    }
}

/// A failed answer: `[4, "<id>", "<code>", "<description>", {details}]`.
public struct CallError: Error, Sendable, Equatable {
    /// The id of the CALL this answers.
    public let id: MessageId
    /// What kind of failure.
    public let code: CallErrorCode
    /// Human-readable description (may be empty).
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

/// The numbers of the message types in OCPP-J frames.
public enum MessageType: Int, Sendable {
    case call = 2
    case callResult = 3
    case callError = 4
}
