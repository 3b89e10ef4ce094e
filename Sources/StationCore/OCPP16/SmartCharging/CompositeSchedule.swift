// The installed charging profiles combined into one limit per connector over time: the composite
// schedule GetCompositeSchedule answers, and the limit the station applies now with the instant
// it next changes. Pure functions of their inputs (no clock).

public import OCPP

/// The station's AC supply, to convert a schedule's amperes to watts and back:
/// W = A × nominalVoltageV × phases, where the phases are a period's numberPhases when it names
/// them and `phases` otherwise.
public struct ElectricalSupply: Sendable, Equatable {
    /// The nominal phase-to-neutral voltage, V (230 in Europe).
    public var nominalVoltageV: Double
    /// The phases the supply uses when a period names none (OCPP's default is 3).
    public var phases: Int

    /// Creates a supply.
    public init(nominalVoltageV: Double, phases: Int = 3) {
        self.nominalVoltageV = nominalVoltageV
        self.phases = phases
    }

    /// The power of `amperes` per phase on `phases` phases (the supply's when nil), W.
    public func watts(amperes: Double, phases: Int? = nil) -> Double {
        amperes * nominalVoltageV * Double(phases ?? self.phases)
    }

    /// The current per phase of `watts` on `phases` phases (the supply's when nil), A; 0 when
    /// the supply has no voltage or no phases.
    public func amperes(watts: Double, phases: Int? = nil) -> Double {
        let voltAmperesPerAmpere = nominalVoltageV * Double(phases ?? self.phases)
        return voltAmperesPerAmpere > 0 ? watts / voltAmperesPerAmpere : 0
    }
}

/// The transaction running on a connector, as smart charging needs it.
public struct TransactionContext: Sendable, Equatable {
    /// The central system's transactionId, nil until StartTransaction is answered. A TxProfile
    /// for another transaction does not apply.
    public var transactionId: Int?
    /// When the transaction started: Relative schedules (and Absolute ones without
    /// startSchedule) on its connector count from here.
    public var start: Timestamp

    /// Creates a context.
    public init(transactionId: Int?, start: Timestamp) {
        self.transactionId = transactionId
        self.start = start
    }
}

/// Combines installed profiles into limits. Stateless; call from any isolation.
///
/// At each instant, within each purpose, the profile in effect with the highest stackLevel
/// wins. A profile is in effect from validFrom (inclusive) to validTo (exclusive), from its
/// schedule's start for its duration (absent: for ever), and from its first period on; a
/// period's limit holds until the next period or the end of the schedule. When a profile ends,
/// the next lower stack level applies again, at the point its own time line has reached.
/// - Absolute schedules start at startSchedule; without one, like Relative schedules, at the
///   start of the connector's transaction (the specification: "relative to start of
///   charging"). Without a transaction, `schedule` counts them from the requested start, and
///   `limit` holds them in their first period until a transaction starts.
/// - Recurring schedules start at startSchedule (not before) and restart every day or week
///   from it; a duration longer than the recurrence is cut by the restart.
/// - Connector N: min(ChargePointMaxProfile, the TxProfile if one is in effect else the
///   TxDefaultProfile, `connectorMaximumW`). TxDefaultProfiles of connector N and connector 0
///   are pooled; at equal stackLevel the connector's own wins. A TxProfile applies only while a
///   transaction runs on the connector (and not when both it and the transaction name
///   different transactionIds).
/// - Connector 0: min(ChargePointMaxProfile, the sum over connectors 1...connectorCount of
///   their limits without the ChargePointMaxProfile); with no profiles that is
///   connectorCount × `connectorMaximumW`.
///
/// Profiles in A and in W are compared in W (see `ElectricalSupply`). `connectorMaximumW` must
/// be finite; the caller rejects connectors outside 0...connectorCount.
public enum CompositeSchedule {
    /// The composite schedule of `connectorId` from `start` for `duration` seconds, as
    /// GetCompositeSchedule answers it.
    ///
    /// - Returns: a schedule with startSchedule `start`, duration `duration` and unit `unit`,
    ///   whose periods give the limit from each change on (adjacent equal limits merged). Each
    ///   period carries the numberPhases of the period that set its limit, when that named
    ///   them. Period starts are whole seconds after `start` (pass a start on a whole second);
    ///   limits are rounded down to 0.1 so they never exceed the real ones.
    public static func schedule(
        for connectorId: Int, from start: Timestamp, duration: Int, unit: ChargingRateUnit, profiles: ChargingProfileSet,
        transactions: [Int: TransactionContext], supply: ElectricalSupply, connectorMaximumW: Double, connectorCount: Int
    ) -> ChargingSchedule {
        let from = start.millisecondsSince1970
        let end = from + Instant.milliseconds(seconds: max(0, duration))
        let limiter = CompositeLimiter(
            connectorId: connectorId, profiles: profiles, transactions: transactions, relativeStart: from, supply: supply,
            connectorMaximumW: connectorMaximumW, connectorCount: connectorCount
        )
        var periods: [ChargingSchedulePeriod] = []
        for instant in [from] + limiter.boundaries(in: (from + 1)..<max(from + 1, end)) {
            let limit = limiter.limit(at: instant)
            let period = ChargingSchedulePeriod(
                startPeriod: Int((instant - from) / 1000), limit: rate(of: limit, in: unit, supply: supply), numberPhases: limit.phases
            )
            if periods.last?.startPeriod == period.startPeriod { periods.removeLast() }
            if let last = periods.last, last.limit == period.limit, last.numberPhases == period.numberPhases { continue }
            periods.append(period)
        }
        return ChargingSchedule(duration: duration, startSchedule: start, chargingRateUnit: unit, chargingSchedulePeriod: periods)
    }

