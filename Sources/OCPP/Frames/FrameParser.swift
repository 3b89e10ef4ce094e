// Reads an OCPP-J text frame (array shape, message type, id, CALL / CALLRESULT / CALLERROR, the
// reasons to reject it) once for every OCPP version; the version's `FrameDialect` supplies the
// actions and the error codes, and each version's `FrameDecoder` turns the result into its types.

/// A frame as read by `FrameParser`, in the terms of the dialect `D`.
public enum ParsedFrame<D: FrameDialect>: Sendable {
    /// A valid CALL with its typed request.
    case call(id: MessageId, request: D.Request)
    /// A CALLRESULT (payload typed later by the awaiting caller).
    case callResult(CallResult)
    /// A CALLERROR (an unknown code arrives as the generic one, its text in front).
    case callError(id: MessageId, code: D.ErrorCode, description: String, details: JSONValue)
    /// A frame to answer with this CALLERROR.
    case reject(id: MessageId, code: D.ErrorCode, description: String)
    /// A CALLRESULT or CALLERROR with a readable id and a wrong structure.
    case invalidAnswer(id: MessageId, reason: String)
    /// Nothing to answer (no readable message id): log `reason` and drop the frame.
    case drop(reason: String)
}

/// Reads frames received by one side of the connection. Stateless beyond its role; call from
/// any isolation.
///
/// The rules, in the order they are checked (OCPP-J section 4 of 1.6 and of 2.0.1):
/// - not JSON, not an array, empty, or no string message id in element 1 → `drop`;
/// - element 0 not one of 2, 3, 4 → `.unknownMessageType`;
/// - a CALL: an id longer than 36 characters → `.messageIdTooLong`; fewer than 4 elements →
///   `.incompleteCall`; more → `.oversizedCall`; an action that is not a string →
///   `.actionNotAString`; an action this side does not implement (unknown, or one only this
///   side sends) → `.notImplemented`; a payload error → the dialect's code for it;
/// - a CALLRESULT needs 3 elements and an object payload, a CALLERROR 5 elements (string code,
///   string description, object details); otherwise `invalidAnswer`.
public struct FrameParser<D: FrameDialect>: Sendable {
    /// Which side of the connection reads: it accepts only CALLs the other side may send.
    public let receiver: Initiator

    /// A parser for frames received by `receiver` (`.chargePoint` in the station).
    public init(receiver: Initiator) {
        self.receiver = receiver
    }

    /// Reads one text frame.
    public func parse(_ text: String) -> ParsedFrame<D> {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            return .drop(reason: "frame is not JSON: \(error)")
        }
        return parse(json)
    }

    /// Reads one frame already parsed as JSON.
    public func parse(_ json: JSONValue) -> ParsedFrame<D> {
        guard case .array(let elements) = json else { return .drop(reason: "frame is a JSON \(json.typeName), not an array") }
        guard elements.count >= 2, case .string(let idText) = elements[1] else {
            return .drop(reason: "frame has no readable message id")
        }
        let id = MessageId(idText)
        guard case .number(let typeLiteral) = elements[0], let typeNumber = Int(typeLiteral), let type = MessageType(rawValue: typeNumber) else {
            return reject(id, .unknownMessageType, "unknown message type \(JSONWriter.string(elements[0])); expected 2, 3 or 4")
        }
        switch type {
        case .call: return parseCall(id: id, elements)
        case .callResult: return parseCallResult(id: id, elements)
        case .callError: return parseCallError(id: id, elements)
        }
    }

    private func reject(_ id: MessageId, _ failure: FrameFailure, _ description: String) -> ParsedFrame<D> {
        .reject(id: id, code: D.errorCode(for: failure), description: description)
    }

    private func parseCall(id: MessageId, _ elements: [JSONValue]) -> ParsedFrame<D> {
        if id.value.unicodeScalars.count > MessageId.maximumLength {
            return reject(id, .messageIdTooLong, "message id is longer than \(MessageId.maximumLength) characters")
        }
        guard elements.count >= 4 else { return reject(id, .incompleteCall, "CALL frame is incomplete: \(elements.count) elements, expected 4") }
        guard elements.count == 4 else { return reject(id, .oversizedCall, "CALL frame has \(elements.count) elements, expected 4") }
        guard case .string(let actionName) = elements[2] else {
            return reject(id, .actionNotAString, "CALL action must be a string, found \(elements[2].typeName)")
        }
        do {
            guard let request = try D.request(named: actionName, receiver: receiver, payload: elements[3]) else {
                return reject(id, .notImplemented, "action '\(actionName)' is not implemented")
            }
            return .call(id: id, request: request)
        } catch {
            return .reject(id: id, code: D.errorCode(for: error), description: "\(actionName): \(error.description)")
        }
    }

    private func parseCallResult(id: MessageId, _ elements: [JSONValue]) -> ParsedFrame<D> {
        guard elements.count == 3 else { return .invalidAnswer(id: id, reason: "CALLRESULT frame has \(elements.count) elements, expected 3") }
        guard case .object = elements[2] else {
            return .invalidAnswer(id: id, reason: "CALLRESULT payload must be an object, found \(elements[2].typeName)")
        }
        return .callResult(CallResult(id: id, payload: elements[2]))
    }

    private func parseCallError(id: MessageId, _ elements: [JSONValue]) -> ParsedFrame<D> {
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
        // An unknown code is still a failure of the CALL: keep it as the generic error, its text in front.
        guard let code = D.ErrorCode(rawValue: codeText) else {
            return .callError(id: id, code: D.genericError, description: "\(codeText): \(description)", details: elements[4])
        }
        return .callError(id: id, code: code, description: description, details: elements[4])
    }
}
