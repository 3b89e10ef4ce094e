// The clock every timer, interval, timeout, retry and expiry of the station goes through, with
// the wall time used for OCPP timestamps. Tests inject `ManualClock` and run hours in milliseconds.

public import FoundationEssentials

/// A clock for durations that also tells the wall time, both moving together.
public protocol StationClock: Clock, Sendable where Duration == Swift.Duration {
    /// The current UTC wall time (for OCPP timestamps; never for measuring durations).
    var wallTime: Date { get }
}

/// The real clock: `ContinuousClock` for durations, the system time for timestamps.
public struct SystemClock: StationClock {
    private let base = ContinuousClock()

    /// Creates the system clock.
    public init() {}

    public var now: ContinuousClock.Instant { base.now }
    public var minimumResolution: Duration { base.minimumResolution }
    public var wallTime: Date { Date() }

    /// Sleeps until `deadline` on a dispatch timer (see `SleepTimer`); throws `CancellationError`
    /// when the task is cancelled.
    public func sleep(until deadline: ContinuousClock.Instant, tolerance: Duration?) async throws {
        let wait = base.now.duration(to: deadline)
        guard wait > .zero else { return try Task.checkCancellation() }
        try await SleepTimer.sleep(for: wait)
    }
}

extension Duration {
    /// The duration in seconds as a double.
    public var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
