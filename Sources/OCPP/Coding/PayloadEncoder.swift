// An `Encoder` from the typed payloads to `JSONValue`, keeping members in declaration order and
// leaving out optional members that are nil (the schemas allow no nulls).

/// Encodes typed payloads to JSON values. Stateless; call from any isolation.
public enum PayloadEncoding {
    /// The JSON value of `payload`. Our payload types cannot fail to encode; a custom type that
    /// throws while encoding is a programming error reported as `EncodingError`.
    public static func encode<T: Encodable>(_ payload: T) throws -> JSONValue {
        let encoder = PayloadEncoder()
        try payload.encode(to: encoder)
        return encoder.storage.resolve()
    }
}

/// Where an encoder's output goes: a value, an object or an array still being filled.
final class EncodingSlot {
    enum Content {
        case empty
        case value(JSONValue)
        case object([(key: String, slot: EncodingSlot)])
        case array([EncodingSlot])
    }

    var content: Content = .empty

    init() {}
    init(_ value: JSONValue) { content = .value(value) }

    func resolve() -> JSONValue {
        switch content {
        case .empty: return .object([])
        case .value(let value): return value
        case .object(let members): return .object(members.map { ($0.key, $0.slot.resolve()) })
        case .array(let elements): return .array(elements.map { $0.resolve() })
        }
    }

    func set(_ key: String, _ slot: EncodingSlot) {
        if case .object(var members) = content {
            content = .empty
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].slot = slot
            } else {
                members.append((key, slot))
            }
            content = .object(members)
        } else {
            content = .object([(key, slot)])
        }
    }

    func append(_ slot: EncodingSlot) {
        if case .array(var elements) = content {
            content = .empty
            elements.append(slot)
            content = .array(elements)
        } else {
            content = .array([slot])
        }
    }
}

final class PayloadEncoder: Encoder {
    let storage: EncodingSlot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(storage: EncodingSlot = EncodingSlot(), codingPath: [any CodingKey] = []) {
        self.storage = storage
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.content {} else { storage.content = .object([]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(storage: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = storage.content {} else { storage.content = .array([]) }
        return UnkeyedContainer(storage: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(storage: storage, codingPath: codingPath)
    }

    /// The JSON value of a primitive, or nil when `value` needs its own `encode(to:)`.
    /// Metatype comparisons first: a failing dynamic cast costs far more than a pointer compare.
    static func primitive<T: Encodable>(_ value: T) -> JSONValue? {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .integer(value as! Int) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Double.self { return .double(value as! Double) }
        if let scalar = value as? any JSONValueConvertible { return scalar.json }
        if T.self == Int32.self { return .number(String(value as! Int32)) }
        if T.self == Int64.self { return .number(String(value as! Int64)) }
        return nil
    }

    static func slot<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> EncodingSlot {
        if let primitive = primitive(value) { return EncodingSlot(primitive) }
        let encoder = PayloadEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        return encoder.storage
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let storage: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) { storage.set(key.stringValue, EncodingSlot(.null)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        storage.set(key.stringValue, try PayloadEncoder.slot(for: value, codingPath: []))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let slot = EncodingSlot()
        slot.content = .object([])
        storage.set(key.stringValue, slot)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(storage: slot, codingPath: []))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let slot = EncodingSlot()
        slot.content = .array([])
        storage.set(key.stringValue, slot)
        return UnkeyedContainer(storage: slot, codingPath: [])
    }

    mutating func superEncoder() -> any Encoder { PayloadEncoder(storage: storage, codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let slot = EncodingSlot()
        storage.set(key.stringValue, slot)
        return PayloadEncoder(storage: slot, codingPath: [])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let storage: EncodingSlot
    let codingPath: [any CodingKey]

    var count: Int {
        if case .array(let elements) = storage.content { elements.count } else { 0 }
    }

    mutating func encodeNil() { storage.append(EncodingSlot(.null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        storage.append(try PayloadEncoder.slot(for: value, codingPath: []))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let slot = EncodingSlot()
        slot.content = .object([])
        storage.append(slot)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(storage: slot, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let slot = EncodingSlot()
        slot.content = .array([])
        storage.append(slot)
        return UnkeyedContainer(storage: slot, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let slot = EncodingSlot()
        storage.append(slot)
        return PayloadEncoder(storage: slot, codingPath: codingPath)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let storage: EncodingSlot
    let codingPath: [any CodingKey]

    mutating func encodeNil() { storage.content = .value(.null) }
    mutating func encode(_ value: Bool) { storage.content = .value(.bool(value)) }
    mutating func encode(_ value: String) { storage.content = .value(.string(value)) }
    mutating func encode(_ value: Double) { storage.content = .value(.double(value)) }
    mutating func encode(_ value: Float) { storage.content = .value(.double(Double(value))) }
    mutating func encode(_ value: Int) { storage.content = .value(.integer(value)) }
    mutating func encode(_ value: Int8) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int16) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int32) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: Int64) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt8) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt16) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt32) { storage.content = .value(.number(String(value))) }
    mutating func encode(_ value: UInt64) { storage.content = .value(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let slot = try PayloadEncoder.slot(for: value, codingPath: codingPath)
        storage.content = slot.content
    }
}
