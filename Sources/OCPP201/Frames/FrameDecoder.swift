// Turns a received OCPP-J 2.0.1 text frame into a typed CALL, CALLRESULT or CALLERROR, or into
// the CALLERROR to send back, or into a logged drop: OCPP's `FrameParser` with the 2.0.1 dialect.

public import struct OCPP.CallResult
public import enum OCPP.Initiator
public import enum OCPP.JSONValue
public import struct OCPP.MessageId
public import protocol OCPP.FrameDialect
public import enum OCPP.FrameFailure
public import struct OCPP.FrameParser
public import enum OCPP.ParsedFrame
public import struct OCPP.PayloadError
public import protocol OCPP.OCPPPayload

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

/// The OCPP-J 2.0.1 frame dialect: 2.0.1's actions and the RPC framework's codes (OCPP-J 2.0.1
/// section 4): an unknown message type → MessageTypeNotSupported; a too long message id, a CALL
/// without exactly 4 elements or with a non-string action → RpcFrameworkError (not a valid RPC
/// request); an action this side does not implement → NotImplemented; payload errors → the
/// code `CallErrorCode(for:)` names. A frame without a readable message id is dropped (OCPP-J
/// 2.0.1 names no id to answer it with; we log it rather than invent one).
public enum OCPP201Frames: FrameDialect {
    public static func errorCode(for failure: FrameFailure) -> CallErrorCode {
        switch failure {
        case .unknownMessageType: .messageTypeNotSupported
        case .messageIdTooLong, .incompleteCall, .oversizedCall, .actionNotAString: .rpcFrameworkError
        case .notImplemented: .notImplemented
        }
    }

    public static func errorCode(for error: PayloadError) -> CallErrorCode { CallErrorCode(for: error) }

    public static var genericError: CallErrorCode { .genericError }

    public static func request(named action: String, receiver: Initiator, payload: JSONValue) throws(PayloadError) -> (any OCPPRequest)? {
        guard let action = Action(rawValue: action), action.initiator.canBeReceived(by: receiver) else { return nil }
        return try action.requestType.decodePayload(payload)
    }
}

/// Decodes OCPP 2.0.1 frames received by one side of the connection. A value type without state
/// beyond its role; call from any isolation.
public struct FrameDecoder: Sendable {
    /// Which side of the connection decodes: it accepts only CALLs the other side may send.
    public var receiver: Initiator { parser.receiver }
    private let parser: FrameParser<OCPP201Frames>

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

    private static func decoded(_ frame: ParsedFrame<OCPP201Frames>) -> DecodedFrame {
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
