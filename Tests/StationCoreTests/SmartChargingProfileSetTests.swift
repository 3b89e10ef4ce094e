// The installed charging profiles: SetChargingProfile's rules and replacements,
// ClearChargingProfile's criteria, the end of TxProfiles and expired profiles, persistence.

import OCPP
import StationCore
import XCTest

final class SmartChargingProfileSetTests: XCTestCase {
    private let t0 = Timestamp(rfc3339: "2026-03-02T00:00:00Z")!
    private let limits = ChargingProfileSet.Limits(maxStackLevel: 10, maxPeriods: 5, maxInstalled: 4, allowedUnits: [.amperes, .watts], connectorCount: 2)
    /// Transaction 1000 runs on connector 1; none on connector 2.
    private let running: (Int) -> Int? = { $0 == 1 ? 1000 : nil }

    private func profile(
        id: Int = 1, purpose: ChargingProfilePurpose = .txDefaultProfile, stack: Int = 0, kind: ChargingProfileKind = .absolute,
        recurrency: RecurrencyKind? = nil, transactionId: Int? = nil, validFrom: Timestamp? = nil, validTo: Timestamp? = nil,
        start: Timestamp?? = .none, duration: Int? = nil, unit: ChargingRateUnit = .watts,
        periods: [ChargingSchedulePeriod] = [ChargingSchedulePeriod(startPeriod: 0, limit: 11000)]
    ) -> ChargingProfile {
        ChargingProfile(
            chargingProfileId: id, transactionId: transactionId, stackLevel: stack, chargingProfilePurpose: purpose,
            chargingProfileKind: kind, recurrencyKind: recurrency, validFrom: validFrom, validTo: validTo,
            chargingSchedule: ChargingSchedule(
                duration: duration, startSchedule: start ?? t0, chargingRateUnit: unit, chargingSchedulePeriod: periods
            )
        )
    }

    private func period(_ start: Int, _ limit: ChargingRate = 10, phases: Int? = nil) -> ChargingSchedulePeriod {
        ChargingSchedulePeriod(startPeriod: start, limit: limit, numberPhases: phases)
    }

    private func ids(_ set: ChargingProfileSet) -> [Int] { set.profiles.map(\.profile.chargingProfileId).sorted() }

    // MARK: install

    func testSmartChargingEveryRuleRejectsAndLeavesTheSetUnchanged() {
        let wattsOnly = ChargingProfileSet.Limits(maxStackLevel: 10, maxPeriods: 5, maxInstalled: 4, allowedUnits: [.watts], connectorCount: 2)
        let cases: [(name: String, profile: ChargingProfile, connectorId: Int, limits: ChargingProfileSet.Limits, reason: String)] = [
            ("connector above the count", profile(), 3, limits, "connector 3 does not exist"),
            ("negative connector", profile(), -1, limits, "connector -1 does not exist"),
            ("ChargePointMax on a connector", profile(purpose: .chargePointMaxProfile), 1, limits, "connector 0 only"),
            ("Relative ChargePointMax", profile(purpose: .chargePointMaxProfile, kind: .relative), 0, limits, "needs an Absolute or Recurring"),
            ("ChargePointMax without start", profile(purpose: .chargePointMaxProfile, start: .some(nil)), 0, limits, "needs an Absolute or Recurring"),
            ("TxProfile on connector 0", profile(purpose: .txProfile), 0, limits, "connector above 0"),
            ("TxProfile without transaction", profile(purpose: .txProfile), 2, limits, "needs a running transaction"),
            ("TxProfile for another transaction", profile(purpose: .txProfile, transactionId: 999), 1, limits, "for transaction 999 but transaction 1000"),
            ("stack level too high", profile(stack: 11), 1, limits, "stackLevel 11"),
            ("negative stack level", profile(stack: -1), 1, limits, "stackLevel -1"),
            ("no periods", profile(periods: []), 1, limits, "0 periods"),
            ("too many periods", profile(periods: (0..<6).map { period($0 * 60) }), 1, limits, "6 periods"),
            ("unit not allowed", profile(unit: .amperes), 1, wattsOnly, "unit A is not allowed"),
            ("first period not at 0", profile(periods: [period(60)]), 1, limits, "first period starts at 60"),
            ("decreasing periods", profile(periods: [period(0), period(600), period(300)]), 1, limits, "startPeriod 300 does not follow 600"),
            ("equal periods", profile(periods: [period(0), period(0)]), 1, limits, "startPeriod 0 does not follow 0"),
            ("negative limit", profile(periods: [period(0, -1)]), 1, limits, "negative limit"),
            ("four phases", profile(periods: [period(0, phases: 4)]), 1, limits, "numberPhases 4"),
            ("no phases", profile(periods: [period(0, phases: 0)]), 1, limits, "numberPhases 0"),
            ("negative duration", profile(duration: -5), 1, limits, "duration -5"),
            ("Recurring without kind", profile(kind: .recurring), 1, limits, "needs a recurrencyKind"),
            ("Recurring without start", profile(kind: .recurring, recurrency: .daily, start: .some(nil)), 1, limits, "needs a startSchedule"),
            ("validTo equal to validFrom", profile(validFrom: t0, validTo: t0), 1, limits, "is not after validFrom"),
            ("validTo before validFrom", profile(validFrom: t0, validTo: t0.adding(seconds: -1)), 1, limits, "is not after validFrom"),
        ]
        for (name, offered, connectorId, limits, reason) in cases {
            var set = ChargingProfileSet()
            XCTAssertEqual(set.install(profile(id: 50, stack: 3), connectorId: 1, limits: limits, runningTransaction: running), .accepted, name)
            let before = set
            guard case .rejected(let said) = set.install(offered, connectorId: connectorId, limits: limits, runningTransaction: running) else {
                XCTFail("\(name): accepted"); continue
            }
            XCTAssertTrue(said.contains(reason), "\(name): \(said)")
            XCTAssertEqual(set, before, name)
        }
    }

