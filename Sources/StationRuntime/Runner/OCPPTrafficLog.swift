// Every OCPP frame sent and received: the last ones in memory for the control API's
// GET /api/log, and all of them as JSON lines in the --ocpp-log file.

#if canImport(Glibc)
import Glibc
#endif
public import OCPP
import StationHAL
import Synchronization

/// The traffic log of one station. Safe to use from any isolation.
public final class OCPPTrafficLog: Sendable {
    /// One frame.
    public struct Entry: Sendable {
        public let timestamp: Timestamp
        public let sent: Bool
        public let frame: String

        /// The JSON line of the entry.
        public var json: JSONValue {
            .object([("timestamp", .string(timestamp.rfc3339)), ("direction", .string(sent ? "sent" : "received")), ("frame", .string(frame))])
        }
    }

    private struct State {
        var recent: [Entry] = []
        var file: UnsafeMutablePointer<FILE>?
    }

    private let state: Mutex<State>
    private let capacity: Int
    private let now: @Sendable () -> Timestamp

    /// A log keeping the last `capacity` frames, and appending every frame to `path` when given.
    public init(path: String?, capacity: Int = 1000, now: @escaping @Sendable () -> Timestamp) throws(StationRunError) {
        var file: UnsafeMutablePointer<FILE>?
        if let path {
            file = fopen(path, "a")
            guard file != nil else { throw StationRunError("cannot open the OCPP log \(path) for writing") }
        }
        state = Mutex(State(file: file))
        self.capacity = capacity
        self.now = now
    }

    deinit {
        state.withLock { state in
            if let file = state.file { fclose(file) }
        }
    }

    /// Records a frame.
    public func record(sent: Bool, frame: String) {
        let entry = Entry(timestamp: now(), sent: sent, frame: frame)
        let line = JSONWriter.string(entry.json) + "\n"
        state.withLock { state in
            state.recent.append(entry)
            if state.recent.count > capacity { state.recent.removeFirst(state.recent.count - capacity) }
            if let file = state.file {
                fputs(line, file)
                fflush(file)
            }
        }
    }

    /// The frames kept in memory that were sent or received between `start` and `stop` (either
    /// may be open), as JSON lines.
    public func lines(from start: Timestamp?, to stop: Timestamp?) -> [String] {
        state.withLock { state in
            state.recent.filter { entry in (start.map { entry.timestamp >= $0 } ?? true) && (stop.map { entry.timestamp <= $0 } ?? true) }
                .map { JSONWriter.string($0.json) }
        }
    }

    /// The last `limit` frames, oldest first.
    public func last(_ limit: Int) -> [Entry] {
        state.withLock { Array($0.recent.suffix(max(0, limit))) }
    }
}

/// Why the station cannot run.
public struct StationRunError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
