// Turns a received OCPP-J 2.0.1 text frame into a typed CALL, CALLRESULT or CALLERROR, or into
// the CALLERROR to send back, or into a logged drop when the frame cannot be answered.

public import struct OCPP.CallResult
public import enum OCPP.Initiator
public import enum OCPP.JSONValue
public import struct OCPP.MessageId
public import enum OCPP.JSONParser
public import enum OCPP.JSONWriter
public import enum OCPP.MessageType
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

/// Decodes OCPP 2.0.1 frames received by one side of the connection. A value type without state
/// beyond its role; call from any isolation.
///
/// The CALL rules, in the order they are checked (OCPP-J 2.0.1 section 4):
/// - not JSON, not an array, empty, or no string message id in element 1 → `drop` (OCPP-J 2.0.1
///   names no id to answer such a frame with; we log it rather than invent one);
/// - element 0 not one of 2, 3, 4 → `reject` with MessageTypeNotSupported;
/// - a message id longer than 36 characters, a CALL without exactly 4 elements, or an action that
///   is not a string → RpcFrameworkError (not a valid RPC request);
/// - an action this side does not implement (unknown, or one only this side sends) →
///   NotImplemented;
/// - payload errors → the code `CallErrorCode(for:)` names.
public struct FrameDecoder: Sendable {
    /// Which side of the connection decodes: it accepts only CALLs the other side may send.
    public let receiver: Initiator

    /// A decoder for frames received by `receiver` (`.chargePoint` in the station).
    public init(receiver: Initiator) {
        self.receiver = receiver
    }

    /// Decodes one text frame.
    public func decode(_ text: String) -> DecodedFrame {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            return .drop(reason: "frame is not JSON: \(error)")
        }
        return decode(json)
    }

    /// Decodes one frame already parsed as JSON.
    public func decode(_ json: JSONValue) -> DecodedFrame {
        guard case .array(let elements) = json else { return .drop(reason: "frame is a JSON \(json.typeName), not an array") }
        guard elements.count >= 2, case .string(let idText) = elements[1] else {
            return .drop(reason: "frame has no readable message id")
        }
        let id = MessageId(idText)
        guard case .number(let typeLiteral) = elements[0], let typeNumber = Int(typeLiteral), let type = MessageType(rawValue: typeNumber) else {
            let found = JSONWriter.string(elements[0])
            return .reject(CallError(id: id, code: .messageTypeNotSupported, description: "message type \(found) is not supported; expected 2, 3 or 4"))
        }
        switch type {
        case .call: return decodeCall(id: id, elements)
        case .callResult: return decodeCallResult(id: id, elements)
        case .callError: return decodeCallError(id: id, elements)
        }
    }

    private func decodeCall(id: MessageId, _ elements: [JSONValue]) -> DecodedFrame {
        if id.value.unicodeScalars.count > MessageId.maximumLength {
            return .reject(CallError(id: id, code: .rpcFrameworkError, description: "message id is longer than \(MessageId.maximumLength) characters"))
        }
        guard elements.count == 4 else {
            return .reject(CallError(id: id, code: .rpcFrameworkError, description: "CALL frame has \(elements.count) elements, expected 4"))
        }
        guard case .string(let actionName) = elements[2] else {
            return .reject(CallError(id: id, code: .rpcFrameworkError, description: "CALL action must be a string, found \(elements[2].typeName)"))
        }
        guard let action = Action(rawValue: actionName), accepts(action) else {
            return .reject(CallError(id: id, code: .notImplemented, description: "action '\(actionName)' is not implemented"))
        }
        do {
            let request = try action.requestType.decodePayload(elements[3])
            return .call(Call(id: id, request: request))
        } catch {
            return .reject(CallError(id: id, code: CallErrorCode(for: error), description: "\(actionName): \(error.description)"))
        }
    }

    private func decodeCallResult(id: MessageId, _ elements: [JSONValue]) -> DecodedFrame {
        guard elements.count == 3 else { return .invalidAnswer(id: id, reason: "CALLRESULT frame has \(elements.count) elements, expected 3") }
        guard case .object = elements[2] else {
            return .invalidAnswer(id: id, reason: "CALLRESULT payload must be an object, found \(elements[2].typeName)")
        }
        return .callResult(CallResult(id: id, payload: elements[2]))
    }

    private func decodeCallError(id: MessageId, _ elements: [JSONValue]) -> DecodedFrame {
        guard elements.count == 5 else { return .invalidAnswer(id: id, reason: "CALLERROR frame has \(elements.count) elements, expected 5") }
        guard case .string(let codeText) = elements[2] else {
            return .invalidAnswer(id: id, reason: "CALLERROR code must be a string, found \(elements[2].typeName)")
        }
        guard case .string(let description) = elements[3] else {
            return .invalidAnswer(id: id, reason: "CALLERROR description must be a string, found \(elements[3].typeName)")
        }
        guard case .object = elements[4] else {
            return .invalidAnswer(id: id, reason: "CALLERROR details must be an object, found \(elements[4].typeName)")
        }
        // An unknown code is still a failure of the CALL: keep it as GenericError, its text in front.
        guard let code = CallErrorCode(rawValue: codeText) else {
            return .callError(CallError(id: id, code: .genericError, description: "\(codeText): \(description)", details: elements[4]))
        }
        return .callError(CallError(id: id, code: code, description: description, details: elements[4]))
    }

    private func accepts(_ action: Action) -> Bool {
        switch (action.initiator, receiver) {
        case (.either, _), (_, .either): true
        case (.chargePoint, .centralSystem), (.centralSystem, .chargePoint): true
        default: false
        }
    }
}
