// OCPP 2.0.1 local list (D01, D02) and the rest of authorization in virtual time: SendLocalList
// Full and Differential with their version rules, GetLocalListVersion, the list deciding online
// and offline and kept across a reboot; AuthCtrlr Enabled, DisableRemoteAuthorization and
// AuthorizeRemoteStart; a TransactionEvent answer that deauthorizes (StopTxOnInvalidId).

import OCPP
import OCPP201
import StationCore
import StationSimulation
import StationTesting
import XCTest

final class Station201LocalListTests: XCTestCase {
    private func send(_ station: Station201<ManualClock>, _ type: String, version: Int, _ entries: String?) async throws -> JSONValue? {
        let list = entries.map { #","localAuthorizationList":[\#($0)]"# } ?? ""
        return try await station.request(SendLocalList.Request.self, #"{"versionNumber":\#(version),"updateType":"\#(type)"\#(list)}"#)["status"]
    }

    private func entry(_ idToken: String, _ status: String?) -> String {
        let info = status.map { #","idTokenInfo":{"status":"\#($0)"}"# } ?? ""
        return #"{"idToken":{"idToken":"\#(idToken)","type":"ISO14443"}\#(info)}"#
    }

    private func version(_ station: Station201<ManualClock>) async throws -> JSONValue? {
        try await station.request(GetLocalListVersion.Request.self, "{}")["versionNumber"]
    }

    func testSendLocalListFollowsTheVersionRulesAndIsKeptAcrossAReboot() async throws {
        let rig = Station201Rig()
        let (station, first) = await rig.bootWithAnswers()
        expect(try await version(station), .integer(0))
        expect(try await send(station, "Full", version: 3, [entry("LIST-1", "Accepted"), entry("LIST-2", "Blocked")].joined(separator: ",")), .string("Accepted"))
        expect(try await version(station), .integer(3))
        expect(try await station.variable("LocalAuthListCtrlr", "Entries"), .string("2"))
        expect(try await send(station, "Differential", version: 3, entry("LIST-3", "Accepted")), .string("VersionMismatch"))
        expect(try await send(station, "Differential", version: 4, [entry("LIST-2", nil), entry("LIST-3", "Accepted")].joined(separator: ",")), .string("Accepted"))
        expect(try await send(station, "Full", version: 5, entry("LIST-4", nil)), .string("Failed"), "a Full entry needs idTokenInfo")
        expect(try await send(station, "Full", version: 0, entry("LIST-4", "Accepted")), .string("Failed"), "version 0 is reserved")
        expect(try await send(station, "Differential", version: 6, [entry("LIST-4", "Accepted"), entry("list-4", "Blocked")].joined(separator: ",")), .string("Failed"))
        expect(try await version(station), .integer(4))
        first.cancel()
        _ = await first.value

        let (again, second) = await rig.bootWithAnswers()
        defer { second.cancel() }
        expect(try await version(again), .integer(4))
        expect(try await again.variable("LocalAuthListCtrlr", "Entries"), .string("2"))
        expect(try await send(again, "Full", version: 1, nil), .string("Accepted"), "a Full update may go back")
        expect(try await again.variable("LocalAuthListCtrlr", "Entries"), .string("0"))
        _ = try await again.setVariable("LocalAuthListCtrlr", "Enabled", "false")
        expect(try await version(again), .integer(0))
        expect(try await send(again, "Full", version: 2, entry("LIST-1", "Accepted")), .string("Failed"))
    }

    func testTheLocalListDecidesOnlineWithoutAuthorizeAndOffline() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        _ = try await send(station, "Full", version: 1, [entry("LIST-1", "Accepted"), entry("LIST-2", "Blocked")].joined(separator: ","))
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("LIST-1", connector: 1)
        XCTAssertEqual(rig.authorized(), [])
        XCTAssertEqual(rig.eventSummary().first, "Started/Authorized")
        // A listed token that is not Accepted is asked about online (the CSMS may know better).
        rig.link.setIdTokenInfo(tokenInfo("Blocked"), for: "LIST-2")
        try rig.hardware.plug(connector: 2)
        try await rig.swipe("LIST-2", connector: 2)
        XCTAssertEqual(rig.authorized(), ["LIST-2"])
        try await rig.swipe("LIST-2", connector: 2)
        XCTAssertEqual(rig.authorized(), ["LIST-2", "LIST-2"], "a listed token is not cached")

        try await rig.swipe("LIST-1", connector: 1)
        try await rig.replug(1)
        await rig.goOffline(station)
        _ = try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        try await rig.swipe("LIST-2", connector: 1)
        XCTAssertEqual(try rig.link.queue.count(), 0, "listed as Blocked: refused offline")
        try await rig.swipe("LIST-1", connector: 1)
        XCTAssertEqual(try rig.link.queue.all().first?["eventType"], .string("Started"))
    }

    func testAnInvalidTokenInATransactionEventAnswerStopsTheTransaction() async throws {
        let rig = Station201Rig()
        let (_, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.replug(1)
        // Cached as Accepted, the card starts at once; the CSMS then says it is no longer valid.
        rig.link.setIdTokenInfo(tokenInfo("Invalid"), for: "CARD-1")
        try await rig.swipe("CARD-1", connector: 1)
        XCTAssertEqual(rig.authorized(), ["CARD-1"])
        XCTAssertEqual(rig.eventSummary().last, "Ended/Deauthorized/DeAuthorized")
        XCTAssertFalse(try rig.hardware.snapshot(connector: 1).isContactorClosed)
    }

    func testWithoutStopTxOnInvalidIdTheTransactionGoesOn() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        _ = try await station.setVariable("TxCtrlr", "StopTxOnInvalidId", "false")
        _ = try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        rig.link.setIdTokenInfo(tokenInfo("Invalid"), for: "STRANGER")
        await rig.goOffline(station)
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("STRANGER", connector: 1)
        await rig.goOnline(station)
        XCTAssertFalse(rig.eventSummary().contains { $0.hasPrefix("Ended") })
        XCTAssertEqual(rig.eventSummary().first, "Started/Authorized")
    }

    func testAnInvalidAnswerToAnOfflineTransactionDeauthorizesIt() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        _ = try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        rig.link.setIdTokenInfo(tokenInfo("Invalid"), for: "STRANGER")
        await rig.goOffline(station)
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("STRANGER", connector: 1)
        await rig.goOnline(station)
        XCTAssertEqual(rig.eventSummary().last, "Ended/Deauthorized/DeAuthorized")
    }

    func testAuthorizationDisabledStartsWithoutAsking() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        _ = try await station.setVariable("AuthCtrlr", "Enabled", "false")
        rig.link.setIdTokenInfo(tokenInfo("Blocked"), for: "ANYONE")
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("ANYONE", connector: 1)
        XCTAssertEqual(rig.authorized(), [])
        XCTAssertEqual(rig.eventSummary().first, "Started/Authorized")
    }

