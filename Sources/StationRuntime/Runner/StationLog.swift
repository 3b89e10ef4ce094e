// The station's own log lines, kept in memory with their time for GetDiagnostics (the lines
// also go to standard error as they are written).

public import OCPP
import Synchronization

/// The last lines the station logged, with their time. Safe to use from any isolation.
public final class StationLog: Sendable {
    private let lines = Mutex<[(Timestamp, String)]>([])
    private let capacity: Int
    private let now: @Sendable () -> Timestamp

    /// A log keeping the last `capacity` lines.
    public init(capacity: Int = 10_000, now: @escaping @Sendable () -> Timestamp) {
        self.capacity = capacity
        self.now = now
    }

    /// Records a line.
    public func record(_ line: String) {
        let entry = (now(), line)
        lines.withLock { lines in
            lines.append(entry)
            if lines.count > capacity { lines.removeFirst(lines.count - capacity) }
        }
    }

    /// The lines logged between `start` and `stop` (either may be open), each prefixed with
    /// its time.
    public func lines(from start: Timestamp?, to stop: Timestamp?) -> [String] {
        lines.withLock { lines in
            lines.filter { entry in (start.map { entry.0 >= $0 } ?? true) && (stop.map { entry.0 <= $0 } ?? true) }
                .map { "\($0.0.rfc3339) \($0.1)" }
        }
    }
}
