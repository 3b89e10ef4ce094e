// A `Decoder` from `JSONValue` to the typed payloads, strict as the OCPP schemas are: unknown
// members, missing members, nulls and wrong JSON types all throw `PayloadError` with the field path.

/// Decodes typed payloads from parsed JSON. Stateless; call from any isolation.
public enum PayloadDecoding {
    /// Decodes `type` from `value`, throwing `PayloadError` when the value does not match.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(PayloadError) -> T {
        do {
            return try T(from: PayloadDecoder(value: value, path: nil))
        } catch let error as PayloadError {
            throw error
        } catch let error as DecodingError {
            throw PayloadError(fromDecodingError: error)
        } catch {
            throw PayloadError(.invalidValue("could not be decoded: \(error)"), path: "")
        }
    }
}

extension PayloadError {
    /// Maps a `DecodingError` thrown by a custom `init(from:)` to the matching payload error.
    init(fromDecodingError error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(.missingField, codingPath: context.codingPath + [key])
        case .typeMismatch(let type, let context):
            self.init(.wrongType(expected: "\(type)", found: "another type"), codingPath: context.codingPath)
        case .valueNotFound(let type, let context):
            self.init(.wrongType(expected: "\(type)", found: "null"), codingPath: context.codingPath)
        case .dataCorrupted(let context):
            self.init(.notAllowed(value: context.debugDescription, allowed: []), codingPath: context.codingPath)
        @unknown default:
            self.init(.invalidValue("could not be decoded"), path: "")
        }
    }
}

/// A node of the coding path, linked to its parent so that descending costs no array copy.
final class PathNode: Sendable {
    let parent: PathNode?
    let key: PayloadKey

    init(parent: PathNode?, key: PayloadKey) {
        self.parent = parent
        self.key = key
    }

    static func keys(of node: PathNode?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var current = node
        while let node = current {
            keys.append(node.key)
            current = node.parent
        }
        return keys.reversed()
    }
}

/// A coding key for object members and array indices.
struct PayloadKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    init(_ key: some CodingKey) {
        self.stringValue = key.stringValue
        self.intValue = key.intValue
    }
}

struct PayloadDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    /// The path of the enclosing value.
    let parent: PathNode?
    /// This value's key in its parent, nil for the payload itself.
    let key: PayloadKey?

    init(value: JSONValue, path: PathNode?) {
        self.value = value
        self.parent = path?.parent
        self.key = path?.key
    }

    init(value: JSONValue, parent: PathNode?, key: PayloadKey) {
        self.value = value
        self.parent = parent
        self.key = key
    }

    /// This value's path as a node, allocated only when descending into a container.
    var path: PathNode? {
        guard let key else { return parent }
        return PathNode(parent: parent, key: key)
    }

    var codingPath: [any CodingKey] {
        var keys = PathNode.keys(of: parent)
        if let key { keys.append(key) }
        return keys
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func fail(_ kind: PayloadError.Kind) -> PayloadError {
        PayloadError(kind, path: PayloadError.render(codingPath))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw fail(.notAnObject(found: value.typeName)) }
        let path = self.path
        for member in members where Key(stringValue: member.key) == nil {
            throw PayloadError(.unknownField, path: PayloadError.render(PathNode.keys(of: PathNode(parent: path, key: PayloadKey(stringValue: member.key)))))
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw fail(.wrongType(expected: "array", found: value.typeName)) }
        return UnkeyedContainer(elements: elements, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { if case .null = value { true } else { false } }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw fail(.wrongType(expected: "boolean", found: value.typeName)) }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw fail(.wrongType(expected: "string", found: value.typeName)) }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let literal) = value else { throw fail(.wrongType(expected: "number", found: value.typeName)) }
        guard let number = Double(literal), number.isFinite else { throw fail(.invalidValue("is out of range: \(literal)")) }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let literal) = value else { throw fail(.wrongType(expected: "integer", found: value.typeName)) }
        if let integer = T(literal) { return integer }
        // Draft-04 schemas: an integer is written without fraction or exponent.
        if literal.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            throw fail(.wrongType(expected: "integer", found: "number"))
        }
        throw fail(.invalidValue("is out of range: \(literal)"))
    }

    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if case .null = value { throw fail(.wrongType(expected: "\(T.self)", found: "null")) }
        if let scalar = T.self as? any JSONValueConvertible.Type {
            return try scalar.init(json: value, path: PayloadError.render(codingPath)) as! T
        }
        return try T(from: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(key: String, value: JSONValue)]
    let path: PathNode?

    var codingPath: [any CodingKey] { PathNode.keys(of: path) }
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { members.contains(where: { $0.key == key.stringValue }) }

    func decoder(for key: Key) throws -> PayloadDecoder {
        let name = key.stringValue
        guard let member = members.first(where: { $0.key == name }) else {
            throw PayloadError(.missingField, path: PayloadError.render(PathNode.keys(of: PathNode(parent: path, key: PayloadKey(stringValue: name)))))
        }
        return PayloadDecoder(value: member.value, parent: path, key: PayloadKey(stringValue: name))
    }

    /// Called by `decodeIfPresent` only when the member is present. The schemas allow no nulls:
    /// an optional field is left out, so a null is a type error here rather than "absent".
    func decodeNil(forKey key: Key) throws -> Bool {
        let decoder = try decoder(for: key)
        if decoder.decodeNil() { throw decoder.fail(.wrongType(expected: "a value (omit optional fields instead of null)", found: "null")) }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(for: key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(for: key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(for: key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(for: key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(for: key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(for: key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(for: key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(for: key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(for: key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(for: key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(for: key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { PayloadDecoder(value: .object(members), path: path) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let path: PathNode?
    var currentIndex = 0

    init(elements: [JSONValue], path: PathNode?) {
        self.elements = elements
        self.path = path
    }

    var codingPath: [any CodingKey] { PathNode.keys(of: path) }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> PayloadDecoder {
        guard currentIndex < elements.count else {
            let node = PathNode(parent: path, key: PayloadKey(intValue: currentIndex))
            throw PayloadError(.tooFewItems(minimum: currentIndex + 1, found: elements.count), path: PayloadError.render(PathNode.keys(of: node)))
        }
        defer { currentIndex += 1 }
        return PayloadDecoder(value: elements[currentIndex], parent: path, key: PayloadKey(intValue: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}
