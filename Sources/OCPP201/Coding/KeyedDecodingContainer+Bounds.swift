// The OCPP 2.0.1 schemas' bounds that Codable cannot express: arrays with `maxItems` and integers
// with `minimum`/`maximum`. Arrays with only `minItems` use OCPP's `minimumCount:` decoding.

import struct OCPP.PayloadError

extension KeyedDecodingContainer {
    /// Decodes a required array of `minimumCount...maximumCount` elements.
    public func decode<T: Decodable>(_ type: [T].Type, forKey key: Key, minimumCount: Int, maximumCount: Int) throws -> [T] {
        let elements = try decode(type, forKey: key, minimumCount: minimumCount)
        try check(elements.count, maximumCount: maximumCount, key: key)
        return elements
    }

    /// Decodes an optional array that, when present, holds `minimumCount...maximumCount` elements.
    public func decodeIfPresent<T: Decodable>(_ type: [T].Type, forKey key: Key, minimumCount: Int, maximumCount: Int) throws -> [T]? {
        guard let elements = try decodeIfPresent(type, forKey: key, minimumCount: minimumCount) else { return nil }
        try check(elements.count, maximumCount: maximumCount, key: key)
        return elements
    }

    /// Decodes a required integer within the schema's `minimum` and `maximum` (either may be absent).
    public func decode(_ type: Int.Type, forKey key: Key, minimum: Int?, maximum: Int?) throws -> Int {
        let number = try decode(type, forKey: key)
        try check(number, minimum: minimum, maximum: maximum, key: key)
        return number
    }

    /// Decodes an optional integer that, when present, lies within the schema's `minimum` and `maximum`.
    public func decodeIfPresent(_ type: Int.Type, forKey key: Key, minimum: Int?, maximum: Int?) throws -> Int? {
        guard let number = try decodeIfPresent(type, forKey: key) else { return nil }
        try check(number, minimum: minimum, maximum: maximum, key: key)
        return number
    }

    private func check(_ count: Int, maximumCount: Int, key: Key) throws {
        guard count <= maximumCount else {
            throw PayloadError(.tooManyItems(maximum: maximumCount, found: count), codingPath: codingPath + [key])
        }
    }

    private func check(_ number: Int, minimum: Int?, maximum: Int?, key: Key) throws {
        if let minimum, number < minimum {
            throw PayloadError(.invalidValue("must be at least \(minimum), found \(number)"), codingPath: codingPath + [key])
        }
        if let maximum, number > maximum {
            throw PayloadError(.invalidValue("must be at most \(maximum), found \(number)"), codingPath: codingPath + [key])
        }
    }
}
