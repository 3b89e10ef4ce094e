// Power loss: the station is dropped mid-transaction without writing anything, then built again
// from the same SQLite file; the cut transaction is stopped with reason PowerLoss and the meter
// value at restart, and everything the store held is delivered.

import Foundation
import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

final class PowerLossTests: StationTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerloss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try await super.tearDown()
        try? FileManager.default.removeItem(at: folder)
    }

    func testATransactionCutByPowerLossIsStoppedWithPowerLossAfterRestart() async throws {
        let path = folder.appendingPathComponent("station.sqlite").path
        try await startStation([.meterValueSampleInterval: "0", .clockAlignedDataInterval: "0"], store: try SQLiteStationStore(path: path))
        let start = try await startTransaction(connectorId: 2, tag: "NIGHT-1")
        try await expect("transaction id known") { await self.snapshot().connectors[1].transactionId == 1000 }
        await harness.advance(.seconds(600))
        await harness.cutPower()
        await csms.clearReceived()

        try await harness.start(store: try SQLiteStationStore(path: path))
        try await expect("StopTransaction after restart") { await self.csms.calls(.stopTransaction).count == 1 }
        let stop = try await first(StopTransaction.Request.self)
        XCTAssertEqual(stop.reason, .powerLoss)
        XCTAssertEqual(stop.transactionId, 1000)
        XCTAssertGreaterThan(stop.meterStop, start.meterStart, "the meter value read at restart")
        let actions = await csms.actions
        XCTAssertEqual(actions.first, .bootNotification, "BootNotification comes first after a reboot")
        try await expect("queue empty") { (try? self.harness.store.queuedMessageCount()) == 0 }
    }

    func testMessagesQueuedOfflineSurviveAPowerCutAndKeepTheirOrder() async throws {
        let path = folder.appendingPathComponent("station.sqlite").path
        try await startStation([.meterValueSampleInterval: "30", .clockAlignedDataInterval: "0", .allowOfflineTxForUnknownId: "true"],
                               store: try SQLiteStationStore(path: path))
        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "OFFLINE-1", connector: 1)
        try await expect("offline transaction") { await self.snapshot().connectors[0].transactionRunning }
        await harness.advance(.seconds(95))
        try hardware.presentCard(idTag: "OFFLINE-1", connector: nil)
        try await expect("stopped offline") { await !self.snapshot().connectors[0].transactionRunning }
        try await expect("StartTransaction, Transaction.Begin values, 3 samples, StopTransaction queued") {
            (try? self.harness.store.queuedMessageCount()) == 6
        }
        await harness.cutPower()

        await csms.setOnline(true)
        try await harness.start(store: try SQLiteStationStore(path: path))
        try await expect("all delivered") { await self.csms.calls(.stopTransaction).count == 1 }
        let sequence = await csms.actions.filter { [.startTransaction, .meterValues, .stopTransaction].contains($0) }
        XCTAssertEqual(sequence, [.startTransaction, .meterValues, .meterValues, .meterValues, .meterValues, .stopTransaction])
        let ids = await csms.requests(MeterValues.Request.self).map(\.transactionId)
        XCTAssertEqual(ids, [1000, 1000, 1000, 1000], "every later message carries the id from the StartTransaction answer")
        let stop = try await first(StopTransaction.Request.self)
        XCTAssertEqual(stop.transactionId, 1000)
        XCTAssertNil(stop.reason)
    }
}
