// The automatic sessions of one station (the transaction generator): per connector, EVs arrive
// after an idle time, start by card, invalid card first or remote start, charge for a time or to
// a state of charge (suspending sometimes), stop and leave. Every wait is on the injected clock
// and every draw from a seeded generator per station and connector. One task runs the drivers
// of all the station's connectors (a task per connector would cost each fleet station kilobytes).

public import StationHAL
import Synchronization

/// Runs one station's automatic sessions. Safe to use from any isolation.
///
/// Switching off lets running sessions finish (the driver stops and leaves as planned) and starts
/// no new one; switching on again starts from the next arrival. A card session ends with the same
/// card presented again, then the unplug (the unplug alone when the transaction is still running
/// `stopWait` later); a remote-start session ends with the unplug. The connectors' drivers act
/// in connector order when they are due at the same instant.
public final class SessionGenerator<C: StationClock>: Sendable {
    private let site: any SessionSite
    private let connectorCount: Int
    private let profile: SessionProfile
    private let stationNumber: Int
    private let clock: C
    private let state: Mutex<State>
    /// How long a driver waits for a transaction to start or stop, and how often it looks.
    let timing = SessionTiming()

    private struct State {
        var enabled: Bool
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var sessionsStarted = 0
        var sessionsActive = 0
    }

    /// A generator for a station with `connectorCount` connectors, drawing from `profile` (its
    /// `enabled` is the initial state) with the generator of (`profile.seed`, `stationNumber`).
    public init(site: any SessionSite, connectorCount: Int, profile: SessionProfile, stationNumber: Int, clock: C) {
        self.site = site
        self.connectorCount = connectorCount
        self.profile = profile
        self.stationNumber = stationNumber
        self.clock = clock
        state = Mutex(State(enabled: profile.enabled))
    }

    /// Whether new sessions start.
    public var isEnabled: Bool { state.withLock { $0.enabled } }

    /// Sessions begun so far (EV plugged) and sessions going on now.
    public var counts: (started: Int, active: Int) { state.withLock { ($0.sessionsStarted, $0.sessionsActive) } }

    /// Switches the generator on or off.
    public func setEnabled(_ enabled: Bool) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.enabled = enabled
            guard enabled else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs every connector's sessions, in the calling task, until the task is cancelled.
    public func run() async {
        guard connectorCount > 0 else { return }
        var drivers = (0..<connectorCount).map { index in
            SessionDriver<C>(connector: index + 1, random: FleetRandom(seed: profile.seed, station: stationNumber, connector: index + 1))
        }
        while !Task.isCancelled {
            for index in drivers.indices {
                while !Task.isCancelled, drivers[index].isDue(at: clock.now, enabled: isEnabled) {
                    let running = drivers[index].looksAtStation ? await site.transactionRunning(connector: drivers[index].connector) : false
                    count(drivers[index].step(at: clock.now, enabled: isEnabled, running: running, site: site, profile: profile, timing: timing))
                }
            }
            await waitForNextStep(of: drivers)
        }
        let open = drivers.filter(\.inSession).count
        state.withLock { $0.sessionsActive -= open }
    }

    private func count(_ change: SessionDriver<C>.Change) {
        switch change {
        case .none: break
        case .began: state.withLock { $0.sessionsStarted += 1; $0.sessionsActive += 1 }
        case .ended: state.withLock { $0.sessionsActive -= 1 }
        case .skipped: state.withLock { $0.sessionsStarted += 1 }
        }
    }

    /// Waits until the next driver is due: its time comes, or (for a driver at rest) the
    /// generator is switched on; returns at once when the task is cancelled. Not inlined, as the
    /// functions below: the frames of the task's rare paths are then not part of its every wait.
    @inline(never)
    private func waitForNextStep(of drivers: [SessionDriver<C>]) async {
        let resting = drivers.contains { $0.wake == nil }
        guard let next = drivers.compactMap(\.wake).min() else {
            await waitUntilEnabled()
            return
        }
        if resting {
            await waitUntilEnabled(orUntil: next)
        } else {
            try? await clock.sleep(until: next, tolerance: nil)
        }
    }

    /// Rare: switched off while a session finishes. Whichever comes first, `deadline` or the
    /// switch-on, wakes the drivers.
    @inline(never)
    private func waitUntilEnabled(orUntil deadline: C.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.clock.sleep(until: deadline, tolerance: nil) }
            group.addTask { await self.waitUntilEnabled() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns once the generator is on (at once when it is) or the task is cancelled.
    @inline(never)
    private func waitUntilEnabled() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // The cancellation flag is set before the handler runs, and both sides take the
                // lock: a cancelled wait never stays registered.
                let ready = state.withLock { state -> Bool in
                    if state.enabled || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
