// The composite schedule and the present limit: stacking, purposes, recurrence, relative
// schedules, validity, unit conversion, connector 0, and when the limit next changes.

import OCPP
import StationCore
import XCTest

final class SmartChargingCompositeScheduleTests: XCTestCase {
    /// Monday 2026-03-02 00:00 UTC.
    private let t0 = Timestamp(rfc3339: "2026-03-02T00:00:00Z")!
    private let supply = ElectricalSupply(nominalVoltageV: 230, phases: 3)
    private let maximumW = 50000.0
    private let limits = ChargingProfileSet.Limits(maxStackLevel: 10, maxPeriods: 10, maxInstalled: 20, allowedUnits: [.amperes, .watts], connectorCount: 2)

    private func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// A profile installed on a connector; ids are given by `set(_:)`.
    private struct Installed {
        var connectorId: Int
        var profile: ChargingProfile
    }

    private func install(
        _ connectorId: Int, purpose: ChargingProfilePurpose = .txDefaultProfile, stack: Int = 0, kind: ChargingProfileKind = .absolute,
        recurrency: RecurrencyKind? = nil, start: Timestamp?? = .none, duration: Int? = nil, validFrom: Timestamp? = nil,
        validTo: Timestamp? = nil, unit: ChargingRateUnit = .watts, _ periods: [(Int, ChargingRate)], phases: [Int?] = []
    ) -> Installed {
        let schedulePeriods = periods.enumerated().map { index, period in
            ChargingSchedulePeriod(startPeriod: period.0, limit: period.1, numberPhases: index < phases.count ? phases[index] : nil)
        }
        let profile = ChargingProfile(
            chargingProfileId: 0, stackLevel: stack, chargingProfilePurpose: purpose, chargingProfileKind: kind, recurrencyKind: recurrency,
            validFrom: validFrom, validTo: validTo,
            chargingSchedule: ChargingSchedule(duration: duration, startSchedule: start ?? t0, chargingRateUnit: unit, chargingSchedulePeriod: schedulePeriods)
        )
        return Installed(connectorId: connectorId, profile: profile)
    }

    private func set(_ installs: [Installed], transactions: [Int: TransactionContext] = [:]) -> ChargingProfileSet {
        var set = ChargingProfileSet()
        for (index, var installed) in installs.enumerated() {
            installed.profile.chargingProfileId = index + 1
            let outcome = set.install(installed.profile, connectorId: installed.connectorId, limits: limits) { transactions[$0]?.transactionId }
            XCTAssertEqual(outcome, .accepted, "profile \(index + 1)")
        }
        return set
    }

    private func p(_ start: Int, _ limit: ChargingRate, _ phases: Int? = nil) -> ChargingSchedulePeriod {
        ChargingSchedulePeriod(startPeriod: start, limit: limit, numberPhases: phases)
    }

    private func schedule(
        _ connectorId: Int, _ installs: [Installed], transactions: [Int: TransactionContext] = [:], from start: Timestamp? = nil,
        duration: Int = 3600, unit: ChargingRateUnit = .watts
    ) -> ChargingSchedule {
        CompositeSchedule.schedule(
            for: connectorId, from: start ?? t0, duration: duration, unit: unit, profiles: set(installs, transactions: transactions),
            transactions: transactions, supply: supply, connectorMaximumW: maximumW, connectorCount: 2
        )
    }

    private func limit(
        _ connectorId: Int, _ installs: [Installed], transactions: [Int: TransactionContext] = [:], at time: Timestamp
    ) -> (watts: Double, changesAt: Timestamp?) {
        CompositeSchedule.limit(
            for: connectorId, at: time, profiles: set(installs, transactions: transactions), transactions: transactions,
            supply: supply, connectorMaximumW: maximumW, connectorCount: 2
        )
    }

    // MARK: composite schedule

    func testSmartChargingTheScheduleCarriesTheRequestedStartDurationAndUnit() {
        let result = schedule(1, [], duration: 900, unit: .amperes)
        XCTAssertEqual(result.startSchedule, t0)
        XCTAssertEqual(result.duration, 900)
        XCTAssertEqual(result.chargingRateUnit, .amperes)
        XCTAssertNil(result.minChargingRate)
    }

