// What a user presents to charge (a card's UID, an app's token, a CSMS's remote start), as the
// charger knows it, whatever protocol carried it.

/// An identifier presented for authorization. Equality and hashing ignore ASCII case, as both
/// OCPP 1.6 (CiString idTag) and 2.0.1 (idToken) compare identifiers.
public struct IdentifierToken: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text as presented.
    public let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// A literal in code.
    public init(stringLiteral value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.value.utf8.count == rhs.value.utf8.count && zip(lhs.value.utf8, rhs.value.utf8).allSatisfy { Self.lower($0) == Self.lower($1) }
    }

    public func hash(into hasher: inout Hasher) {
        for byte in value.utf8 { hasher.combine(Self.lower(byte)) }
    }

    public var description: String { value }

    private static func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
}
