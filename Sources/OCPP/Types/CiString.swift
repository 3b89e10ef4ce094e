// Length-checked strings of the OCPP schemas: `CiString<N>` for the specification's
// case-insensitive CiStringNType, `BoundedString<N>` for the security extension's plain strings.

/// A case-insensitive string of at most `maxLength` characters (OCPP 1.6 CiString20Type,
/// CiString25Type, CiString50Type, CiString255Type, CiString500Type).
///
/// Equality and hashing ignore ASCII case, as the specification says identifiers such as idTag
/// compare; `value` keeps the text as it was written. Length is counted in Unicode characters,
/// as JSON Schema's `maxLength` counts.
public struct CiString<let maxLength: Int>: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text as written.
    public let value: String

    /// Creates the string, throwing `PayloadError.Kind.tooLong` when `value` is too long.
    public init(_ value: String) throws(PayloadError) {
        let length = value.unicodeScalars.count
        guard length <= maxLength else { throw PayloadError(.tooLong(maximum: maxLength, found: length), path: "") }
        self.value = value
    }

    /// Wraps text already checked to be short enough.
    init(unchecked value: String) { self.value = value }

    /// A literal in code; a literal that is too long is a programming error.
    public init(stringLiteral value: String) {
        precondition(value.unicodeScalars.count <= maxLength, "'\(value)' is longer than \(maxLength) characters")
        self.value = value
    }

    /// Creates the string by cutting `value` to the maximum length (for texts we compose, such as
    /// a firmware version read from a file).
    public init(truncating value: String) {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: value.unicodeScalars.prefix(maxLength))
        self.value = String(scalars)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let length = text.unicodeScalars.count
        guard length <= maxLength else { throw PayloadError(.tooLong(maximum: maxLength, found: length), codingPath: decoder.codingPath) }
        value = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.value.utf8.count == rhs.value.utf8.count
            && zip(lhs.value.utf8, rhs.value.utf8).allSatisfy { asciiLower($0) == asciiLower($1) }
    }

    public func hash(into hasher: inout Hasher) {
        for byte in value.utf8 { hasher.combine(asciiLower(byte)) }
    }

    public var description: String { value }
}

@inline(__always)
func asciiLower(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
}

/// A case-sensitive string of at most `maxLength` characters (the security extension's
/// `string` fields with a `maxLength`, such as certificates and URLs).
public struct BoundedString<let maxLength: Int>: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text.
    public let value: String

    /// Creates the string, throwing `PayloadError.Kind.tooLong` when `value` is too long.
    public init(_ value: String) throws(PayloadError) {
        let length = value.unicodeScalars.count
        guard length <= maxLength else { throw PayloadError(.tooLong(maximum: maxLength, found: length), path: "") }
        self.value = value
    }

    /// Wraps text already checked to be short enough.
    init(unchecked value: String) { self.value = value }

    /// A literal in code; a literal that is too long is a programming error.
    public init(stringLiteral value: String) {
        precondition(value.unicodeScalars.count <= maxLength, "'\(value)' is longer than \(maxLength) characters")
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let length = text.unicodeScalars.count
        guard length <= maxLength else { throw PayloadError(.tooLong(maximum: maxLength, found: length), codingPath: decoder.codingPath) }
        value = text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public var description: String { value }
}

/// An identifier of a user or card (IdToken: CiString20Type).
public typealias IdToken = CiString<20>