    func testSmartChargingCompositeSchedules() {
        let transactionOn1 = [1: TransactionContext(transactionId: 1000, start: t0.adding(seconds: -600))]
        let cases: [(name: String, connectorId: Int, installs: [Installed], transactions: [Int: TransactionContext], from: Timestamp, duration: Int, unit: ChargingRateUnit, periods: [ChargingSchedulePeriod])] = [
            ("no profile: the connector maximum", 1, [], [:], t0, 3600, .watts, [p(0, 50000)]),
            ("no profile on connector 0: both connectors' maximum", 0, [], [:], t0, 3600, .watts, [p(0, 100000)]),
            ("no profile in amperes", 1, [], [:], t0, 3600, .amperes, [p(0, 72.4)]),
            (
                "higher stack level wins, the lower returns when its duration ends", 1,
                [install(1, stack: 0, [(0, 20000)]), install(1, stack: 1, start: t0.adding(seconds: 600), duration: 1200, [(0, 10000), (600, 12000)])],
                [:], t0, 3600, .watts, [p(0, 20000), p(600, 10000), p(1200, 12000), p(1800, 20000)]
            ),
            (
                "the lower stack level goes on along its own time line", 1,
                [install(1, stack: 0, [(0, 20000), (900, 18000)]), install(1, stack: 1, duration: 600, [(0, 10000)])],
                [:], t0, 3600, .watts, [p(0, 10000), p(600, 20000), p(900, 18000)]
            ),
            (
                "a higher stack level on connector 0 beats the connector's own", 1,
                [install(1, stack: 1, [(0, 20000)]), install(0, stack: 2, [(0, 9000)])], [:], t0, 3600, .watts, [p(0, 9000)]
            ),
            (
                "at equal stack level the connector's own TxDefault wins", 1,
                [install(0, stack: 1, [(0, 12000)]), install(1, stack: 1, [(0, 9000)])], [:], t0, 3600, .watts, [p(0, 9000)]
            ),
            (
                "TxProfile over TxDefault whatever the stack levels", 1,
                [install(1, stack: 5, [(0, 20000)]), install(1, purpose: .txProfile, stack: 0, kind: .relative, start: .some(nil), duration: 1200, [(0, 30000)])],
                transactionOn1, t0, 3600, .watts, [p(0, 30000), p(600, 20000)]
            ),
            (
                "ChargePointMax caps the connector", 1,
                [install(1, [(0, 20000)]), install(0, purpose: .chargePointMaxProfile, start: t0.adding(seconds: 300), [(0, 15000), (600, 40000)])],
                [:], t0, 3600, .watts, [p(0, 20000), p(300, 15000), p(900, 20000)]
            ),
            (
                "the connector maximum caps a profile", 2, [install(2, [(0, 80000), (60, 30000)])], [:], t0, 3600, .watts, [p(0, 50000), p(60, 30000)]
            ),
            (
                "recurring daily across midnight", 1,
                [
                    install(1, [(0, 22000)]),
                    install(1, stack: 1, kind: .recurring, recurrency: .daily, start: at("2026-03-01T22:00:00Z"), duration: 8 * 3600, [(0, 8000), (4 * 3600, 16000)]),
                ],
                [:], at("2026-03-02T20:00:00Z"), 12 * 3600, .watts, [p(0, 22000), p(7200, 8000), p(21600, 16000), p(36000, 22000)]
            ),
            (
                "recurring weekly across the week boundary", 1,
                [install(1, kind: .recurring, recurrency: .weekly, start: at("2026-03-01T00:00:00Z"), [(0, 5000), (86400, 11000)])],
                [:], at("2026-03-07T12:00:00Z"), 2 * 86400, .watts, [p(0, 11000), p(43200, 5000), p(129600, 11000)]
            ),
            (
                "a recurring profile does not apply before its startSchedule", 1,
                [install(1, kind: .recurring, recurrency: .daily, start: t0.adding(seconds: 1800), [(0, 5000)])],
                [:], t0, 3600, .watts, [p(0, 50000), p(1800, 5000)]
            ),
            (
                "relative from the transaction's start", 1,
                [install(1, kind: .relative, start: .some(nil), [(0, 7000), (1800, 22000)])], transactionOn1, t0, 3600, .watts,
                [p(0, 7000), p(1200, 22000)]
            ),
            (
                "relative from the requested start without a transaction", 2,
                [install(0, kind: .relative, start: .some(nil), [(0, 7000), (1800, 22000)])], transactionOn1, t0, 3600, .watts,
                [p(0, 7000), p(1800, 22000)]
            ),
            (
                "absolute without startSchedule counts from the transaction's start", 1,
                [install(1, start: .some(nil), duration: 1200, [(0, 7000)])], transactionOn1, t0, 3600, .watts, [p(0, 7000), p(600, 50000)]
            ),
            (
                "expiry by validTo", 1,
                [install(1, [(0, 20000)]), install(1, stack: 1, validTo: t0.adding(seconds: 900), [(0, 10000)])], [:], t0, 3600, .watts,
                [p(0, 10000), p(900, 20000)]
            ),
            (
                "validFrom in the future", 1,
                [install(1, [(0, 20000)]), install(1, stack: 1, validFrom: t0.adding(seconds: 900), [(0, 10000)])], [:], t0, 3600, .watts,
                [p(0, 20000), p(900, 10000)]
            ),
            (
                "amperes to watts with numberPhases", 1,
                [install(1, unit: .amperes, [(0, 16), (600, 16), (1200, 10.5)], phases: [1, nil, 2])], [:], t0, 3600, .watts,
                [p(0, 3680, 1), p(600, 11040), p(1200, 4830, 2)]
            ),
            (
                "watts to amperes with numberPhases, rounded down", 1,
                [install(1, [(0, 11040), (600, 3680), (1200, 10000)], phases: [nil, 1, nil])], [:], t0, 3600, .amperes,
                [p(0, 16), p(600, 16, 1), p(1200, 14.4)]
            ),
            (
                "a ChargePointMax in amperes caps a profile in watts", 1,
                [install(1, [(0, 20000)]), install(0, purpose: .chargePointMaxProfile, unit: .amperes, [(0, 20)])], [:], t0, 3600, .watts, [p(0, 13800)]
            ),
            (
                "connector 0: ChargePointMax against the sum of both connectors", 0,
                [install(1, [(0, 20000)]), install(2, [(0, 15000)]), install(0, purpose: .chargePointMaxProfile, start: t0.adding(seconds: 600), [(0, 30000)])],
                [:], t0, 3600, .watts, [p(0, 35000), p(600, 30000)]
            ),
            (
                "connector 0: a TxDefault on 0 counts for each connector", 0,
                [install(0, [(0, 12000)]), install(2, stack: 1, [(0, 9000)])], [:], t0, 3600, .watts, [p(0, 21000)]
            ),
            (
                "connector 0: shared numberPhases are kept", 0,
                [install(0, unit: .amperes, [(0, 16)], phases: [1])], [:], t0, 3600, .amperes, [p(0, 32, 1)]
            ),
            (
                "connector 1 under the ChargePointMax that caps connector 0", 1,
                [install(1, [(0, 20000)]), install(2, [(0, 15000)]), install(0, purpose: .chargePointMaxProfile, [(0, 30000)])],
                [:], t0, 3600, .watts, [p(0, 20000)]
            ),
            (
                "changes after the requested duration are left out", 1,
                [install(1, [(0, 20000), (3600, 10000)])], [:], t0, 3600, .watts, [p(0, 20000)]
            ),
            (
                "a start between boundaries", 1,
                [install(1, [(0, 20000), (600, 10000), (1200, 20000)])], [:], t0.adding(seconds: 900), 600, .watts, [p(0, 10000), p(300, 20000)]
            ),
        ]
        for (name, connectorId, installs, transactions, from, duration, unit, periods) in cases {
            let result = schedule(connectorId, installs, transactions: transactions, from: from, duration: duration, unit: unit)
            XCTAssertEqual(result.chargingSchedulePeriod, periods, name)
        }
    }

