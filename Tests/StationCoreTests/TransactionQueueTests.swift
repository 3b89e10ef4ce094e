// The transaction-message queue as OCPP 1.6 section 4.10 defines it: in order, retried after a
// CALLERROR TransactionMessageAttempts times with TransactionMessageRetryInterval × n waits, then
// dropped; waiting (not dropped) while offline or unanswered; transactionIds filled in; after an
// outage, drained with only the unanswered message left in the store.

import CentralSystem
import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class TransactionQueueTests: StationTestCase {
    func testCallErrorsAreRetriedWithGrowingWaits() async throws {
        try await startStation([.transactionMessageAttempts: "3", .transactionMessageRetryInterval: "10", .meterValueSampleInterval: "0"])
        await csms.failNext(.startTransaction, times: 2)
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "RETRY", connector: 1)
        try await expect("first attempt") { await self.csms.calls(.startTransaction).count == 1 }
        await harness.advance(.seconds(9))
        var attempts = await csms.calls(.startTransaction).count
        XCTAssertEqual(attempts, 1)
        await harness.advance(.seconds(1))
        try await expect("second attempt after 10 s") { await self.csms.calls(.startTransaction).count == 2 }
        await harness.advance(.seconds(19))
        attempts = await csms.calls(.startTransaction).count
        XCTAssertEqual(attempts, 2)
        await harness.advance(.seconds(1))
        try await expect("third attempt after 20 s more") { await self.csms.calls(.startTransaction).count == 3 }
        try await expect("transaction id from the third answer") { await self.snapshot().connectors[0].transactionId != nil }
    }

    func testAMessageIsDroppedAfterItsLastAttemptAndTheNextOneFollows() async throws {
        try await startStation([.transactionMessageAttempts: "1", .meterValueSampleInterval: "30"])
        _ = try await startTransaction()
        try await expect("transaction id known") { await self.snapshot().connectors[0].transactionId == 1000 }
        await csms.failNext(.meterValues, times: 1)
        await harness.advance(.seconds(30))
        try await expect("failed MeterValues") { await self.csms.calls(.meterValues).count >= 2 }
        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("StopTransaction still delivered") { await self.csms.calls(.stopTransaction).count == 1 }
        XCTAssertTrue(harness.log.contains { $0.contains("dropped after 1 attempt") }, "the drop is logged")
        try await expect("queue empty") { (try? self.harness.store.queuedMessageCount()) == 0 }
    }

    func testAnUnansweredMessageIsNotDropped() async throws {
        try await startStation([.transactionMessageAttempts: "1", .meterValueSampleInterval: "0"])
        _ = try await startTransaction()
        await csms.ignoreNext(.stopTransaction, times: 1)
        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("first StopTransaction") { await self.csms.calls(.stopTransaction).count == 1 }
        await harness.advance(.seconds(10))   // response timeout
        await harness.advance(.seconds(10))   // pause before sending again
        try await expect("StopTransaction sent again") { await self.csms.calls(.stopTransaction).count == 2 }
        try await expect("queue empty") { (try? self.harness.store.queuedMessageCount()) == 0 }
    }

    func testOfflineStartGetsItsIdWhenTheLinkReturns() async throws {
        try await startStation([.allowOfflineTxForUnknownId: "true", .meterValueSampleInterval: "60"])
        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "WALK-IN", connector: 1)
        try await expect("offline transaction") { await self.snapshot().connectors[0].transactionRunning }
        await harness.advance(.seconds(120))
        let idOffline = await snapshot().connectors[0].transactionId
        XCTAssertNil(idOffline, "no invented transaction id while offline")
        await csms.setOnline(true)
        await harness.advance(.seconds(60))
        try await expect("id from the StartTransaction answer") { await self.snapshot().connectors[0].transactionId == 1000 }
        let ids = await csms.requests(MeterValues.Request.self).compactMap(\.transactionId)
        XCTAssertFalse(ids.isEmpty)
        XCTAssertTrue(ids.allSatisfy { $0 == 1000 }, "\(ids)")
        // Statuses that changed while offline are sent on reconnect.
        try await expectStatus(1, .charging)
    }

    func testADrainedQueueKeepsWhatIsUnansweredAndEndsEmpty() async throws {
        try await startStation([.allowOfflineTxForUnknownId: "true", .meterValueSampleInterval: "10", .clockAlignedDataInterval: "0"])
        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "OUTAGE", connector: 1)
        try await expect("offline transaction") { await self.snapshot().connectors[0].transactionRunning }
        await harness.advance(.seconds(40))
        try hardware.presentCard(idTag: "OUTAGE", connector: nil)
        try await expect("stopped") { await !self.snapshot().connectors[0].transactionRunning }
        let queued = try harness.store.queuedMessages(limit: 100).map(\.action)
        XCTAssertEqual(queued.first, .startTransaction)
        XCTAssertEqual(queued.last, .stopTransaction)
        XCTAssertGreaterThanOrEqual(queued.filter { $0 == .meterValues }.count, 3)
        await csms.ignoreNext(.meterValues, times: 1)
        await csms.setOnline(true)
        // The link comes back after its reconnection backoff (at most a minute).
        for _ in 0..<70 where await csms.calls(.meterValues).isEmpty {
            await harness.advance(.seconds(1))
        }
        try await expect("the first MeterValues sent, unanswered") { await self.csms.calls(.meterValues).count == 1 }
        let waiting = try harness.store.queuedMessages(limit: 100).map(\.action)
        XCTAssertEqual(waiting, Array(queued.dropFirst()), "the answered StartTransaction left the queue; the unanswered MeterValues stays")
        await harness.advance(.seconds(10))   // response timeout
        await harness.advance(.seconds(10))   // pause before sending again
        try await expect("drained") { await self.csms.calls(.stopTransaction).count == 1 }
        try await expect("queue empty") { (try? self.harness.store.queuedMessageCount()) == 0 }
        let delivered = await csms.actions.filter { [.startTransaction, .meterValues, .stopTransaction].contains($0) }
        XCTAssertEqual(delivered.map { QueuedAction($0) }, [.startTransaction, .meterValues] + queued.dropFirst(), "in order, the unanswered MeterValues sent twice")
    }
}

