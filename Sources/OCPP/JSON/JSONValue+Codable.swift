// A JSON value as a payload member of any shape (OCPP 2.0.1's DataTransfer `data` has no type in
// its schema): the payload coders pass it through unchanged.

extension JSONValue: JSONValueConvertible {
    /// Takes any JSON value as it is.
    public init(json: JSONValue, path: @autoclosure () -> String) throws(PayloadError) {
        self = json
    }

    /// The value itself.
    public var json: JSONValue { self }
}

extension JSONValue: Codable {
    /// Decodes any JSON value. The payload decoder takes the value directly (`JSONValueConvertible`);
    /// other decoders go through their single value container, where object members lose their order.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            let members = try container.decode([String: JSONValue].self)
            self = .object(members.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
        }
    }

    /// Encodes the value; the payload encoder takes it directly, keeping member order.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let literal):
            var container = encoder.singleValueContainer()
            try container.encode(Double(literal) ?? 0)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for member in members { try container.encode(member.value, forKey: MemberKey(stringValue: member.key)) }
        }
    }

    private struct MemberKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
