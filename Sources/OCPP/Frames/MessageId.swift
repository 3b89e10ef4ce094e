// Message ids of OCPP-J frames: strings of at most 36 characters that correlate a CALL with its
// CALLRESULT or CALLERROR.

/// The id of a CALL and of the answer to it.
public struct MessageId: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The longest id OCPP-J allows.
    public static let maximumLength = 36

    /// The id text.
    public let value: String

    /// Wraps an id read from a frame (any length: a peer's over-long id is still answered with it).
    public init(_ value: String) { self.value = value }

    public init(stringLiteral value: String) { self.value = value }

    public var description: String { value }
}

/// Makes message ids unique for one sender: a random prefix per generator (so ids of a restarted
/// station do not repeat those of its previous run) and a counter. At most 26 characters.
/// A value type: the owner (the link actor) keeps it.
public struct MessageIdGenerator: Sendable {
    private let prefix: String
    private var counter: UInt64 = 0

    /// A generator whose prefix comes from `random`.
    public init<R: RandomNumberGenerator>(using random: inout R) {
        prefix = String(random.next() & 0xFFFF_FFFF, radix: 16)
    }

    /// A generator with a prefix from the system's random source.
    public init() {
        var random = SystemRandomNumberGenerator()
        self.init(using: &random)
    }

    /// The next id.
    public mutating func next() -> MessageId {
        counter &+= 1
        return MessageId("\(prefix)-\(counter)")
    }
}
