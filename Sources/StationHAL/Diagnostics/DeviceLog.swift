// Where drivers write what they notice (a reader gone, a meter retrying, garbage on a line). The
// runtime connects it to its logger; StationHAL itself has no logging dependency.

/// A log destination for device drivers. Call from any isolation.
public struct DeviceLog: Sendable {
    /// How much a message matters.
    public enum Level: String, Sendable, Comparable, CaseIterable {
        /// Detail for debugging a driver.
        case debug
        /// Normal operation worth a line (a port opened).
        case info
        /// Something went wrong and was handled (bad input, a retry).
        case warning
        /// A device failed.
        case error

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    private let sink: @Sendable (Level, String) -> Void

    /// A log writing to `sink`.
    public init(_ sink: @escaping @Sendable (Level, String) -> Void) {
        self.sink = sink
    }

    /// A log that drops everything.
    public static let discard = DeviceLog { _, _ in }

    /// Writes `message` at `level`.
    public func callAsFunction(_ level: Level, _ message: @autoclosure () -> String) {
        sink(level, message())
    }
}
