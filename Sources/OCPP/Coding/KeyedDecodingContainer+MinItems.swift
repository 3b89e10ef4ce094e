// Arrays with a schema `minItems`: an array that is too short is an occurrence violation.

extension KeyedDecodingContainer {
    /// Decodes a required array that must hold at least `minimumCount` elements.
    public func decode<T: Decodable>(_ type: [T].Type, forKey key: Key, minimumCount: Int) throws -> [T] {
        let elements = try decode(type, forKey: key)
        guard elements.count >= minimumCount else {
            throw PayloadError(.tooFewItems(minimum: minimumCount, found: elements.count), codingPath: codingPath + [key])
        }
        return elements
    }

    /// Decodes an optional array that, when present, must hold at least `minimumCount` elements.
    public func decodeIfPresent<T: Decodable>(_ type: [T].Type, forKey key: Key, minimumCount: Int) throws -> [T]? {
        guard let elements = try decodeIfPresent(type, forKey: key) else { return nil }
        guard elements.count >= minimumCount else {
            throw PayloadError(.tooFewItems(minimum: minimumCount, found: elements.count), codingPath: codingPath + [key])
        }
        return elements
    }
}
