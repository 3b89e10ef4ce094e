// One charging profile placed on the time line of one connector: its limit (in watts) at any
// instant and the instants at which that limit can change. The pieces CompositeSchedule combines.

import OCPP

/// A limit in watts and the number of phases the period that set it named (nil: not named).
struct PowerLimit: Equatable {
    /// The limit, W.
    var watts: Double
    /// The period's numberPhases, when it had one.
    var phases: Int?

    /// The lower of `self` and `other`; `self` on a tie.
    func capped(by other: PowerLimit?) -> PowerLimit {
        guard let other, other.watts < watts else { return self }
        return other
    }
}

/// Milliseconds on the UTC time line, as `Timestamp.millisecondsSince1970`.
typealias Instant = Int64

extension Instant {
    static let millisecondsPerDay: Int64 = 86_400_000
    static let millisecondsPerWeek: Int64 = 7 * millisecondsPerDay

    /// `seconds` as milliseconds, saturated far beyond any real date so sums cannot overflow.
    static func milliseconds(seconds: Int) -> Int64 {
        let bound: Int64 = 1 << 60
        let (product, overflow) = Int64(seconds).multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? -bound : bound }
        return Swift.min(Swift.max(product, -bound), bound)
    }
}

/// A profile's schedule anchored in time, its limits converted to watts. Built per evaluation.
struct ScheduledProfile {
    /// Where the schedule's time line starts.
    enum Timing {
        /// Once, from `start`.
        case once(start: Instant)
        /// Again every `period`, from `start` on (not before).
        case recurring(start: Instant, period: Int64)
        /// A Relative schedule with nothing to count from (no transaction, and `limit(at:)`
        /// asked about the present): it stays in its first period until a transaction starts.
        case frozen
    }

    /// The profile's stackLevel.
    let stackLevel: Int
    /// Installed on the connector being evaluated (not on connector 0); wins ties of stackLevel.
    let isOwnConnector: Bool
    let validFrom: Instant?
    let validTo: Instant?
    let timing: Timing
    /// How long the schedule lasts after each start; for a Recurring profile at most one period.
    let duration: Int64?
    /// The periods' starts (from the schedule's start) and limits, in order.
    let periods: [(start: Int64, limit: PowerLimit)]

    /// Places `installed` on the time line. `relativeStart` is where a Relative schedule (or an
    /// Absolute one without startSchedule, which the specification counts from the start of
    /// charging) begins; nil: frozen. Nil for a Recurring profile without recurrencyKind or
    /// startSchedule, which never applies.
    init?(_ installed: ChargingProfileSet.InstalledProfile, isOwnConnector: Bool, relativeStart: Instant?, supply: ElectricalSupply) {
        let profile = installed.profile
        let schedule = profile.chargingSchedule
        switch (profile.chargingProfileKind, schedule.startSchedule) {
        case (.recurring, let start?):
            guard let kind = profile.recurrencyKind else { return nil }
            timing = .recurring(start: start.millisecondsSince1970, period: kind == .daily ? Instant.millisecondsPerDay : Instant.millisecondsPerWeek)
        case (.recurring, nil):
            return nil
        case (.absolute, let start?):
            timing = .once(start: start.millisecondsSince1970)
        case (.absolute, nil), (.relative, _):
            timing = relativeStart.map { .once(start: $0) } ?? .frozen
        }
        stackLevel = profile.stackLevel
        self.isOwnConnector = isOwnConnector
        validFrom = profile.validFrom?.millisecondsSince1970
        validTo = profile.validTo?.millisecondsSince1970
        var duration = schedule.duration.map { Instant.milliseconds(seconds: $0) }
        if case .recurring(_, let period) = timing {
            duration = Swift.min(duration ?? period, period)
        }
        self.duration = duration
        periods = schedule.chargingSchedulePeriod.map { period in
            let phases = period.numberPhases
            let watts = switch schedule.chargingRateUnit {
            case .watts: period.limit.value
            case .amperes: supply.watts(amperes: period.limit.value, phases: phases)
            }
            return (Instant.milliseconds(seconds: period.startPeriod), PowerLimit(watts: watts, phases: phases))
        }
    }

    /// The limit the profile sets at `time`, or nil when it is not in effect then (not valid,
    /// not started, past its duration, or before its first period).
    func limit(at time: Instant) -> PowerLimit? {
        if let validFrom, time < validFrom { return nil }
        if let validTo, time >= validTo { return nil }
        let offset: Int64
        switch timing {
        case .once(let start):
            offset = time - start
        case .recurring(let start, let period):
            guard time >= start else { return nil }
            offset = (time - start) % period
        case .frozen:
            offset = 0
        }
        guard offset >= 0 else { return nil }
        if let duration, offset >= duration { return nil }
        return periods.last(where: { $0.start <= offset })?.limit
    }

    /// Appends the instants in `range` at which the profile's limit can change.
    func appendBoundaries(in range: Range<Instant>, to boundaries: inout [Instant]) {
        func add(_ instant: Instant) {
            if range.contains(instant) { boundaries.append(instant) }
        }
        finiteBoundaries.forEach(add)
        guard case .recurring(let start, let period) = timing else { return }
        var recurrence = start + Swift.max(0, (range.lowerBound - start) / period) * period
        while recurrence < range.upperBound {
            add(recurrence)
            for entry in periods where entry.start < period { add(recurrence + entry.start) }
            if let duration, duration < period { add(recurrence + duration) }
            recurrence += period
        }
    }

    /// The instants at which the limit can change that do not repeat: validity, the periods
    /// and end of a schedule that runs once, the first start of a Recurring one.
    var finiteBoundaries: [Instant] {
        var instants = [validFrom, validTo].compactMap(\.self)
        switch timing {
        case .once(let start):
            instants += periods.map { start + $0.start }
            if let duration { instants.append(start + duration) }
        case .recurring(let start, _):
            instants.append(start)
        case .frozen:
            break
        }
        return instants
    }

    /// Whether the limit changes periodically (a Recurring profile).
    var recurs: Bool {
        if case .recurring = timing { true } else { false }
    }
}
