// Why a payload does not match its action's schema, and the one table that maps each reason to
// the CALLERROR code OCPP-J 1.6 names for it.

/// A payload that does not match the schema of its message, with the path of the offending field
/// (for example `meterValue[0].sampledValue[2].measurand`).
public struct PayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the payload.
    public enum Kind: Sendable, Equatable {
        /// The payload (or a nested value the schema calls an object) is not a JSON object.
        case notAnObject(found: String)
        /// A member the schema does not define (`additionalProperties: false`).
        case unknownField
        /// A required member is absent.
        case missingField
        /// An array holds fewer elements than the schema's `minItems`.
        case tooFewItems(minimum: Int, found: Int)
        /// An array holds more elements than the schema's `maxItems` (OCPP 2.0.1 schemas).
        case tooManyItems(maximum: Int, found: Int)
        /// A value of the wrong JSON type (null included: optional fields are omitted, not null).
        case wrongType(expected: String, found: String)
        /// A string that is not one of the schema's enumerated values.
        case notAllowed(value: String, allowed: [String])
        /// A string longer than the schema's `maxLength`.
        case tooLong(maximum: Int, found: Int)
        /// A string that is not an RFC 3339 date-time.
        case invalidTimestamp(String)
        /// A value the field cannot hold: a number out of range or not a multiple of 0.1, a text that is not a URI.
        case invalidValue(String)
    }

    /// What is wrong.
    public let kind: Kind
    /// The dotted path of the field, empty for the payload itself.
    public let path: String

    /// Creates an error for the field at `path`.
    public init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// Creates an error for the field a decoder is positioned at.
    public init(_ kind: Kind, codingPath: [any CodingKey]) {
        self.init(kind, path: PayloadError.render(codingPath))
    }

    /// The CALLERROR code for this error. This is the one place where payload errors map to
    /// OCPP-J error codes (OCPP-J 1.6 section 4.2.3):
    ///
    /// | Payload error | CALLERROR code | Why |
    /// |---|---|---|
    /// | not an object, unknown field | FormationViolation | "does not conform the PDU structure" |
    /// | missing required field, too few or too many array items | OccurenceConstraintViolation | the field's cardinality (1..1, 1..*) is violated |
    /// | wrong JSON type | TypeConstraintViolation | "violates data type constraints" |
    /// | value not in the enumeration, too long, bad date-time, bad number | PropertyConstraintViolation | "contains an invalid value" |
    ///
    /// `ProtocolError` ("payload incomplete") is used for frames whose array lacks elements; see
    /// `FrameDecoder`.
    public var callErrorCode: CallErrorCode {
        switch kind {
        case .notAnObject, .unknownField: .formationViolation
        case .missingField, .tooFewItems, .tooManyItems: .occurenceConstraintViolation
        case .wrongType: .typeConstraintViolation
        case .notAllowed, .tooLong, .invalidTimestamp, .invalidValue: .propertyConstraintViolation
        }
    }

    public var description: String {
        let field = path.isEmpty ? "payload" : "field '\(path)'"
        switch kind {
        case .notAnObject(let found): return "\(field) must be an object, found \(found)"
        case .unknownField: return "\(field) is not defined by the schema"
        case .missingField: return "required \(field) is missing"
        case .tooFewItems(let minimum, let found): return "\(field) needs at least \(minimum) item(s), found \(found)"
        case .tooManyItems(let maximum, let found): return "\(field) holds at most \(maximum) item(s), found \(found)"
        case .wrongType(let expected, let found): return "\(field) must be of type \(expected), found \(found)"
        case .notAllowed(let value, let allowed):
            let list = allowed.count > 12 ? allowed.prefix(12).joined(separator: ", ") + ", ..." : allowed.joined(separator: ", ")
            return "\(field) has value '\(value)', expected one of: \(list)"
        case .tooLong(let maximum, let found): return "\(field) is \(found) characters long, at most \(maximum) allowed"
        case .invalidTimestamp(let text): return "\(field) is not an RFC 3339 date-time: '\(text)'"
        case .invalidValue(let reason): return "\(field) \(reason)"
        }
    }

    static func render(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                if !result.isEmpty { result += "." }
                result += key.stringValue
            }
        }
        return result
    }
}
