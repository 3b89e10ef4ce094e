// The driver and EV of one connector in the automatic sessions, as a value that says when it acts
// next: arrive, plug, card (invalid one first), wait for the transaction, suspend, charge, stop
// and leave. One task steps the drivers of all of a station's connectors (SessionGenerator); a
// step is synchronous, so that the task's suspended frames stay small.

import StationHAL

/// One connector's sessions, step by step. A value owned by the task running the generator.
struct SessionDriver<C: StationClock>: Sendable {
    /// Where the driver is in its session.
    enum Phase: Sendable {
        /// No session and none planned: waits until the generator is switched on.
        case off
        /// The planned EV arrives at `wake` (unless the generator was switched off by then).
        case arriving
        /// The invalid card was presented; the valid `tag` follows at `wake`.
        case secondCard(tag: String)
        /// Waiting for the transaction to start: `waited` so far, at most `limit`.
        case awaitingStart(waited: Duration, limit: Duration)
        /// The EV suspends at `wake` for `length`.
        case suspending(length: Duration)
        /// The EV resumes at `wake`, having been charging (suspension included) `charged`.
        case resuming(charged: Duration)
        /// Charging; at `wake` it has charged `charged` and decides whether to go on.
        case charging(charged: Duration)
        /// Done charging: the stop card goes in when the transaction still runs.
        case stopping
        /// Waiting for the transaction to stop after the stop card: `waited` so far.
        case awaitingStop(waited: Duration)
    }

    /// What a step changed in the generator's counts.
    enum Change: Sendable {
        case none
        /// An EV plugged in: a session began.
        case began
        /// The EV left: the session ended.
        case ended
        /// The EV could not plug in (the connector was taken): a session began and ended at once.
        case skipped
    }

    /// The connector this driver uses.
    let connector: Int
    /// Its draws, seeded per station and connector.
    private var random: FleetRandom
    /// Where it is now.
    private(set) var phase = Phase.off
    /// When it acts next (nil while `off`).
    private(set) var wake: C.Instant?
    /// The session drawn (nil while `off`).
    private var plan: SessionPlan?
    /// The card that stops the transaction (nil for a remote start).
    private var stopTag: String?
    /// Whether an EV is plugged for the session (the session counts as active).
    private(set) var inSession = false

    /// A driver of `connector` drawing from `random`.
    init(connector: Int, random: FleetRandom) {
        self.connector = connector
        self.random = random
    }

    /// Whether the driver acts at `now`: a planned step whose time came, or `off` while sessions
    /// are switched on.
    func isDue(at now: C.Instant, enabled: Bool) -> Bool {
        if let wake { return wake <= now }
        return enabled
    }

    /// Whether the next step needs to know if a transaction runs at the connector.
    var looksAtStation: Bool {
        switch phase {
        case .awaitingStart, .stopping, .awaitingStop: true
        default: false
        }
    }

    /// Takes the step due at `now` on `site`, drawing from `profile` and waiting as `timing` says;
    /// `running` tells whether a transaction runs at the connector (asked when `looksAtStation`).
    /// Call only when `isDue(at:enabled:)`.
    mutating func step(
        at now: C.Instant, enabled: Bool, running: Bool, site: any SessionSite, profile: SessionProfile, timing: SessionTiming
    ) -> Change {
        switch phase {
        case .off:
            plan(at: now, profile: profile)
            return .none
        case .arriving:
            guard enabled, let plan else {
                rest()
                return .none
            }
            return arrive(plan, at: now, site: site, profile: profile, timing: timing)
        case .secondCard(let tag):
            try? site.presentCard(tag, connector: connector)
            stopTag = tag
            phase = .awaitingStart(waited: .zero, limit: timing.startWait)
            wake = now
            return .none
        case .awaitingStart(let waited, let limit):
            if running {
                startCharging(at: now)
            } else if waited >= limit {
                return leave(at: now, site: site, profile: profile, enabled: enabled)
            } else {
                phase = .awaitingStart(waited: waited + timing.poll, limit: limit)
                wake = now.advanced(by: timing.poll)
            }
            return .none
        case .suspending(let length):
            try? site.setSuspended(connector: connector, true)
            let after = plan?.suspension?.after ?? .zero
            phase = .resuming(charged: after + length)
            wake = now.advanced(by: length)
            return .none
        case .resuming(let charged):
            try? site.setSuspended(connector: connector, false)
            phase = .charging(charged: charged)
            wake = now
            return .none
        case .charging(let charged):
            if let next = nextCharge(after: charged, site: site) {
                phase = .charging(charged: charged + next)
                wake = now.advanced(by: next)
            } else {
                phase = .stopping
                wake = now
            }
            return .none
        case .stopping:
            if let stopTag, running {
                try? site.presentCard(stopTag, connector: connector)
                phase = .awaitingStop(waited: .zero)
                wake = now
                return .none
            }
            return leave(at: now, site: site, profile: profile, enabled: enabled)
        case .awaitingStop(let waited):
            if running, waited < timing.stopWait {
                phase = .awaitingStop(waited: waited + timing.poll)
                wake = now.advanced(by: timing.poll)
                return .none
            }
            return leave(at: now, site: site, profile: profile, enabled: enabled)
        }
    }

