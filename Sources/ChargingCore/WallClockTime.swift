// A wall-clock instant as the core records it (a session's start, a sample's time): milliseconds
// since the Unix epoch, given to the core by its owner, which reads the clock.

/// An instant on the UTC time line with millisecond resolution.
public struct WallClockTime: Hashable, Comparable, Sendable, Codable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSince1970: Int64

    /// The instant `milliseconds` after the Unix epoch.
    public init(millisecondsSince1970 milliseconds: Int64) {
        millisecondsSince1970 = milliseconds
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.millisecondsSince1970 < rhs.millisecondsSince1970 }

    /// The instant `seconds` later.
    public func adding(seconds: Double) -> WallClockTime {
        WallClockTime(millisecondsSince1970: millisecondsSince1970 + Int64((seconds * 1000).rounded()))
    }
}