    /// The limit of `connectorId` at `time`, W, and the next instant at which it changes, so
    /// that the station can set a timer for it.
    ///
    /// - Returns: `watts`, the limit; `changesAt`, the first instant after `time` at which the
    ///   limit differs (through a period boundary, a validFrom or validTo, a recurrence
    ///   restart or a schedule's end), or nil when it never changes unless the profiles or
    ///   transactions do.
    public static func limit(
        for connectorId: Int, at time: Timestamp, profiles: ChargingProfileSet, transactions: [Int: TransactionContext],
        supply: ElectricalSupply, connectorMaximumW: Double, connectorCount: Int
    ) -> (watts: Double, changesAt: Timestamp?) {
        let now = time.millisecondsSince1970
        let limiter = CompositeLimiter(
            connectorId: connectorId, profiles: profiles, transactions: transactions, relativeStart: nil, supply: supply,
            connectorMaximumW: connectorMaximumW, connectorCount: connectorCount
        )
        let watts = limiter.limit(at: now).watts
        let change = nextChange(of: limiter, after: now, from: watts)
        return (watts, change.map { Timestamp(millisecondsSince1970: $0) })
    }

    /// The first instant after `now` at which the limit is no longer `watts`. Between two
    /// boundaries that do not repeat, the limit repeats at least weekly, so one week of
    /// recurrence boundaries after each of them tells whether it changes before the next one.
    private static func nextChange(of limiter: CompositeLimiter, after now: Instant, from watts: Double) -> Instant? {
        let finite = Set(limiter.finiteBoundaries.filter { $0 > now }).sorted()
        var scanned = now
        for next in finite.map(Optional.some) + [nil] {
            if limiter.recurs {
                let upper = min(next ?? .max, scanned + Instant.millisecondsPerWeek + 1)
                for instant in limiter.boundaries(in: (scanned + 1)..<upper) where limiter.limit(at: instant).watts != watts {
                    return instant
                }
            }
            guard let next else { return nil }
            if limiter.limit(at: next).watts != watts { return next }
            scanned = next
        }
        return nil
    }

    /// `limit` in `unit`, rounded down to 0.1 (with an allowance for the rounding error of a
    /// conversion there and back).
    private static func rate(of limit: PowerLimit, in unit: ChargingRateUnit, supply: ElectricalSupply) -> ChargingRate {
        let value = switch unit {
        case .watts: limit.watts
        case .amperes: supply.amperes(watts: limit.watts, phases: limit.phases)
        }
        let tenths = (value * 10 + 1e-6).rounded(.down)
        guard tenths.isFinite else { return ChargingRate(tenths: tenths > 0 ? Int(Int32.max) : 0) }
        return ChargingRate(tenths: Int(min(max(tenths, 0), Double(Int32.max))))
    }
}

/// What limits one connector apart from the ChargePointMaxProfile.
private struct ConnectorLimiter {
    /// The connector's TxProfiles for its transaction, highest stackLevel first.
    let transactionProfiles: [ScheduledProfile]
    /// The TxDefaultProfiles of the connector and of connector 0, highest stackLevel first,
    /// the connector's own first at equal level.
    let defaultProfiles: [ScheduledProfile]
    /// The connector's own maximum.
    let maximum: PowerLimit