    /// Draws the next session: its EV arrives after the drawn idle time.
    private mutating func plan(at now: C.Instant, profile: SessionProfile) {
        let next = SessionPlan.draw(profile, &random)
        plan = next
        stopTag = nil
        phase = .arriving
        wake = now.advanced(by: next.idle)
    }

    /// No session until the generator is switched on again.
    private mutating func rest() {
        plan = nil
        stopTag = nil
        phase = .off
        wake = nil
    }

    /// The EV of `plan` plugs in and the driver starts the transaction as drawn.
    private mutating func arrive(_ plan: SessionPlan, at now: C.Instant, site: any SessionSite, profile: SessionProfile, timing: SessionTiming) -> Change {
        let target: Double
        if case .stateOfCharge(let percent, _) = plan.end { target = percent } else { target = 100 }
        inSession = true
        do {
            try site.plug(connector: connector, stateOfChargePercent: plan.arrivalStateOfChargePercent, targetPercent: target)
        } catch {
            // The connector is taken (a manual plug through the control API): skip this session.
            inSession = false
            self.plan(at: now, profile: profile)
            return .skipped
        }
        switch plan.start {
        case .card(let tag):
            try? site.presentCard(tag, connector: connector)
            stopTag = tag
            phase = .awaitingStart(waited: .zero, limit: timing.startWait)
            wake = now
        case .invalidCardFirst(let invalid, let tag):
            try? site.presentCard(invalid, connector: connector)
            phase = .secondCard(tag: tag)
            wake = now.advanced(by: .seconds(3))
        case .remote:
            phase = .awaitingStart(waited: .zero, limit: .milliseconds(Int64(profile.remoteStartWaitSeconds * 1000)))
            wake = now
        }
        return .began
    }

    /// The transaction runs: the EV charges, suspending first when drawn so (within the charge).
    private mutating func startCharging(at now: C.Instant) {
        if let plan, let suspension = plan.suspension, suspension.after < plan.chargeLimit {
            phase = .suspending(length: suspension.length)
            wake = now.advanced(by: suspension.after)
        } else {
            phase = .charging(charged: .zero)
            wake = now
        }
    }

    /// How much longer the EV charges after `charged` (nil: it is done): to the drawn time, or
    /// to the state of charge looking every 10 s at most until the limit.
    private func nextCharge(after charged: Duration, site: any SessionSite) -> Duration? {
        switch plan?.end {
        case .after(let duration)?:
            return duration > charged ? duration - charged : nil
        case .stateOfCharge(_, let limit)?:
            guard charged < limit, !site.evFull(connector: connector) else { return nil }
            return min(.seconds(10), limit - charged)
        case nil:
            return nil
        }
    }

    /// The EV unplugs and leaves; the next session is drawn at once when sessions are on.
    private mutating func leave(at now: C.Instant, site: any SessionSite, profile: SessionProfile, enabled: Bool) -> Change {
        try? site.unplug(connector: connector)
        inSession = false
        if enabled { plan(at: now, profile: profile) } else { rest() }
        return .ended
    }
}

/// How long a driver waits for the transaction to start after a card or to stop, and how often
/// it looks at the station meanwhile.
struct SessionTiming: Sendable {
    var startWait: Duration = .seconds(30)
    var stopWait: Duration = .seconds(10)
    var poll: Duration = .seconds(1)
}
