// Smart charging of the 2.0.1 station in virtual time (functional block K): the placement and
// content rules of SetChargingProfile, the limit on the simulated power module with its
// ChargingRateChanged event, GetChargingProfiles with ReportChargingProfiles, ClearChargingProfile,
// GetCompositeSchedule, and profiles kept across a reboot.

import OCPP
import OCPP201
import StationCore
import StationTesting
import XCTest

final class Station201SmartChargingTests: XCTestCase {
    /// A SetChargingProfile payload with one schedule in W.
    static func profile(
        evse: Int, id: Int, purpose: String, stackLevel: Int = 0, kind: String = "Absolute", transactionId: String? = nil,
        periods: [(start: Int, limit: Double)] = [(0, 10_000)], unit: String = "W", startSchedule: String? = "2026-01-01T00:00:00.000Z",
        validFrom: String? = nil, validTo: String? = nil
    ) -> String {
        let periodText = periods.map { #"{"startPeriod":\#($0.start),"limit":\#($0.limit)}"# }.joined(separator: ",")
        var members = [#""id":\#(id)"#, #""stackLevel":\#(stackLevel)"#, #""chargingProfilePurpose":"\#(purpose)""#, #""chargingProfileKind":"\#(kind)""#]
        if let transactionId { members.append(#""transactionId":"\#(transactionId)""#) }
        if let validFrom { members.append(#""validFrom":"\#(validFrom)""#) }
        if let validTo { members.append(#""validTo":"\#(validTo)""#) }
        let start = startSchedule.map { #""startSchedule":"\#($0)","# } ?? ""
        members.append(#""chargingSchedule":[{"id":1,\#(start)"chargingRateUnit":"\#(unit)","chargingSchedulePeriod":[\#(periodText)]}]"#)
        return #"{"evseId":\#(evse),"chargingProfile":{\#(members.joined(separator: ","))}}"#
    }

    func status(_ station: Station201<ManualClock>, _ payload: String) async throws -> String? {
        let answer = try await station.request(OCPP201.SetChargingProfile.Request.self, payload)
        if case .string(let status)? = answer["status"] { return status }
        return nil
    }

    func testTxProfileLowersThePowerAndReportsChargingRateChanged() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let transactionId = try await rig.startSession(connector: 1)
        await rig.clock.advance(by: .seconds(5))
        XCTAssertGreaterThan(try rig.hardware.snapshot(connector: 1).powerW, 50_000)
        let accepted = try await status(station, Self.profile(evse: 1, id: 7, purpose: "TxProfile", kind: "Relative", transactionId: transactionId, startSchedule: nil))
        XCTAssertEqual(accepted, "Accepted")
        await rig.clock.advance(by: .seconds(5))
        XCTAssertLessThanOrEqual(try rig.hardware.snapshot(connector: 1).powerW, 10_000)
        XCTAssertGreaterThan(try rig.hardware.snapshot(connector: 1).powerW, 0)
        XCTAssertEqual(rig.events().filter { $0["triggerReason"] == .string("ChargingRateChanged") }.count, 1)
        // Cleared, the power goes back up.
        let cleared = try await station.request(OCPP201.ClearChargingProfile.Request.self, #"{"chargingProfileId":7}"#)
        XCTAssertEqual(cleared["status"], .string("Accepted"))
        await rig.clock.advance(by: .seconds(5))
        XCTAssertGreaterThan(try rig.hardware.snapshot(connector: 1).powerW, 50_000)
        XCTAssertEqual(rig.events().filter { $0["triggerReason"] == .string("ChargingRateChanged") }.count, 2)
    }

    func testTxProfileNeedsTheRunningTransactionOfItsEVSE() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let noTransaction = try await status(station, Self.profile(evse: 1, id: 1, purpose: "TxProfile", transactionId: "TX-none"))
        XCTAssertEqual(noTransaction, "Rejected")
        let transactionId = try await rig.startSession(connector: 1)
        for payload in [
            Self.profile(evse: 1, id: 1, purpose: "TxProfile", transactionId: "TX-other"),
            Self.profile(evse: 1, id: 1, purpose: "TxProfile"),
            Self.profile(evse: 2, id: 1, purpose: "TxProfile", transactionId: transactionId),
            Self.profile(evse: 0, id: 1, purpose: "TxProfile", transactionId: transactionId),
        ] {
            let answer = try await status(station, payload)
            XCTAssertEqual(answer, "Rejected", payload)
        }
        let matching = try await status(station, Self.profile(evse: 1, id: 1, purpose: "TxProfile", transactionId: transactionId))
        XCTAssertEqual(matching, "Accepted")
        // Same stackLevel and transaction, another id: Rejected (K01.FR.39).
        let twin = try await status(station, Self.profile(evse: 1, id: 2, purpose: "TxProfile", transactionId: transactionId))
        XCTAssertEqual(twin, "Rejected")
        // The transaction ends: its TxProfile is gone.
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let report = try await station.request(OCPP201.GetChargingProfiles.Request.self, #"{"requestId":1,"chargingProfile":{}}"#)
        XCTAssertEqual(report["status"], .string("NoProfiles"))
    }

    func testStationMaxProfileOnlyOnEVSE0AndNeverRelativeAndExternalConstraintsAreRejected() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let cases: [(String, String)] = [
            (Self.profile(evse: 1, id: 1, purpose: "ChargingStationMaxProfile"), "Rejected"),
            (Self.profile(evse: 0, id: 1, purpose: "ChargingStationMaxProfile", kind: "Relative", startSchedule: nil), "Rejected"),
            (Self.profile(evse: 0, id: 1, purpose: "ChargingStationExternalConstraints"), "Rejected"),
            (Self.profile(evse: 0, id: 1, purpose: "ChargingStationMaxProfile", startSchedule: nil), "Rejected"),
            (Self.profile(evse: 0, id: 1, purpose: "TxDefaultProfile", kind: "Relative"), "Rejected"),
            (Self.profile(evse: 3, id: 1, purpose: "TxDefaultProfile"), "Rejected"),
            (Self.profile(evse: 0, id: 1, purpose: "ChargingStationMaxProfile"), "Accepted"),
        ]
        for (payload, expected) in cases {
            let answer = try await status(station, payload)
            XCTAssertEqual(answer, expected, payload)
        }
    }

    func testContentRulesStackLevelPeriodsAndUnits() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let tooMany = (0..<49).map { (start: $0 * 60, limit: 10_000.0) }
        let cases: [(String, String)] = [
            (Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", stackLevel: 11), "Rejected"),
            (Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", periods: tooMany), "Rejected"),
            (Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", periods: [(60, 10_000)]), "Rejected"),
            (Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", periods: [(0, 10_000), (0, 5_000)]), "Rejected"),
            (Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", kind: "Recurring"), "Rejected"),
            (Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", validFrom: "2026-02-01T00:00:00.000Z", validTo: "2026-01-01T00:00:00.000Z"), "Rejected"),
            (Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", stackLevel: 10, periods: [(0, 32)], unit: "A"), "Accepted"),
        ]
        for (payload, expected) in cases {
            let answer = try await status(station, payload)
            XCTAssertEqual(answer, expected, payload)
        }
    }

    func testSameIdReplacesAndAnOverlappingTwinIsRejected() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let first = try await status(station, Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", stackLevel: 2, validTo: "2027-06-01T00:00:00.000Z"))
        XCTAssertEqual(first, "Accepted")
        let overlapping = try await status(station, Self.profile(evse: 1, id: 2, purpose: "TxDefaultProfile", stackLevel: 2))
        XCTAssertEqual(overlapping, "Rejected")
        let afterwards = try await status(station, Self.profile(evse: 1, id: 2, purpose: "TxDefaultProfile", stackLevel: 2, validFrom: "2027-06-01T00:00:00.000Z"))
        XCTAssertEqual(afterwards, "Accepted")
        let otherEVSE = try await status(station, Self.profile(evse: 2, id: 3, purpose: "TxDefaultProfile", stackLevel: 2))
        XCTAssertEqual(otherEVSE, "Accepted")
        let replaced = try await status(station, Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", stackLevel: 2, periods: [(0, 5_000)], validTo: "2027-06-01T00:00:00.000Z"))
        XCTAssertEqual(replaced, "Accepted")
        let all = try await station.request(OCPP201.GetVariables.Request.self, #"{"getVariableData":[{"component":{"name":"SmartChargingCtrlr"},"variable":{"name":"Entries","instance":"ChargingProfiles"}}]}"#)
        XCTAssertEqual(field(all, "getVariableResult")?.arrayFirst?["attributeValue"], .string("3"))
    }

    func testGetChargingProfilesReportsPerEVSEWithTbcAndClearByCriteria() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        _ = try await status(station, Self.profile(evse: 0, id: 1, purpose: "ChargingStationMaxProfile"))
        _ = try await status(station, Self.profile(evse: 1, id: 2, purpose: "TxDefaultProfile", stackLevel: 1))
        _ = try await status(station, Self.profile(evse: 2, id: 3, purpose: "TxDefaultProfile", stackLevel: 1))
        let answer = try await station.request(OCPP201.GetChargingProfiles.Request.self, #"{"requestId":42,"chargingProfile":{}}"#)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        await rig.clock.settle()
        let reports = rig.link.payloads(.reportChargingProfiles)
        XCTAssertEqual(reports.map { $0["evseId"] }, [.integer(0), .integer(1), .integer(2)])
        XCTAssertEqual(reports.map { $0["tbc"] }, [.bool(true), .bool(true), nil])
        XCTAssertTrue(reports.allSatisfy { $0["requestId"] == .integer(42) && $0["chargingLimitSource"] == .string("CSO") })
        let byPurpose = try await station.request(
            OCPP201.GetChargingProfiles.Request.self, #"{"requestId":43,"evseId":2,"chargingProfile":{"chargingProfilePurpose":"TxDefaultProfile"}}"#
        )
        XCTAssertEqual(byPurpose["status"], .string("Accepted"))
        let none = try await station.request(OCPP201.GetChargingProfiles.Request.self, #"{"requestId":44,"chargingProfile":{"chargingLimitSource":["EMS"]}}"#)
        XCTAssertEqual(none["status"], .string("NoProfiles"))
        let cleared = try await station.request(
            OCPP201.ClearChargingProfile.Request.self, #"{"chargingProfileCriteria":{"chargingProfilePurpose":"TxDefaultProfile","stackLevel":1}}"#
        )
        XCTAssertEqual(cleared["status"], .string("Accepted"))
        let again = try await station.request(OCPP201.ClearChargingProfile.Request.self, #"{"chargingProfileId":2}"#)
        XCTAssertEqual(again["status"], .string("Unknown"))
        let left = try await station.request(OCPP201.GetChargingProfiles.Request.self, #"{"requestId":45,"chargingProfile":{"chargingProfileId":[1,2,3]}}"#)
        XCTAssertEqual(left["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(rig.link.payloads(.reportChargingProfiles).last?["evseId"], .integer(0))
    }

    func testCompositeScheduleInWattsAndAmperes() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let start = Timestamp(millisecondsSince1970: Station201MeteringTests.start).rfc3339
        _ = try await status(station, Self.profile(evse: 0, id: 1, purpose: "ChargingStationMaxProfile", periods: [(0, 60_000), (600, 30_000)], startSchedule: start))
        _ = try await status(station, Self.profile(evse: 1, id: 2, purpose: "TxDefaultProfile", periods: [(0, 40_000)], startSchedule: start))
        let watts = try await station.request(OCPP201.GetCompositeSchedule.Request.self, #"{"duration":1200,"evseId":1}"#)
        XCTAssertEqual(watts["status"], .string("Accepted"))
        XCTAssertEqual(field(watts, "schedule", "chargingRateUnit"), .string("W"))
        guard case .array(let periods)? = field(watts, "schedule", "chargingSchedulePeriod") else { return XCTFail("\(watts)") }
        XCTAssertEqual(periods.map { number($0["startPeriod"]) }, [0, 600])
        XCTAssertEqual(periods.map { number($0["limit"]) }, [40_000, 30_000])
        let station0 = try await station.request(OCPP201.GetCompositeSchedule.Request.self, #"{"duration":300,"evseId":0,"chargingRateUnit":"A"}"#)
        guard case .array(let amperes)? = field(station0, "schedule", "chargingSchedulePeriod") else { return XCTFail("\(station0)") }
        XCTAssertEqual(number(amperes.first?["limit"]) ?? 0, 60_000 / 690, accuracy: 0.1)
        let unknown = try await station.request(OCPP201.GetCompositeSchedule.Request.self, #"{"duration":300,"evseId":5}"#)
        XCTAssertEqual(unknown["status"], .string("Rejected"))
    }

    func testAScheduledPeriodChangesThePowerOnTheClock() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let start = Timestamp(millisecondsSince1970: Station201MeteringTests.start).rfc3339
        _ = try await status(station, Self.profile(evse: 0, id: 1, purpose: "TxDefaultProfile", periods: [(0, 40_000), (600, 20_000)], startSchedule: start))
        try await rig.startSession(connector: 1)
        await rig.clock.advance(by: .seconds(10))
        XCTAssertEqual(try rig.hardware.snapshot(connector: 1).powerW, 40_000, accuracy: 1)
        await rig.clock.advance(by: .seconds(600))
        XCTAssertEqual(try rig.hardware.snapshot(connector: 1).powerW, 20_000, accuracy: 1)
        XCTAssertEqual(rig.events().filter { $0["triggerReason"] == .string("ChargingRateChanged") }.count, 1)
    }

    func testRequestStartTransactionTxProfileLimitsTheTransactionFromItsFirstOffer() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 2)
        await rig.clock.settle()
        let profile = #"{"id":5,"stackLevel":0,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Relative","chargingSchedule":[{"id":1,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":20000}]}]}"#
        let wrongPurpose = profile.replacingOccurrences(of: #""TxProfile""#, with: #""TxDefaultProfile""#)
        let rejected = try await station.request(
            OCPP201.RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"R-2","type":"Central"},"remoteStartId":3,"evseId":2,"chargingProfile":\#(wrongPurpose)}"#
        )
        XCTAssertEqual(rejected["status"], .string("Rejected"))
        let started = try await station.request(
            OCPP201.RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"R-2","type":"Central"},"remoteStartId":4,"evseId":2,"chargingProfile":\#(profile)}"#
        )
        XCTAssertEqual(started["status"], .string("Accepted"))
        await rig.clock.advance(by: .seconds(10))
        XCTAssertEqual(try rig.hardware.snapshot(connector: 2).powerW, 20_000, accuracy: 1)
        XCTAssertFalse(rig.events().contains { $0["triggerReason"] == .string("ChargingRateChanged") })
        let report = try await station.request(OCPP201.GetChargingProfiles.Request.self, #"{"requestId":1,"evseId":2,"chargingProfile":{"chargingProfileId":[5]}}"#)
        XCTAssertEqual(report["status"], .string("Accepted"))
        await rig.clock.settle()
        let reported = rig.link.payloads(.reportChargingProfiles).last?["chargingProfile"]?.arrayFirst
        XCTAssertEqual(reported?["transactionId"], field(rig.events().first, "transactionInfo", "transactionId"))
    }

    func testChargingRateChangedOnlyForASignificantChangeAndDisabledSmartChargingRejects() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        _ = try await status(station, Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", periods: [(0, 40_000)]))
        try await rig.startSession(connector: 1)
        await rig.clock.advance(by: .seconds(10))
        func rateChanges() -> Int { rig.events().filter { $0["triggerReason"] == .string("ChargingRateChanged") }.count }
        // 40 kW to 38 kW is 5 %, below LimitChangeSignificance (10 %): applied, not reported.
        _ = try await status(station, Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", periods: [(0, 38_000)]))
        await rig.clock.advance(by: .seconds(10))
        XCTAssertEqual(try rig.hardware.snapshot(connector: 1).powerW, 38_000, accuracy: 1)
        XCTAssertEqual(rateChanges(), 0)
        _ = try await status(station, Self.profile(evse: 1, id: 1, purpose: "TxDefaultProfile", periods: [(0, 20_000)]))
        await rig.clock.settle()
        XCTAssertEqual(rateChanges(), 1)
        try await station.set(.smartChargingCtrlr, "Enabled", "false")
        let disabled = try await status(station, Self.profile(evse: 1, id: 2, purpose: "TxDefaultProfile", stackLevel: 3))
        XCTAssertEqual(disabled, "Rejected")
        await rig.clock.advance(by: .seconds(10))
        XCTAssertGreaterThan(try rig.hardware.snapshot(connector: 1).powerW, 20_000)
    }

    func testProfilesAreKeptAcrossAReboot() async throws {
        let rig = Station201Rig()
        let (station, first) = await rig.boot()
        _ = try await status(station, Self.profile(evse: 1, id: 9, purpose: "TxDefaultProfile", periods: [(0, 15_000)]))
        first.cancel()
        _ = await first.value
        let (again, second) = await rig.boot()
        defer { second.cancel() }
        let answer = try await again.request(OCPP201.GetChargingProfiles.Request.self, #"{"requestId":1,"evseId":1,"chargingProfile":{}}"#)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        try await rig.startSession(connector: 1)
        await rig.clock.advance(by: .seconds(5))
        XCTAssertEqual(try rig.hardware.snapshot(connector: 1).powerW, 15_000, accuracy: 1)
    }
}
