// The station's one facility for work that reports back later: timers on the injected clock and
// file transfers. A job runs under a key; starting another job under the same key cancels the
// first, and a report carries its job's token, so that a report of a replaced job is recognised
// as stale and dropped (the one cancel-token mechanism of the station). Timers are deadlines in a
// table with one task sleeping until the earliest (a task per timer costs each of a fleet's
// stations kilobytes); what is due is taken from the table when that task reports.

import StationHAL

/// Running jobs by key. A value owned by the Station actor; the tasks it starts report back to
/// the actor's input stream.
struct StationJobs<Key: Hashable & Sendable, Instant: Comparable & Sendable> {
    /// Identifies one run of a job: a report is current only while its token is.
    struct Token: Hashable, Sendable {
        let key: Key
        let serial: Int
    }

    private struct Running {
        var serial: Int
        var task: Task<Void, Never>
    }

    private struct PendingTimer {
        var serial: Int
        var deadline: Instant
    }

    private var running: [Key: Running] = [:]
    /// The timers set and not yet taken as due.
    private var timers: [Key: PendingTimer] = [:]
    /// The one task sleeping until the earliest timer: its serial and the instant it wakes at.
    private var sleeper: (serial: Int, deadline: Instant, task: Task<Void, Never>)?
    /// When each timer was last set to be due (the base of the next period of a periodic timer).
    private var deadlines: [Key: Instant] = [:]
    private var serial = 0

    init() {}

    /// Starts `work` under `key` (cancelling the job `key` had); `work` gets the new token to
    /// report with. `deadline` is remembered for timers.
    mutating func start(_ key: Key, deadline: Instant? = nil, _ work: @escaping @Sendable (Token) async -> Void) {
        running[key]?.task.cancel()
        timers[key] = nil
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

    /// Sets the timer `key` to fall due at `deadline`, replacing the job or timer `key` had. Call
    /// `armSleeper` next.
    mutating func setTimer(_ key: Key, at deadline: Instant) {
        running.removeValue(forKey: key)?.task.cancel()
        serial += 1
        timers[key] = PendingTimer(serial: serial, deadline: deadline)
        deadlines[key] = deadline
    }

    /// Makes the one sleeper wake by the earliest timer: keeps it when it wakes by then, else
    /// replaces it with `spawn(deadline, serial)`, a task that sleeps until `deadline` and reports
    /// `serial`; no sleeper while no timer is set.
    mutating func armSleeper(_ spawn: (Instant, Int) -> Task<Void, Never>) {
        guard let next = timers.values.map(\.deadline).min() else {
            sleeper?.task.cancel()
            sleeper = nil
            return
        }
        if let sleeper, sleeper.deadline <= next { return }
        sleeper?.task.cancel()
        serial += 1
        sleeper = (serial, next, spawn(next, serial))
    }

    /// The sleeper `serial` reported (it ends); a report of a replaced sleeper changes nothing.
    mutating func sleeperWoke(_ serial: Int) {
        if sleeper?.serial == serial { sleeper = nil }
    }

    /// Removes and returns the timers due at `now`: earliest first, those due together in the
    /// order they were set. Call `armSleeper` after handling them.
    mutating func takeDueTimers(at now: Instant) -> [Key] {
        let due = timers.filter { $0.value.deadline <= now }
            .sorted { ($0.value.deadline, $0.value.serial) < ($1.value.deadline, $1.value.serial) }
        for (key, _) in due { timers[key] = nil }
        return due.map(\.key)
    }

    /// Cancels the job or timer under `key`, if any: its report will be dropped.
    mutating func cancel(_ key: Key) {
        running.removeValue(forKey: key)?.task.cancel()
        timers[key] = nil
        deadlines[key] = nil
        if timers.isEmpty {
            sleeper?.task.cancel()
            sleeper = nil
        }
    }

    /// Cancels every job and timer (the station stops).
    mutating func cancelAll() {
        for job in running.values { job.task.cancel() }
        running = [:]
        timers = [:]
        sleeper?.task.cancel()
        sleeper = nil
        deadlines = [:]
    }

    /// Whether a job runs or a timer is set under `key`.
    func isRunning(_ key: Key) -> Bool { running[key] != nil || timers[key] != nil }

    /// When the timer under `key` was last set to be due (also once it has fired).
    func deadline(of key: Key) -> Instant? { deadlines[key] }
}
