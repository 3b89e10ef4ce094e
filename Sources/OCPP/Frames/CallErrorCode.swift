// The error codes of an OCPP-J 1.6 CALLERROR frame, spelled as the specification spells them.

/// The `errorCode` of a CALLERROR (OCPP-J 1.6, section 4.2.3).
public enum CallErrorCode: String, Sendable, CaseIterable, Codable {
    /// The requested action is not known by the receiver.
    case notImplemented = "NotImplemented"
    /// The requested action is recognized but not supported by the receiver.
    case notSupported = "NotSupported"
    /// An internal error occurred and the receiver could not process the action.
    case internalError = "InternalError"
    /// The payload for the action is incomplete.
    case protocolError = "ProtocolError"
    /// A security issue prevented the receiver from completing the action.
    case securityError = "SecurityError"
    /// The payload is syntactically incorrect or does not conform to the PDU structure.
    case formationViolation = "FormationViolation"
    /// The payload is syntactically correct but a field contains an invalid value.
    case propertyConstraintViolation = "PropertyConstraintViolation"
    /// The payload is syntactically correct but a field violates occurrence constraints.
    /// (The specification's spelling, with one "r".)
    case occurenceConstraintViolation = "OccurenceConstraintViolation"
    /// The payload is syntactically correct but a field violates data type constraints.
    case typeConstraintViolation = "TypeConstraintViolation"
    /// Any other error.
    case genericError = "GenericError"
}
