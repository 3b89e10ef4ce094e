// The station's one facility for work that reports back later: timers on the injected clock and
// file transfers. A job runs under a key; starting another job under the same key cancels the
// first, and a report carries its job's token, so that a report of a replaced job is recognised
// as stale and dropped (the one cancel-token mechanism of the station).

import StationHAL

/// Running jobs by key. A value owned by the Station actor; the tasks it starts report back to
/// the actor's input stream.
struct StationJobs<Key: Hashable & Sendable, Instant: Sendable> {
    /// Identifies one run of a job: a report is current only while its token is.
    struct Token: Hashable, Sendable {
        let key: Key
        let serial: Int
    }

    private struct Running {
        var serial: Int
        var task: Task<Void, Never>
    }

    private var running: [Key: Running] = [:]
    /// When each timer was last set to be due (the base of the next period of a periodic timer).
    private var deadlines: [Key: Instant] = [:]
    private var serial = 0

    init() {}

    /// Starts `work` under `key` (cancelling the job `key` had); `work` gets the new token to
    /// report with. `deadline` is remembered for timers.
    mutating func start(_ key: Key, deadline: Instant? = nil, _ work: @escaping @Sendable (Token) async -> Void) {
        running[key]?.task.cancel()
        serial += 1
        let token = Token(key: key, serial: serial)
        running[key] = Running(serial: serial, task: StationTask.spawn { await work(token) })
        if let deadline { deadlines[key] = deadline }
    }

    /// Takes the report of the job `token` names: true when it is current (the job then ends),
    /// false when it was cancelled or replaced since.
    mutating func finish(_ token: Token) -> Bool {
        guard running[token.key]?.serial == token.serial else { return false }
        running[token.key] = nil
        return true
    }

    /// Cancels the job under `key`, if any: its report will be dropped.
    mutating func cancel(_ key: Key) {
        running.removeValue(forKey: key)?.task.cancel()
        deadlines[key] = nil
    }

    /// Cancels every job (the station stops).
    mutating func cancelAll() {
        for job in running.values { job.task.cancel() }
        running = [:]
        deadlines = [:]
    }

    /// Whether a job runs under `key`.
    func isRunning(_ key: Key) -> Bool { running[key] != nil }

    /// When the timer under `key` was last set to be due (also once it has fired).
    func deadline(of key: Key) -> Instant? { deadlines[key] }
}
