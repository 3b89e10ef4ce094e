// Authorization through the station: the cache (filled from every idTagInfo, persisted, cleared
// by ClearCache), the policy keys LocalPreAuthorize, LocalAuthorizeOffline and
// AllowOfflineTxForUnknownId, and expiry (the policy alone: ChargingCoreTests).

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class AuthorizationTests: StationTestCase {
    func testCacheIsFilledFromAuthorizeAndUsedOfflineThenCleared() async throws {
        try await startStation([.authorizationCacheEnabled: "true", .localAuthorizeOffline: "true"])
        try hardware.presentCard(idTag: "CACHED", connector: 1)
        try await expect("Authorize") { await self.csms.calls(.authorize).count == 1 }
        try await expectStatus(1, .preparing)
        let cached = try harness.store.cachedAuthorization("CACHED")
        XCTAssertEqual(cached?.status, .accepted)
        await harness.advance(.seconds(1000))   // ConnectionTimeOut
        try await expectStatus(1, .available)

        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "CACHED", connector: 1)
        try await expect("offline transaction starts from the cache") { await self.snapshot().connectors[0].transactionRunning }
        try hardware.presentCard(idTag: "STRANGER", connector: 2)
        try hardware.plug(connector: 2)
        await harness.settle()
        let second = await snapshot().connectors[1].transactionRunning
        XCTAssertFalse(second, "unknown tags are refused offline when AllowOfflineTxForUnknownId is false")

        await csms.setOnline(true)
        await harness.advance(.seconds(5))
        try await expect("reconnected") { await self.snapshot().connected }
        let clear = await csms.send(ClearCache.Request())
        XCTAssertEqual(try clear.get().status, .accepted)
        let after = try harness.store.cachedAuthorization("CACHED")
        XCTAssertNil(after)
    }

    func testAllowOfflineTxForUnknownIdStartsOffline() async throws {
        try await startStation([.allowOfflineTxForUnknownId: "true"])
        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 2)
        try hardware.presentCard(idTag: "ANYONE", connector: 2)
        try await expect("offline transaction") { await self.snapshot().connectors[1].transactionRunning }
    }

    func testLocalPreAuthorizeStartsWithoutAskingForACachedTag() async throws {
        try await startStation([.authorizationCacheEnabled: "true", .localPreAuthorize: "true"])
        try harness.store.cacheAuthorization("REGULAR", IdTagInfo(status: .accepted))
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "REGULAR", connector: 1)
        try await expect("StartTransaction") { await self.csms.calls(.startTransaction).count == 1 }
        let authorizes = await csms.calls(.authorize).count
        XCTAssertEqual(authorizes, 0)
    }

    func testTheCacheIsUpdatedFromStartTransactionAnswers() async throws {
        try await startStation([.authorizationCacheEnabled: "true", .authorizeRemoteTxRequests: "false"])
        await csms.setTag("SOON-BLOCKED", IdTagInfo(status: .blocked))
        try hardware.plug(connector: 1)
        _ = await csms.send(RemoteStartTransaction.Request(connectorId: 1, idTag: "SOON-BLOCKED"))
        try await expect("StartTransaction answered") { await self.csms.calls(.startTransaction).count == 1 }
        try await expect("cache updated") { (try? self.harness.store.cachedAuthorization("SOON-BLOCKED"))??.status == .blocked }
    }
}