    func testSmartChargingProfilesThatFollowTheRulesAreAccepted() {
        let cases: [(name: String, profile: ChargingProfile, connectorId: Int)] = [
            ("ChargePointMax on connector 0", profile(purpose: .chargePointMaxProfile), 0),
            ("Recurring ChargePointMax", profile(purpose: .chargePointMaxProfile, kind: .recurring, recurrency: .weekly), 0),
            ("TxDefault for every connector", profile(), 0),
            ("TxDefault on connector 2", profile(), 2),
            ("Relative TxDefault", profile(kind: .relative, start: .some(nil)), 1),
            ("Absolute without start (counts from charging)", profile(start: .some(nil)), 1),
            ("TxProfile of the running transaction", profile(purpose: .txProfile, transactionId: 1000), 1),
            ("highest stack level, most periods, amperes", profile(stack: 10, unit: .amperes, periods: (0..<5).map { period($0 * 60, phases: 1) }), 2),
            ("zero duration, validity", profile(validFrom: t0, validTo: t0.adding(seconds: 1), duration: 0), 1),
        ]
        for (name, offered, connectorId) in cases {
            var set = ChargingProfileSet()
            XCTAssertEqual(set.install(offered, connectorId: connectorId, limits: limits, runningTransaction: running), .accepted, name)
            XCTAssertEqual(set.profiles.map(\.connectorId), [connectorId], name)
        }
    }

    func testSmartChargingATxProfileWithoutTransactionIdTakesTheRunningOne() {
        var set = ChargingProfileSet()
        XCTAssertEqual(set.install(profile(purpose: .txProfile), connectorId: 1, limits: limits, runningTransaction: running), .accepted)
        XCTAssertEqual(set.profiles.first?.profile.transactionId, 1000)
    }

    func testSmartChargingAProfileWithTheSameIdIsReplacedOnAnyConnector() {
        var set = ChargingProfileSet()
        _ = set.install(profile(id: 7, stack: 1), connectorId: 1, limits: limits, runningTransaction: running)
        _ = set.install(profile(id: 8, stack: 1), connectorId: 2, limits: limits, runningTransaction: running)
        XCTAssertEqual(set.install(profile(id: 7, stack: 4), connectorId: 2, limits: limits, runningTransaction: running), .accepted)
        XCTAssertEqual(set.profiles.map(\.profile.chargingProfileId), [8, 7])
        XCTAssertEqual(set.profiles.last?.connectorId, 2)
        XCTAssertEqual(set.profiles.last?.profile.stackLevel, 4)
    }