    // MARK: the present limit

    func testSmartChargingThePresentLimitAndWhenItChanges() {
        let later = t0.adding(seconds: 86400 * 400)
        let transactionOn1 = [1: TransactionContext(transactionId: 1000, start: t0.adding(seconds: -600))]
        let dailyNights = install(1, stack: 1, kind: .recurring, recurrency: .daily, start: at("2026-03-01T22:00:00Z"), duration: 8 * 3600, [(0, 8000)])
        let cases: [(name: String, connectorId: Int, installs: [Installed], transactions: [Int: TransactionContext], at: Timestamp, watts: Double, changesAt: Timestamp?)] = [
            ("no profile: the maximum for ever", 1, [], [:], t0, 50000, nil),
            ("the next period", 1, [install(1, [(0, 10000), (600, 20000)])], [:], t0.adding(seconds: 100), 10000, t0.adding(seconds: 600)),
            ("the last period for ever", 1, [install(1, [(0, 10000), (600, 20000)])], [:], t0.adding(seconds: 700), 20000, nil),
            (
                "a boundary without change is skipped", 1, [install(1, [(0, 10000), (600, 10000), (1200, 5000)])], [:], t0, 10000,
                t0.adding(seconds: 1200)
            ),
            ("the end of the duration", 1, [install(1, duration: 900, [(0, 10000)])], [:], t0, 10000, t0.adding(seconds: 900)),
            ("validTo", 1, [install(1, validTo: t0.adding(seconds: 60), [(0, 10000)])], [:], t0, 10000, t0.adding(seconds: 60)),
            ("validFrom", 1, [install(1, validFrom: t0.adding(seconds: 60), [(0, 10000)])], [:], t0, 50000, t0.adding(seconds: 60)),
            ("before the nightly limit", 1, [install(1, [(0, 22000)]), dailyNights], [:], at("2026-03-02T12:00:00Z"), 22000, at("2026-03-02T22:00:00Z")),
            ("during the nightly limit, across midnight", 1, [install(1, [(0, 22000)]), dailyNights], [:], at("2026-03-02T23:00:00Z"), 8000, at("2026-03-03T06:00:00Z")),
            (
                "a recurring limit that never changes", 1,
                [install(1, kind: .recurring, recurrency: .daily, start: at("2026-03-01T22:00:00Z"), [(0, 8000)])], [:], t0, 8000, nil
            ),
            (
                "a recurring limit that ends with validTo, long after", 1,
                [install(1, kind: .recurring, recurrency: .weekly, start: at("2026-03-01T22:00:00Z"), validTo: later, [(0, 8000)])], [:], t0, 8000, later
            ),
            (
                "a weekly change next week", 1,
                [install(1, kind: .recurring, recurrency: .weekly, start: at("2026-03-01T00:00:00Z"), [(0, 5000), (86400, 11000)])], [:],
                at("2026-03-02T12:00:00Z"), 11000, at("2026-03-08T00:00:00Z")
            ),
            (
                "relative without a transaction waits in its first period", 1,
                [install(1, kind: .relative, start: .some(nil), [(0, 7000), (1800, 22000)])], [:], t0, 7000, nil
            ),
            (
                "relative counts from the transaction's start", 1,
                [install(1, kind: .relative, start: .some(nil), [(0, 7000), (1800, 22000)])], transactionOn1, t0, 7000, t0.adding(seconds: 1200)
            ),
            (
                "connector 0: the sum of the connectors under ChargePointMax", 0,
                [install(1, [(0, 20000)]), install(2, [(0, 15000), (300, 5000)]), install(0, purpose: .chargePointMaxProfile, [(0, 30000)])], [:], t0, 30000,
                t0.adding(seconds: 300)
            ),
        ]
        for (name, connectorId, installs, transactions, time, watts, changesAt) in cases {
            let result = limit(connectorId, installs, transactions: transactions, at: time)
            XCTAssertEqual(result.watts, watts, accuracy: 0.001, name)
            XCTAssertEqual(result.changesAt, changesAt, name)
        }
    }