final class TransactionQueueBoundTests: StationTestCase {
    func testAFullQueueDropsTheOldestMeterValuesButNeverStartOrStop() async throws {
        harness = StationHarness(overrides: [.meterValueSampleInterval: "10", .clockAlignedDataInterval: "0", .allowOfflineTxForUnknownId: "true"],
                                 clientSettings: ClientSettings(queueLimit: 5))
        try await harness.start()
        try await expect("boot statuses") { await self.csms.calls(.statusNotification).count >= 3 }
        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "LONG-OFFLINE", connector: 1)
        try await expect("offline transaction") { await self.snapshot().connectors[0].transactionRunning }
        await harness.advance(.seconds(200))
        try hardware.presentCard(idTag: "LONG-OFFLINE", connector: nil)
        try await expect("stopped") { await !self.snapshot().connectors[0].transactionRunning }
        try await expect("queue within its bound") { (try? self.harness.store.queuedMessageCount()) == 5 }
        XCTAssertTrue(harness.log.contains { $0.contains("dropped the") && $0.contains("oldest MeterValues") })
        await csms.clearReceived()
        await csms.setOnline(true)
        await harness.advance(.seconds(60))
        try await expect("delivered") { await self.csms.calls(.stopTransaction).count == 1 }
        let sequence = await csms.actions.filter { [.startTransaction, .meterValues, .stopTransaction].contains($0) }
        XCTAssertEqual(sequence, [.startTransaction, .meterValues, .meterValues, .meterValues, .stopTransaction])
        let values = await csms.requests(MeterValues.Request.self).map { $0.meterValue[0].timestamp }
        XCTAssertEqual(values, values.sorted(), "what is left is delivered in order: the newest samples")
    }
}