    func testSmartChargingTheSamePurposeAndStackLevelOnTheSameConnectorIsReplaced() {
        let cases: [(name: String, second: ChargingProfile, connectorId: Int, remaining: [Int])] = [
            ("same purpose, stack level and connector", profile(id: 2, stack: 3), 1, [2]),
            ("another connector", profile(id: 2, stack: 3), 2, [1, 2]),
            ("the station as a whole", profile(id: 2, stack: 3), 0, [1, 2]),
            ("another stack level", profile(id: 2, stack: 4), 1, [1, 2]),
            ("another purpose", profile(id: 2, purpose: .txProfile, stack: 3), 1, [1, 2]),
        ]
        for (name, second, connectorId, remaining) in cases {
            var set = ChargingProfileSet()
            _ = set.install(profile(id: 1, stack: 3), connectorId: 1, limits: limits, runningTransaction: running)
            XCTAssertEqual(set.install(second, connectorId: connectorId, limits: limits, runningTransaction: running), .accepted, name)
            XCTAssertEqual(ids(set), remaining, name)
        }
    }

    func testSmartChargingMaxChargingProfilesInstalledCountsAfterReplacement() {
        let two = ChargingProfileSet.Limits(maxStackLevel: 10, maxPeriods: 5, maxInstalled: 2, allowedUnits: [.watts], connectorCount: 2)
        var set = ChargingProfileSet()
        XCTAssertEqual(set.install(profile(id: 1, stack: 1), connectorId: 1, limits: two, runningTransaction: running), .accepted)
        XCTAssertEqual(set.install(profile(id: 2, stack: 2), connectorId: 1, limits: two, runningTransaction: running), .accepted)
        let before = set
        guard case .rejected(let reason) = set.install(profile(id: 3, stack: 3), connectorId: 1, limits: two, runningTransaction: running) else {
            return XCTFail("a third profile was accepted")
        }
        XCTAssertTrue(reason.contains("MaxChargingProfilesInstalled is 2"), reason)
        XCTAssertEqual(set, before)
        XCTAssertEqual(set.install(profile(id: 2, stack: 5), connectorId: 2, limits: two, runningTransaction: running), .accepted, "replaces by id")
        XCTAssertEqual(set.install(profile(id: 3, stack: 1), connectorId: 1, limits: two, runningTransaction: running), .accepted, "replaces by stack level")
        XCTAssertEqual(ids(set), [2, 3])
    }

    // MARK: clear and removal

    /// 1: ChargePointMax on 0, stack 0; 2: TxDefault on 0, stack 1; 3: TxDefault on 1, stack 1;
    /// 4: TxProfile on 1, stack 2.
    private func fourProfiles() -> ChargingProfileSet {
        var set = ChargingProfileSet()
        let installs: [(ChargingProfile, Int)] = [
            (profile(id: 1, purpose: .chargePointMaxProfile, stack: 0), 0), (profile(id: 2, stack: 1), 0),
            (profile(id: 3, stack: 1), 1), (profile(id: 4, purpose: .txProfile, stack: 2), 1),
        ]
        for (offered, connectorId) in installs {
            XCTAssertEqual(set.install(offered, connectorId: connectorId, limits: limits, runningTransaction: running), .accepted)
        }
        return set
    }

    func testSmartChargingClearRemovesWhatTheCriteriaName() {
        let cases: [(name: String, id: Int?, connectorId: Int?, purpose: ChargingProfilePurpose?, stackLevel: Int?, removed: Bool, remaining: [Int])] = [
            ("by id", 3, nil, nil, nil, true, [1, 2, 4]),
            ("by id, other criteria ignored", 3, 2, .chargePointMaxProfile, 7, true, [1, 2, 4]),
            ("unknown id, other criteria ignored", 99, 1, nil, nil, false, [1, 2, 3, 4]),
            ("by connector", nil, 1, nil, nil, true, [1, 2]),
            ("connector 0: the station's own", nil, 0, nil, nil, true, [3, 4]),
            ("by purpose", nil, nil, .txDefaultProfile, nil, true, [1, 4]),
            ("by stack level", nil, nil, nil, 1, true, [1, 4]),
            ("connector and purpose", nil, 1, .txDefaultProfile, nil, true, [1, 2, 4]),
            ("connector and stack level", nil, 0, nil, 0, true, [2, 3, 4]),
            ("all criteria", nil, 1, .txProfile, 2, true, [1, 2, 3]),
            ("no criteria: all", nil, nil, nil, nil, true, []),
            ("nothing on the connector", nil, 2, nil, nil, false, [1, 2, 3, 4]),
            ("criteria that do not meet", nil, nil, .txDefaultProfile, 2, false, [1, 2, 3, 4]),
        ]
        for (name, id, connectorId, purpose, stackLevel, removed, remaining) in cases {
            var set = fourProfiles()
            XCTAssertEqual(set.clear(id: id, connectorId: connectorId, purpose: purpose, stackLevel: stackLevel), removed, name)
            XCTAssertEqual(ids(set), remaining, name)
        }
    }

