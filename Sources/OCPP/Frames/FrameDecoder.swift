// Turns a received OCPP-J 1.6 text frame into a typed CALL, CALLRESULT or CALLERROR, or into the
// CALLERROR to send back, or into a logged drop: `FrameParser` with the 1.6 dialect.

/// What a received frame turned out to be.
public enum DecodedFrame: Sendable {
    /// A valid CALL with its typed request.
    case call(Call)
    /// A CALLRESULT (payload typed later by the awaiting caller).
    case callResult(CallResult)
    /// A CALLERROR.
    case callError(CallError)
    /// A CALL (or unknown message type) that cannot be processed: send this CALLERROR back.
    case reject(CallError)
    /// A CALLRESULT or CALLERROR with a readable id whose structure is wrong: it cannot be answered,
    /// but the CALL it answers should count as failed.
    case invalidAnswer(id: MessageId, reason: String)
    /// Nothing to answer (no readable message id): log `reason` and drop the frame.
    case drop(reason: String)
}

/// The OCPP-J 1.6 frame dialect: 1.6's actions and CALLERROR codes (OCPP-J 1.6 section 4):
/// an unknown message type, a too long message id, a CALL with more than 4 elements or a
/// non-string action → FormationViolation; a CALL with fewer than 4 elements → ProtocolError
/// (the frame is incomplete); an action this side does not implement → NotImplemented; payload
/// errors → the code `PayloadError.callErrorCode` names.
public enum OCPP16Frames: FrameDialect {
    public static func errorCode(for failure: FrameFailure) -> CallErrorCode {
        switch failure {
        case .unknownMessageType, .messageIdTooLong, .oversizedCall, .actionNotAString: .formationViolation
        case .incompleteCall: .protocolError
        case .notImplemented: .notImplemented
        }
    }

    public static func errorCode(for error: PayloadError) -> CallErrorCode { error.callErrorCode }

    public static var genericError: CallErrorCode { .genericError }

    public static func request(named action: String, receiver: Initiator, payload: JSONValue) throws(PayloadError) -> (any OCPPRequest)? {
        guard let action = Action(rawValue: action), action.initiator.canBeReceived(by: receiver) else { return nil }
        return try action.requestType.decodePayload(payload)
    }
}

/// Decodes OCPP 1.6 frames received by one side of the connection. A value type without state
/// beyond its role; call from any isolation.
public struct FrameDecoder: Sendable {
    /// Which side of the connection decodes: it accepts only CALLs the other side may send.
    public var receiver: Initiator { parser.receiver }
    private let parser: FrameParser<OCPP16Frames>

    /// A decoder for frames received by `receiver` (`.chargePoint` in the station).
    public init(receiver: Initiator) {
        parser = FrameParser(receiver: receiver)
    }

    /// Decodes one text frame.
    public func decode(_ text: String) -> DecodedFrame {
        Self.decoded(parser.parse(text))
    }

    /// Decodes one frame already parsed as JSON.
    public func decode(_ json: JSONValue) -> DecodedFrame {
        Self.decoded(parser.parse(json))
    }

    private static func decoded(_ frame: ParsedFrame<OCPP16Frames>) -> DecodedFrame {
        switch frame {
        case .call(let id, let request): .call(Call(id: id, request: request))
        case .callResult(let result): .callResult(result)
        case .callError(let id, let code, let description, let details): .callError(CallError(id: id, code: code, description: description, details: details))
        case .reject(let id, let code, let description): .reject(CallError(id: id, code: code, description: description))
        case .invalidAnswer(let id, let reason): .invalidAnswer(id: id, reason: reason)
        case .drop(let reason): .drop(reason: reason)
        }
    }
}

extension OCPPPayload {
    /// Decodes this type from a payload value (callable on an existential metatype).
    public static func decodePayload(_ json: JSONValue) throws(PayloadError) -> Self {
        try PayloadDecoding.decode(Self.self, from: json)
    }
}
