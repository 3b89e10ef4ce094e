// The error codes of an OCPP-J 2.0.1 CALLERROR frame (the RPC framework's codes), spelled as the
// specification spells them.

public import struct OCPP.PayloadError

/// The `errorCode` of a CALLERROR (OCPP-J 2.0.1, section 4.3). Against 1.6, FormationViolation is
/// renamed FormatViolation, OccurenceConstraintViolation gets its second "r", and
/// MessageTypeNotSupported and RpcFrameworkError are new.
public enum CallErrorCode: String, Sendable, CaseIterable, Codable {
    /// The payload for the action is syntactically incorrect.
    case formatViolation = "FormatViolation"
    /// Any other error.
    case genericError = "GenericError"
    /// An internal error occurred and the receiver could not process the action.
    case internalError = "InternalError"
    /// A message with a message type number the receiver does not support.
    case messageTypeNotSupported = "MessageTypeNotSupported"
    /// The requested action is not known by the receiver.
    case notImplemented = "NotImplemented"
    /// The requested action is recognized but not supported by the receiver.
    case notSupported = "NotSupported"
    /// The payload is syntactically correct but a field violates occurrence constraints.
    case occurrenceConstraintViolation = "OccurrenceConstraintViolation"
    /// The payload is syntactically correct but a field contains an invalid value.
    case propertyConstraintViolation = "PropertyConstraintViolation"
    /// The payload for the action does not conform to the PDU structure.
    case protocolError = "ProtocolError"
    /// The content of the frame is not a valid RPC request (for example, no readable message id).
    case rpcFrameworkError = "RpcFrameworkError"
    /// A security issue prevented the receiver from completing the action.
    case securityError = "SecurityError"
    /// The payload is syntactically correct but a field violates data type constraints.
    case typeConstraintViolation = "TypeConstraintViolation"

    /// The CALLERROR code for a payload that does not match its schema. This is the one place where
    /// payload errors map to OCPP-J 2.0.1 error codes; the table is 1.6's with 2.0.1's names:
    ///
    /// | Payload error | CALLERROR code |
    /// |---|---|
    /// | not an object, unknown member | FormatViolation |
    /// | missing required member, too few or too many array items | OccurrenceConstraintViolation |
    /// | wrong JSON type | TypeConstraintViolation |
    /// | value not in the enumeration, too long, bad date-time, number out of bounds | PropertyConstraintViolation |
    public init(for error: PayloadError) {
        switch error.kind {
        case .notAnObject, .unknownField: self = .formatViolation
        case .missingField, .tooFewItems, .tooManyItems: self = .occurrenceConstraintViolation
        case .wrongType: self = .typeConstraintViolation
        case .notAllowed, .tooLong, .invalidTimestamp, .invalidValue: self = .propertyConstraintViolation
        }
    }
}
