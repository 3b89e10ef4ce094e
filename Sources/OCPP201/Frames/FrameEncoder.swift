// Writes OCPP-J 2.0.1 CALL, CALLRESULT and CALLERROR frames as compact JSON text.

public import struct OCPP.CallResult
public import enum OCPP.JSONValue
public import struct OCPP.MessageId
public import protocol OCPP.OCPPPayload
public import enum OCPP.JSONWriter
public import enum OCPP.MessageType
public import enum OCPP.PayloadEncoding

/// Encodes OCPP 2.0.1 frames. Stateless; call from any isolation.
public enum FrameEncoder {
    /// The longest CALLERROR description OCPP-J 2.0.1 allows (section 4.2.3).
    public static let maximumErrorDescriptionLength = 255

    /// The text of a CALL carrying `request`.
    public static func call(id: MessageId, request: some OCPPRequest) -> String {
        frame([.integer(MessageType.call.rawValue), .string(id.value), .string(request.action.rawValue), payload(request)])
    }

    /// The text of a CALL (existential request).
    public static func call(_ call: Call) -> String {
        frame([.integer(MessageType.call.rawValue), .string(call.id.value), .string(call.action.rawValue), payload(call.request)])
    }

    /// The text of a CALL whose payload is already JSON (messages from a persistent queue).
    public static func call(id: MessageId, action: Action, payload: JSONValue) -> String {
        frame([.integer(MessageType.call.rawValue), .string(id.value), .string(action.rawValue), payload])
    }

    /// The text of a CALLRESULT answering `id` with `response`.
    public static func callResult(id: MessageId, response: some OCPPPayload) -> String {
        frame([.integer(MessageType.callResult.rawValue), .string(id.value), payload(response)])
    }

    /// The text of a CALLRESULT with an already built payload.
    public static func callResult(_ result: CallResult) -> String {
        frame([.integer(MessageType.callResult.rawValue), .string(result.id.value), result.payload])
    }

    /// The text of a CALLERROR. A description longer than 255 characters is cut to that length.
    public static func callError(_ error: CallError) -> String {
        var description = String.UnicodeScalarView()
        description.append(contentsOf: error.description.unicodeScalars.prefix(maximumErrorDescriptionLength))
        return frame([
            .integer(MessageType.callError.rawValue), .string(error.id.value), .string(error.code.rawValue),
            .string(String(description)), error.details,
        ])
    }

    /// The JSON value of a payload. Our payload types always encode; should a custom type throw,
    /// the error is a programming error and stops the program with its message.
    public static func payload(_ payload: some OCPPPayload) -> JSONValue {
        do {
            return try PayloadEncoding.encode(payload)
        } catch {
            preconditionFailure("payload \(type(of: payload)) failed to encode: \(error)")
        }
    }

    private static func frame(_ elements: [JSONValue]) -> String {
        JSONWriter.string(.array(elements))
    }
}