    init(connectorId: Int, profiles: ChargingProfileSet, transaction: TransactionContext?, relativeStart: Instant?, supply: ElectricalSupply, maximum: PowerLimit) {
        let start = transaction?.start.millisecondsSince1970 ?? relativeStart
        func scheduled(_ purpose: ChargingProfilePurpose, where applies: (ChargingProfileSet.InstalledProfile) -> Bool) -> [ScheduledProfile] {
            profiles.profiles
                .filter { $0.profile.chargingProfilePurpose == purpose && applies($0) }
                .compactMap { ScheduledProfile($0, isOwnConnector: $0.connectorId == connectorId, relativeStart: start, supply: supply) }
                .sorted(by: CompositeLimiter.precedes)
        }
        transactionProfiles = scheduled(.txProfile) { installed in
            guard installed.connectorId == connectorId, let transaction else { return false }
            guard let wanted = installed.profile.transactionId, let running = transaction.transactionId else { return true }
            return wanted == running
        }
        defaultProfiles = scheduled(.txDefaultProfile) { $0.connectorId == connectorId || $0.connectorId == 0 }
        self.maximum = maximum
    }

    func limit(at time: Instant) -> PowerLimit {
        let set = CompositeLimiter.winner(of: transactionProfiles, at: time) ?? CompositeLimiter.winner(of: defaultProfiles, at: time)
        return set?.capped(by: maximum) ?? maximum
    }

    var all: [ScheduledProfile] { transactionProfiles + defaultProfiles }
}

/// Everything that limits the connector asked about.
private struct CompositeLimiter {
    /// The ChargePointMaxProfiles, highest stackLevel first.
    let chargePointMax: [ScheduledProfile]
    /// The connector asked about, or every connector for connector 0.
    let connectors: [ConnectorLimiter]

    init(
        connectorId: Int, profiles: ChargingProfileSet, transactions: [Int: TransactionContext], relativeStart: Instant?,
        supply: ElectricalSupply, connectorMaximumW: Double, connectorCount: Int
    ) {
        chargePointMax = profiles.profiles
            .filter { $0.connectorId == 0 && $0.profile.chargingProfilePurpose == .chargePointMaxProfile }
            .compactMap { ScheduledProfile($0, isOwnConnector: true, relativeStart: relativeStart, supply: supply) }
            .sorted(by: Self.precedes)
        let connectorIds = connectorId != 0 ? [connectorId] : connectorCount > 0 ? Array(1...connectorCount) : []
        connectors = connectorIds.map { id in
            ConnectorLimiter(
                connectorId: id, profiles: profiles, transaction: transactions[id], relativeStart: relativeStart, supply: supply,
                maximum: PowerLimit(watts: connectorMaximumW, phases: nil)
            )
        }
    }

    /// The limit at `time`: the ChargePointMaxProfile over the connector's limit, or over the
    /// sum of all connectors' (their numberPhases kept when they all agree).
    func limit(at time: Instant) -> PowerLimit {
        let limits = connectors.map { $0.limit(at: time) }
        let phases = limits.allSatisfy { $0.phases == limits.first?.phases } ? limits.first?.phases : nil
        let combined = PowerLimit(watts: limits.reduce(0) { $0 + $1.watts }, phases: phases)
        return combined.capped(by: Self.winner(of: chargePointMax, at: time))
    }

    /// Every profile that takes part.
    var all: [ScheduledProfile] { chargePointMax + connectors.flatMap(\.all) }

    /// The instants in `range` at which the limit can change, in order, without repeats.
    func boundaries(in range: Range<Instant>) -> [Instant] {
        var instants: [Instant] = []
        for profile in all { profile.appendBoundaries(in: range, to: &instants) }
        return Set(instants).sorted()
    }

    /// The instants at which the limit can change that do not repeat.
    var finiteBoundaries: [Instant] { all.flatMap(\.finiteBoundaries) }

    /// Whether a Recurring profile takes part.
    var recurs: Bool { all.contains(where: \.recurs) }

    /// The limit of the first profile of `profiles` (in order of precedence) in effect at `time`.
    static func winner(of profiles: [ScheduledProfile], at time: Instant) -> PowerLimit? {
        for profile in profiles {
            if let limit = profile.limit(at: time) { return limit }
        }
        return nil
    }

    /// Precedence within a purpose: higher stackLevel, then the connector's own profile.
    static func precedes(_ a: ScheduledProfile, _ b: ScheduledProfile) -> Bool {
        if a.stackLevel != b.stackLevel { return a.stackLevel > b.stackLevel }
        return a.isOwnConnector && !b.isOwnConnector
    }
}