    func testSmartChargingTheChangeInstantGivesTheNextLimit() {
        // Following changesAt from boundary to boundary walks the same steps as the composite schedule.
        let installs = [
            install(1, [(0, 22000)]),
            install(1, stack: 1, kind: .recurring, recurrency: .daily, start: at("2026-03-01T22:00:00Z"), duration: 8 * 3600, [(0, 8000), (4 * 3600, 16000)]),
            install(0, purpose: .chargePointMaxProfile, start: at("2026-03-03T00:00:00Z"), [(0, 12000)]),
        ]
        var time = at("2026-03-02T20:00:00Z")
        var steps: [(Int, Double)] = []
        while time < at("2026-03-03T12:00:00Z") {
            let result = limit(1, installs, at: time)
            steps.append((Int((time.millisecondsSince1970 - at("2026-03-02T20:00:00Z").millisecondsSince1970) / 1000), result.watts))
            guard let next = result.changesAt else { break }
            XCTAssertGreaterThan(next, time)
            time = next
        }
        // 00:00, where the ChargePointMax starts above the nightly 8 kW, changes nothing and is skipped.
        XCTAssertEqual(steps.map(\.0), [0, 7200, 21600])
        XCTAssertEqual(steps.map(\.1), [22000, 8000, 12000])
    }

    func testSmartChargingATxProfileOfAnotherTransactionDoesNotApply() {
        let profiles = set([install(1, [(0, 20000)]), install(1, purpose: .txProfile, [(0, 30000)])], transactions: [1: TransactionContext(transactionId: 1000, start: t0)])
        for (transactions, watts) in [([1: TransactionContext(transactionId: 1000, start: t0)], 30000.0), ([1: TransactionContext(transactionId: 1001, start: t0)], 20000), ([:], 20000)] {
            let result = CompositeSchedule.limit(
                for: 1, at: t0, profiles: profiles, transactions: transactions, supply: supply, connectorMaximumW: maximumW, connectorCount: 2
            )
            XCTAssertEqual(result.watts, watts, "\(transactions)")
        }
    }
}
