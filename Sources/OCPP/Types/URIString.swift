// A URI field (`format: uri` in the schemas): a scheme followed by ':' and the rest.

/// An absolute URI, such as a firmware download or diagnostics upload location.
public struct URIString: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The URI text.
    public let value: String

    /// Whether `text` starts with a URI scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`)
    /// and contains no whitespace.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon < bytes.count - 1 else { return false }
        func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        guard isAlpha(bytes[0]) else { return false }
        for byte in bytes[1..<colon] {
            guard isAlpha(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            else { return false }
        }
        return !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    /// Creates the URI, or nil when `text` is not an absolute URI.
    public init?(_ text: String) {
        guard URIString.isValid(text) else { return nil }
        value = text
    }

    /// A literal in code; an invalid literal is a programming error.
    public init(stringLiteral value: String) {
        precondition(URIString.isValid(value), "'\(value)' is not an absolute URI")
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard URIString.isValid(text) else {
            throw PayloadError(.invalidValue("is not an absolute URI: '\(text)'"), codingPath: decoder.codingPath)
        }
        value = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}
