// Transactions of the Core profile as the CSMS sees them: start by plug and tag in either order,
// ConnectionTimeOut, stop by the same tag or a tag of the same parent, refused tags, EV-side
// disconnects, and the ordering of status notifications around them.

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class TransactionTests: StationTestCase {
    func testPlugThenSwipeStartsATransactionWithTheMeterRegister() async throws {
        try await startStation()
        try hardware.plug(connector: 1)
        try await expectStatus(1, .preparing)
        try hardware.presentCard(idTag: "TAG-1", connector: 1)
        try await expect("StartTransaction") { await self.csms.calls(.startTransaction).count == 1 }
        try await expectStatus(1, .charging)
        let actions = await csms.actions
        XCTAssertEqual(actions.filter { $0 != .statusNotification }.prefix(2), [.authorize, .startTransaction])
        let start = try await first(StartTransaction.Request.self)
        XCTAssertEqual(start.connectorId, 1)
        XCTAssertEqual(start.idTag, "TAG-1")
        XCTAssertNil(start.reservationId)
        let statuses = await statuses(1)
        XCTAssertEqual(statuses, [.preparing, .charging])
        let order = await csms.actions.filter { $0 != .authorize && $0 != .meterValues }
        XCTAssertEqual(order, [.statusNotification, .startTransaction, .statusNotification], "Preparing, StartTransaction, then Charging")
        try await expect("transaction id 1000 known") { await self.snapshot().connectors[0].transactionId == 1000 }
    }

    func testSwipeThenPlugStartsATransaction() async throws {
        try await startStation()
        try hardware.presentCard(idTag: "TAG-2", connector: 2)
        try await expectStatus(2, .preparing)
        let before = await csms.calls(.startTransaction).count
        XCTAssertEqual(before, 0)
        try hardware.plug(connector: 2)
        try await expect("StartTransaction on 2") { await self.csms.requests(StartTransaction.Request.self).first?.connectorId == 2 }
        try await expectStatus(2, .charging)
    }

    func testConnectionTimeOutCancelsAnAuthorizationWithoutPlug() async throws {
        try await startStation([.connectionTimeOut: "60"])
        try hardware.presentCard(idTag: "TAG-3", connector: 1)
        try await expectStatus(1, .preparing)
        await harness.advance(.seconds(59))
        let still = await statuses(1).last
        XCTAssertEqual(still, .preparing)
        await harness.advance(.seconds(1))
        try await expectStatus(1, .available)
        try hardware.plug(connector: 1)
        try await expectStatus(1, .preparing)
        let starts = await csms.calls(.startTransaction).count
        XCTAssertEqual(starts, 0, "a plug after the timeout must not start the cancelled session")
    }

    func testPlugWithoutAuthorizationReturnsToAvailableWhenUnplugged() async throws {
        try await startStation()
        try hardware.plug(connector: 1)
        try await expectStatus(1, .preparing)
        await harness.advance(.seconds(2000))
        try hardware.unplug(connector: 1)
        try await expectStatus(1, .available)
        let starts = await csms.calls(.startTransaction).count
        XCTAssertEqual(starts, 0)
    }

    func testTheSameTagStopsItsTransactionWithoutAuthorize() async throws {
        try await startStation()
        _ = try await startTransaction(tag: "TAG-1")
        await csms.clearReceived()
        await harness.advance(.seconds(30))
        try hardware.presentCard(idTag: "tag-1", connector: nil)  // idTag compares case-insensitively
        try await expect("StopTransaction") { await self.csms.calls(.stopTransaction).count == 1 }
        let authorizes = await csms.calls(.authorize).count
        XCTAssertEqual(authorizes, 0)
        let stop = try await first(StopTransaction.Request.self)
        XCTAssertEqual(stop.transactionId, 1000)
        XCTAssertEqual(stop.idTag?.value, "tag-1")
        XCTAssertNil(stop.reason, "reason Local is left out")
        XCTAssertGreaterThan(stop.meterStop, 0)
        try await expectStatus(1, .finishing)
        let order = await csms.actions.filter { $0 == .stopTransaction || $0 == .statusNotification }
        XCTAssertEqual(order, [.stopTransaction, .statusNotification], "Finishing follows StopTransaction")
        try hardware.unplug(connector: 1)
        try await expectStatus(1, .available)
    }

    func testATagWithTheSameParentStopsTheTransaction() async throws {
        try await startStation()
        await csms.setTag("CARD-A", IdTagInfo(status: .accepted, parentIdTag: "FLEET-1"))
        await csms.setTag("CARD-B", IdTagInfo(status: .accepted, parentIdTag: "FLEET-1"))
        await csms.setTag("CARD-C", IdTagInfo(status: .accepted, parentIdTag: "OTHER"))
        _ = try await startTransaction(tag: "CARD-A")
        try hardware.presentCard(idTag: "CARD-C", connector: nil)
        try await expect("Authorize of CARD-C") { await self.csms.requests(Authorize.Request.self).contains { $0.idTag == "CARD-C" } }
        await harness.settle()
        let stopsAfterC = await csms.calls(.stopTransaction).count
        XCTAssertEqual(stopsAfterC, 0, "a tag of another parent does not stop the transaction")
        try hardware.presentCard(idTag: "CARD-B", connector: nil)
        try await expect("StopTransaction by CARD-B") { await self.csms.calls(.stopTransaction).count == 1 }
        let stop = try await first(StopTransaction.Request.self)
        XCTAssertEqual(stop.idTag, "CARD-B")
    }

    func testAnInvalidTagStartsNothing() async throws {
        try await startStation()
        await csms.setTag("BAD", IdTagInfo(status: .invalid))
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "BAD", connector: 1)
        try await expect("Authorize") { await self.csms.calls(.authorize).count == 1 }
        await harness.advance(.seconds(5))
        let starts = await csms.calls(.startTransaction).count
        XCTAssertEqual(starts, 0)
        let last = await statuses(1).last
        XCTAssertEqual(last, .preparing)
    }

    func testRefusedStartStopsWithDeAuthorizedWhenStopTransactionOnInvalidId() async throws {
        try await startStation([.stopTransactionOnInvalidId: "true", .authorizeRemoteTxRequests: "false"])
        // Authorize says Accepted, StartTransaction's idTagInfo says Blocked.
        try hardware.plug(connector: 1)
        try await expectStatus(1, .preparing)
        await csms.setTag("LATE-BLOCK", IdTagInfo(status: .blocked))
        _ = await csms.send(RemoteStartTransaction.Request(connectorId: 1, idTag: "LATE-BLOCK"))
        try await expect("StopTransaction DeAuthorized") {
            await self.csms.requests(StopTransaction.Request.self).first?.reason == .deAuthorized
        }
    }

    func testRefusedStartSuspendsEnergyWhenNotStopping() async throws {
        try await startStation([.authorizeRemoteTxRequests: "false"])
        try hardware.plug(connector: 1)
        try await expectStatus(1, .preparing)
        await csms.setTag("LATE-BLOCK", IdTagInfo(status: .blocked))
        _ = await csms.send(RemoteStartTransaction.Request(connectorId: 1, idTag: "LATE-BLOCK"))
        try await expectStatus(1, .suspendedEVSE)
        let stops = await csms.calls(.stopTransaction).count
        XCTAssertEqual(stops, 0)
        let energyBefore = try hardware.snapshot(connector: 1).energyWh
        await harness.advance(.seconds(600))
        let energyAfter = try hardware.snapshot(connector: 1).energyWh
        XCTAssertEqual(energyAfter, energyBefore, accuracy: 1, "no energy flows while SuspendedEVSE")
    }

    func testUnplugStopsWithEVDisconnected() async throws {
        try await startStation()
        _ = try await startTransaction()
        await harness.advance(.seconds(60))
        try hardware.unplug(connector: 1)
        try await expect("StopTransaction EVDisconnected") {
            await self.csms.requests(StopTransaction.Request.self).first?.reason == .evDisconnected
        }
        try await expectStatus(1, .available)
    }

    func testUnplugKeepsTheTransactionWhenStopTransactionOnEVSideDisconnectIsFalse() async throws {
        try await startStation([.stopTransactionOnEVSideDisconnect: "false"])
        _ = try await startTransaction()
        try hardware.unplug(connector: 1)
        try await expectStatus(1, .suspendedEV)
        let stops = await csms.calls(.stopTransaction).count
        XCTAssertEqual(stops, 0)
        try hardware.plug(connector: 1)
        try await expectStatus(1, .charging)
    }

    func testEVSuspendReportsSuspendedEV() async throws {
        try await startStation()
        _ = try await startTransaction()
        try hardware.setEVSuspended(connector: 1, true)
        try await expectStatus(1, .suspendedEV)
        try hardware.setEVSuspended(connector: 1, false)
        try await expectStatus(1, .charging)
    }

    func testTwoConnectorsChargeAtOnce() async throws {
        try await startStation()
        _ = try await startTransaction(connectorId: 1, tag: "T1")
        _ = try await startTransaction(connectorId: 2, tag: "T2")
        try await expect("both transaction ids known") { await self.snapshot().connectors.allSatisfy { $0.transactionId != nil } }
        let snapshot = await snapshot()
        XCTAssertEqual(snapshot.connectors.map(\.status), [.charging, .charging])
        XCTAssertEqual(Set(snapshot.connectors.compactMap(\.transactionId)), [1000, 1001])
    }
}

