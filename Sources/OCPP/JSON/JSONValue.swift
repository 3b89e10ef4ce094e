// A parsed JSON document as a value: the common currency between the frame parser, the payload
// coders and the tests. Objects keep their members in wire order.

/// One JSON value. Numbers keep their literal text so that integers and decimals are read exactly
/// as the peer wrote them; objects keep members in the order they were written.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number as its JSON literal (for example `"42"`, `"-0.5"`, `"1e3"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in wire order. Duplicate names are rejected by the parser.
    case object([(key: String, value: JSONValue)])

    /// A number value from an integer.
    public static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A number value from a double, written in its shortest exact form.
    public static func double(_ value: Double) -> JSONValue { .number(JSONValue.literal(for: value)) }

    static func literal(for value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return String(Int64(value))
        }
        return value.description
    }

    /// The member named `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// The JSON type's name as OCPP error descriptions and the schemas use it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: Equatable {
    /// JSON equality: objects compare as sets of members, numbers by value.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)):
            if a == b { return true }
            guard let x = Double(a), let y = Double(b) else { return false }
            return x == y
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for member in a {
                guard let other = b.first(where: { $0.key == member.key }), other.value == member.value else {
                    return false
                }
            }
            return true
        default: return false
        }
    }
}