    func testDisableRemoteAuthorizationDecidesOnTheListAndCacheOnly() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        _ = try await send(station, "Full", version: 1, entry("LIST-1", "Accepted"))
        expect(try await station.setVariable("AuthCtrlr", "DisableRemoteAuthorization", "true"), .string("Accepted"))
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("STRANGER", connector: 1)
        XCTAssertEqual(rig.authorized(), [])
        XCTAssertEqual(rig.events(), [])
        try await rig.swipe("LIST-1", connector: 1)
        XCTAssertEqual(rig.eventSummary().first, "Started/Authorized")
    }

    func testAuthorizeRemoteStartAuthorizesTheTokenFirst() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        expect(try await station.setVariable("AuthCtrlr", "AuthorizeRemoteStart", "true"), .string("Accepted"))
        rig.link.setIdTokenInfo(tokenInfo("Blocked"), for: "APP-BLOCKED")
        try rig.hardware.plug(connector: 1)
        await rig.clock.settle()
        let refused = try await station.request(RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"APP-BLOCKED","type":"KeyCode"},"remoteStartId":1,"evseId":1}"#)
        XCTAssertEqual(refused["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(rig.authorized(), ["APP-BLOCKED"])
        XCTAssertEqual(field(rig.link.payloads(.authorize).first, "idToken", "type"), .string("KeyCode"))
        XCTAssertEqual(rig.events(), [])

        let accepted = try await station.request(RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"APP-1","type":"eMAID"},"remoteStartId":2,"evseId":1}"#)
        XCTAssertEqual(accepted["status"], .string("Accepted"))
        await rig.clock.settle()
        let started = try XCTUnwrap(rig.events().first)
        XCTAssertEqual(started["triggerReason"], .string("RemoteStart"))
        XCTAssertEqual(field(started, "idToken", "type"), .string("eMAID"))
        XCTAssertEqual(field(started, "transactionInfo", "remoteStartId"), .integer(2))

        // A Central token is the CSMS's own: never sent in an Authorize.
        try rig.hardware.plug(connector: 2)
        _ = try await station.request(RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"CSMS-1","type":"Central"},"remoteStartId":3,"evseId":2}"#)
        await rig.clock.settle()
        XCTAssertEqual(rig.authorized(), ["APP-BLOCKED", "APP-1"])
        XCTAssertEqual(rig.events().filter { $0["eventType"] == .string("Started") }.count, 2)
    }
}
