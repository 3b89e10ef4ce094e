// Decodes configuration types from YAML (YAMLReader's nodes) through Decodable. A scalar takes
// the type the value asks for: `3600` is the Int 3600 or the String "3600"; a boolean is
// true/false, yes/no or on/off in any case (unquoted); null is an empty value, `~` or `null`.

/// Decodes a `Decodable` value from YAML text.
public struct YAMLNodeDecoder {
    /// Creates a decoder.
    public init() {}

    /// `T` from the YAML document in `text`: a `YAMLSyntaxError` when the text is not such a
    /// document, a `DecodingError` (with the key path) when it does not fit `T`.
    public func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try T(from: YAMLValueDecoder(node: try YAMLReader.parse(text), codingPath: []))
    }
}

/// The decoder of one node; it is its own single-value container.
struct YAMLValueDecoder: Decoder, SingleValueDecodingContainer {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let entries) = node else { throw mismatch([String: String].self, "a mapping") }
        return KeyedDecodingContainer(YAMLMappingContainer<Key>(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node else { throw mismatch([String].self, "a list") }
        return YAMLSequenceContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        let found: String
        switch node {
        case .scalar(let scalar): found = scalar.isNull ? "nothing" : "'\(scalar.text)'"
        case .mapping: found = "a mapping"
        case .sequence: found = "a list"
        }
        return DecodingError.typeMismatch(type, DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected), found \(found)"))
    }

    private func scalar(_ type: Any.Type, _ expected: String) throws -> YAMLScalar {
        guard case .scalar(let scalar) = node else { throw mismatch(type, expected) }
        guard !scalar.isNull else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected), found nothing"))
        }
        return scalar
    }

    func decodeNil() -> Bool { node.isNull }

    func decode(_ type: Bool.Type) throws -> Bool {
        let scalar = try scalar(type, "true or false")
        guard !scalar.quoted else { throw mismatch(type, "true or false") }
        switch scalar.text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw mismatch(type, "true or false")
        }
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .scalar(let scalar) = node else { throw mismatch(type, "a text") }
        return scalar.text
    }

    func decode(_ type: Double.Type) throws -> Double {
        let text = try scalar(type, "a number").text.replacing("_", with: "")
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default:
            guard let first = text.first, first.isNumber || "+-.".contains(first), let value = Double(text) else { throw mismatch(type, "a number") }
            return value
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func decode<T: FixedWidthInteger & Decodable>(integer type: T.Type) throws -> T {
        var text = Substring(try scalar(type, "an integer").text.replacing("_", with: ""))
        let negative = text.hasPrefix("-")
        if negative || text.hasPrefix("+") { text = text.dropFirst() }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            text = text.dropFirst(2)
            radix = base
        }
        guard !text.isEmpty, !text.hasPrefix("+"), !text.hasPrefix("-"), let value = T(negative ? "-" + text : String(text), radix: radix) else {
            throw mismatch(type, "an integer from \(T.min) to \(T.max)")
        }
        return value
    }

    func decode(_ type: Int.Type) throws -> Int { try decode(integer: type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decode(integer: type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(integer: type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(integer: type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(integer: type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(integer: type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(integer: type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(integer: type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(integer: type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(integer: type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}