final class TransactionPolicyTests: StationTestCase {
    func testMaxEnergyOnInvalidIdLetsThatMuchEnergyFlowThenSuspends() async throws {
        try await startStation([.authorizeRemoteTxRequests: "false", .maxEnergyOnInvalidId: "500", .meterValueSampleInterval: "0"])
        try hardware.plug(connector: 1)
        try await expectStatus(1, .preparing)
        await csms.setTag("LATE-BLOCK", IdTagInfo(status: .blocked))
        _ = await csms.send(RemoteStartTransaction.Request(connectorId: 1, idTag: "LATE-BLOCK"))
        try await expectStatus(1, .charging)
        await harness.advance(.seconds(5))
        let stillCharging = await statuses(1).last
        XCTAssertEqual(stillCharging, .charging, "energy goes on below MaxEnergyOnInvalidId")
        await harness.advance(.seconds(600))
        try await expectStatus(1, .suspendedEVSE)
        let stops = await csms.calls(.stopTransaction).count
        XCTAssertEqual(stops, 0)
    }

    func testUnlockConnectorOnEVSideDisconnectUnlocksASocketOutlet() async throws {
        try await startStation([.unlockConnectorOnEVSideDisconnect: "true"], profile: .maxero200QCSockets)
        _ = try await startTransaction()
        let locked = try hardware.snapshot(connector: 1).isLocked
        XCTAssertTrue(locked, "the station locks a socket outlet while charging")
        try hardware.unplug(connector: 1)
        try await expect("StopTransaction EVDisconnected") { await self.csms.calls(.stopTransaction).count == 1 }
        try await expect("unlocked") { (try? self.hardware.snapshot(connector: 1).isLocked) == false }
    }

    func testHeartbeatsPauseWhileOtherMessagesFlow() async throws {
        harness = StationHarness(overrides: [.meterValueSampleInterval: "0", .clockAlignedDataInterval: "0"])
        await harness.csms.setBoot(.accepted, interval: 60)
        try await harness.start()
        try await expect("boot statuses") { await self.csms.calls(.statusNotification).count >= 3 }
        for _ in 0..<6 {
            await harness.advance(.seconds(40))
            _ = await harness.station.sendDataTransfer(vendorId: "com.maxero", messageId: "ping")
        }
        let heartbeats = await csms.calls(.heartbeat).count
        XCTAssertEqual(heartbeats, 0, "every 40 s another message went out, so no heartbeat was due")
        await harness.advance(.seconds(60))
        try await expect("heartbeat once idle") { await self.csms.calls(.heartbeat).count == 1 }
    }
}