    func testSmartChargingClearOnAnEmptySetIsUnknown() {
        var set = ChargingProfileSet()
        XCTAssertFalse(set.clear(id: nil, connectorId: nil, purpose: nil, stackLevel: nil))
    }

    func testSmartChargingATxProfileEndsWithItsTransaction() {
        var set = fourProfiles()
        set.removeTransactionProfiles(connectorId: 2)
        XCTAssertEqual(ids(set), [1, 2, 3, 4])
        set.removeTransactionProfiles(connectorId: 1)
        XCTAssertEqual(ids(set), [1, 2, 3])
    }

    func testSmartChargingProfilesArePrunedOnceTheirValidToHasPassed() {
        var set = ChargingProfileSet()
        _ = set.install(profile(id: 1, stack: 1, validTo: t0.adding(seconds: 3600)), connectorId: 1, limits: limits, runningTransaction: running)
        _ = set.install(profile(id: 2, stack: 2, validTo: t0.adding(seconds: 7200)), connectorId: 1, limits: limits, runningTransaction: running)
        _ = set.install(profile(id: 3, stack: 3), connectorId: 1, limits: limits, runningTransaction: running)
        XCTAssertFalse(set.removeExpired(at: t0.adding(seconds: 3599)))
        XCTAssertEqual(ids(set), [1, 2, 3])
        XCTAssertTrue(set.removeExpired(at: t0.adding(seconds: 3600)))
        XCTAssertEqual(ids(set), [2, 3])
        XCTAssertTrue(set.removeExpired(at: t0.adding(seconds: 86400)))
        XCTAssertEqual(ids(set), [3])
    }

    // MARK: persistence

    func testSmartChargingTheSetSurvivesAJSONRoundTrip() throws {
        var set = fourProfiles()
        let recurring = profile(
            id: 5, stack: 2, kind: .recurring, recurrency: .daily, validFrom: t0, validTo: t0.adding(seconds: 86400 * 30), duration: 3600,
            unit: .amperes, periods: [period(0, 16.5, phases: 1), period(1800, 32)]
        )
        let roomy = ChargingProfileSet.Limits(maxStackLevel: 10, maxPeriods: 5, maxInstalled: 10, allowedUnits: [.amperes], connectorCount: 2)
        XCTAssertEqual(set.install(recurring, connectorId: 2, limits: roomy, runningTransaction: running), .accepted)
        let json = set.json
        guard case .array(let elements) = json else { return XCTFail("not an array: \(json)") }
        XCTAssertEqual(elements.count, 5)
        XCTAssertEqual(elements.last?["connectorId"], .integer(2))
        XCTAssertEqual(elements.last?["profile"]?["chargingProfileId"], .integer(5))
        let text = JSONWriter.string(json)
        XCTAssertEqual(try ChargingProfileSet(json: JSONParser.parse(text)), set)
        XCTAssertEqual(try ChargingProfileSet(json: .array([])), ChargingProfileSet())
    }

    func testSmartChargingStoredJSONThatIsNotASetIsRefused() {
        let bad: [JSONValue] = [
            .object([]),
            .array([.object([(key: "connectorId", value: .integer(1))])]),
            .array([.object([(key: "connectorId", value: .string("1")), (key: "profile", value: FrameEncoder.payload(profile()))])]),
        ]
        for json in bad {
            XCTAssertThrowsError(try ChargingProfileSet(json: json), "\(json)") { XCTAssertTrue($0 is PayloadError) }
        }
    }
}
