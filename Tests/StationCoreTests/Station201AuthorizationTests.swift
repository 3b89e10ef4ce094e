// OCPP 2.0.1 authorization (C01-C16) in virtual time: Authorize and its answers, the cache
// (pre-authorize, expiry, ClearCache, kept across a reboot), offline rules, groupIdToken and
// master pass, evseId restrictions, AuthCtrlr variables, and the TransactionEvent answer that
// deauthorizes a transaction.

import OCPP
import OCPP201
import StationCore
import StationTesting
import XCTest

final class Station201AuthorizationTests: XCTestCase {
    func testAnAcceptedCardIsCachedAndThenStartsWithoutAuthorize() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.replug(1)
        try await rig.swipe("CARD-1", connector: 1)
        XCTAssertEqual(rig.authorized(), ["CARD-1"])
        XCTAssertEqual(rig.eventSummary().filter { $0.hasPrefix("Started") }.count, 2)
        let storage = try await station.variable("AuthCacheCtrlr", "Storage")
        guard case .string(let bytes) = storage, let count = Int(bytes) else { return XCTFail("Storage \(String(describing: storage))") }
        XCTAssertGreaterThan(count, 0)
    }

    func testWithoutLocalPreAuthorizeACachedCardIsAskedAgain() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        _ = try await station.setVariable("AuthCtrlr", "LocalPreAuthorize", "false")
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.replug(1)
        try await rig.swipe("CARD-1", connector: 1)
        XCTAssertEqual(rig.authorized(), ["CARD-1", "CARD-1"])
    }

    func testEveryRefusingStatusStartsNothingAndIsCached() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        let refusing = ["Blocked", "ConcurrentTx", "Expired", "Invalid", "NoCredit", "NotAllowedTypeEVSE", "NotAtThisLocation", "NotAtThisTime", "Unknown"]
        try rig.hardware.plug(connector: 1)
        for status in refusing {
            rig.link.setIdTokenInfo(tokenInfo(status), for: "CARD-\(status)")
            try await rig.swipe("CARD-\(status)", connector: 1)
        }
        XCTAssertEqual(rig.authorized().count, refusing.count)
        XCTAssertEqual(rig.events(), [])
        // Offline, a cached refusal refuses even where unknown tokens are accepted.
        _ = try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        await rig.goOffline(station)
        try await rig.swipe("CARD-Blocked", connector: 1)
        XCTAssertEqual(try rig.link.queue.count(), 0)
    }

    func testOfflineAnUnknownCardIsRefusedUnlessOfflineTxForUnknownIdEnabled() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        await rig.goOffline(station)
        try await rig.swipe("STRANGER", connector: 1)
        XCTAssertEqual(try rig.link.queue.count(), 0)
        _ = try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        try await rig.swipe("STRANGER", connector: 1)
        let queued = try rig.link.queue.all()
        XCTAssertEqual(queued.first?["eventType"], .string("Started"))
        XCTAssertEqual(queued.first?["offline"], .bool(true))
        XCTAssertEqual(rig.authorized(), [])
    }

    func testOfflineACachedCardIsAcceptedOnlyWithLocalAuthorizeOffline() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.replug(1)
        await rig.goOffline(station)
        _ = try await station.setVariable("AuthCtrlr", "LocalAuthorizeOffline", "false")
        _ = try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        try await rig.swipe("CARD-1", connector: 1)
        XCTAssertEqual(try rig.link.queue.count(), 0, "known to the cache, not usable offline")
        _ = try await station.setVariable("AuthCtrlr", "LocalAuthorizeOffline", "true")
        try await rig.swipe("CARD-1", connector: 1)
        XCTAssertEqual(try rig.link.queue.all().first?["eventType"], .string("Started"))
    }

    func testAnAuthorizeWithoutAnswerIsDecidedAsOffline() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        // The station still believes it is online: the Authorize fails, the card is unknown.
        rig.link.setOnline(false)
        try await rig.swipe("STRANGER", connector: 1)
        XCTAssertEqual(try rig.link.queue.count(), 0)
        _ = try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        try await rig.swipe("STRANGER", connector: 1)
        XCTAssertEqual(try rig.link.queue.all().first?["eventType"], .string("Started"))
    }

    func testTheCacheExpiresAtCacheExpiryDateTimeAndAfterItsLifeTime() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        let start = Timestamp(rig.clock.wallTime)
        rig.link.setIdTokenInfo(tokenInfo("Accepted", cacheExpiry: start.adding(seconds: 60).description), for: "SHORT")
        try await rig.swipe("SHORT")
        try await rig.swipe("SHORT")
        XCTAssertEqual(rig.authorized(), ["SHORT"])
        await rig.clock.advance(by: .seconds(61))
        try await rig.swipe("SHORT")
        XCTAssertEqual(rig.authorized(), ["SHORT", "SHORT"])

        _ = try await station.setVariable("AuthCacheCtrlr", "LifeTime", "100")
        try await rig.swipe("LONG")
        await rig.clock.advance(by: .seconds(90))
        try await rig.swipe("LONG")
        XCTAssertEqual(rig.authorized().filter { $0 == "LONG" }.count, 1, "used within its life time")
        await rig.clock.advance(by: .seconds(101))
        try await rig.swipe("LONG")
        XCTAssertEqual(rig.authorized().filter { $0 == "LONG" }.count, 2)
    }

    func testClearCacheEmptiesTheCacheAndIsRejectedWhileTheCacheIsDisabled() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        try await rig.swipe("CARD-1")
        let cleared = try await station.request(ClearCache.Request.self, "{}")
        XCTAssertEqual(cleared["status"], .string("Accepted"))
        XCTAssertNil(rig.store.document(.ocpp201AuthorizationCache))
        try await rig.swipe("CARD-1")
        XCTAssertEqual(rig.authorized(), ["CARD-1", "CARD-1"])
        _ = try await station.setVariable("AuthCacheCtrlr", "Enabled", "false")
        let refused = try await station.request(ClearCache.Request.self, "{}")
        XCTAssertEqual(refused["status"], .string("Rejected"))
    }

    func testTheCacheIsKeptAcrossAReboot() async throws {
        let rig = Station201Rig()
        let (_, first) = await rig.bootWithAnswers()
        try await rig.swipe("CARD-1")
        first.cancel()
        _ = await first.value
        let (station, second) = await rig.bootWithAnswers()
        defer { second.cancel() }
        await rig.goOffline(station)
        try rig.hardware.plug(connector: 2)
        try await rig.swipe("CARD-1", connector: 2)
        XCTAssertEqual(try rig.link.queue.all().first?["eventType"], .string("Started"))
        XCTAssertEqual(rig.authorized(), ["CARD-1"])
    }

    func testATokenOfTheSameGroupStopsTheTransaction() async throws {
        let rig = Station201Rig()
        let (_, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        rig.link.setIdTokenInfo(tokenInfo("Accepted", group: "FLEET"), for: "CARD-A")
        rig.link.setIdTokenInfo(tokenInfo("Accepted", group: "FLEET"), for: "CARD-B")
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("CARD-A", connector: 1)
        try await rig.swipe("CARD-B")
        XCTAssertEqual(rig.eventSummary().last, "Ended/StopAuthorized/Local")
        XCTAssertEqual(rig.authorized(), ["CARD-A", "CARD-B"])
    }

    func testAMasterPassStopsEveryTransactionAndStartsNone() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        expect(try await station.setVariable("AuthCtrlr", "MasterPassGroupId", "MASTER"), .string("Accepted"))
        rig.link.setIdTokenInfo(tokenInfo("Accepted", group: "MASTER"), for: "BOSS")
        try rig.hardware.plug(connector: 1)
        try rig.hardware.plug(connector: 2)
        try await rig.swipe("CARD-1", connector: 1)
        try await rig.swipe("CARD-2", connector: 2)
        try await rig.swipe("BOSS")
        let ended = rig.events().filter { $0["eventType"] == .string("Ended") }
        XCTAssertEqual(ended.map { field($0, "transactionInfo", "stoppedReason") }, [.string("MasterPass"), .string("MasterPass")])
        try await rig.swipe("BOSS", connector: 1)
        XCTAssertEqual(rig.events().filter { $0["eventType"] == .string("Started") }.count, 2)
    }

    func testEvseIdLimitsWhereATokenMayCharge() async throws {
        let rig = Station201Rig()
        let (_, task) = await rig.bootWithAnswers()
        defer { task.cancel() }
        rig.link.setIdTokenInfo(tokenInfo("Accepted", evseIds: [2]), for: "ONLY-2")
        try rig.hardware.plug(connector: 1)
        try await rig.swipe("ONLY-2", connector: 1)
        XCTAssertEqual(rig.events(), [])
        try await rig.swipe("ONLY-2")
        try rig.hardware.plug(connector: 2)
        await rig.clock.settle()
        let started = try XCTUnwrap(rig.events().first)
        XCTAssertEqual(field(started, "evse", "id"), .integer(2))
    }
}
