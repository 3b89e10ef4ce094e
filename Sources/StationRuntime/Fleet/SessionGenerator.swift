// The automatic sessions of one station (the transaction generator): per connector, EVs arrive
// after an idle time, start by card, invalid card first or remote start, charge for a time or to
// a state of charge (suspending sometimes), stop and leave. Every wait is on the injected clock
// and every draw from a seeded generator per station and connector.

public import StationHAL
import Synchronization

/// Runs one station's automatic sessions. Safe to use from any isolation.
///
/// Switching off lets running sessions finish (the driver stops and leaves as planned) and starts
/// no new one; switching on again starts from the next arrival. A card session ends with the same
/// card presented again, then the unplug (the unplug alone when the transaction is still running
/// `stopWait` later); a remote-start session ends with the unplug.
public final class SessionGenerator<C: StationClock>: Sendable {
    private let site: any SessionSite
    private let connectorCount: Int
    private let profile: SessionProfile
    private let stationNumber: Int
    private let clock: C
    private let state: Mutex<State>
    /// How long a driver waits for the transaction to start after a card, or to stop.
    let startWait: Duration = .seconds(30)
    let stopWait: Duration = .seconds(10)
    /// How often a driver looks at the station while waiting.
    let poll: Duration = .seconds(1)

    private struct State {
        var enabled: Bool
        var waiters: [CheckedContinuation<Void, Never>] = []
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
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs every connector's sessions until the task is cancelled.
    public func run() async {
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                for connector in 1...max(connectorCount, 1) where connector <= connectorCount {
                    group.addTask { await self.runConnector(connector) }
                }
                await group.waitForAll()
            }
        } onCancel: {
            self.setEnabled(true)  // wakes the waiters, which then see the cancellation
        }
    }

    private func waitUntilEnabled() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.enabled { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func runConnector(_ connector: Int) async {
        var random = FleetRandom(seed: profile.seed, station: stationNumber, connector: connector)
        while !Task.isCancelled {
            if !isEnabled { await waitUntilEnabled() }
            let plan = SessionPlan.draw(profile, &random)
            do {
                try await clock.sleep(for: plan.idle)
                guard isEnabled else { continue }
                state.withLock {
                    $0.sessionsStarted += 1
                    $0.sessionsActive += 1
                }
                defer { state.withLock { $0.sessionsActive -= 1 } }
                try await session(plan, at: connector)
            } catch {
                return  // cancelled
            }
        }
    }

    /// One session; returns with the EV gone. Throws only when cancelled (a refused control,
    /// such as a reader that is out of order, only changes what the driver sees).
    private func session(_ plan: SessionPlan, at connector: Int) async throws {
        let target: Double
        if case .stateOfCharge(let percent, _) = plan.end { target = percent } else { target = 100 }
        do {
            try site.plug(connector: connector, stateOfChargePercent: plan.arrivalStateOfChargePercent, targetPercent: target)
        } catch {
            return  // the connector is taken (a manual plug through the control API): skip this session
        }
        var stopTag: String?
        switch plan.start {
        case .card(let tag):
            try? site.presentCard(tag, connector: connector)
            stopTag = tag
        case .invalidCardFirst(let invalid, let tag):
            try? site.presentCard(invalid, connector: connector)
            try await clock.sleep(for: .seconds(3))
            try? site.presentCard(tag, connector: connector)
            stopTag = tag
        case .remote:
            break
        }
        let wait = plan.start == .remote ? Duration.milliseconds(Int64(profile.remoteStartWaitSeconds * 1000)) : startWait
        guard try await waitForTransaction(at: connector, running: true, within: wait) else {
            try? site.unplug(connector: connector)
            return
        }
        var charged = Duration.zero
        if let suspension = plan.suspension, suspension.after < plan.chargeLimit {
            try await clock.sleep(for: suspension.after)
            try? site.setSuspended(connector: connector, true)
            try await clock.sleep(for: suspension.length)
            try? site.setSuspended(connector: connector, false)
            charged = suspension.after + suspension.length
        }
        switch plan.end {
        case .after(let duration):
            if duration > charged { try await clock.sleep(for: duration - charged) }
        case .stateOfCharge(_, let limit):
            while charged < limit, !site.evFull(connector: connector) {
                let step = min(.seconds(10), limit - charged)
                try await clock.sleep(for: step)
                charged += step
            }
        }
        if let stopTag, try await waitForTransaction(at: connector, running: true, within: .zero) {
            try? site.presentCard(stopTag, connector: connector)
            _ = try await waitForTransaction(at: connector, running: false, within: stopWait)
        }
        try? site.unplug(connector: connector)
    }

    /// Whether the connector's transaction is (or becomes) `running` within `limit`, looking
    /// every `poll`.
    private func waitForTransaction(at connector: Int, running: Bool, within limit: Duration) async throws -> Bool {
        var waited = Duration.zero
        while true {
            if await site.transactionRunning(connector: connector) == running { return true }
            guard waited < limit else { return false }
            try await clock.sleep(for: poll)
            waited += poll
        }
    }
}
