// The 2.0.1 link is the one link: its CALLs time out through the single deadline watcher (no
// timer task per CALL), it reconnects with jittered backoff, and it delivers the TransactionEvents
// of the store's queue table in order, also after the store was reopened.

import CentralSystem
import Foundation
import OCPP
import OCPP201
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

/// A 2.0.1 central system in the test process that answers every CALL with an empty object and
/// records the CALLs' actions and payloads; it refuses connections while offline.
final class AnsweringCSMS201: FrameTransport, @unchecked Sendable {
    let received = Locked<[(action: String, payload: JSONValue)]>([])
    let connections = Locked(0)

    func connect() async throws(TransportError) -> any FrameConnection {
        connections.withLock { $0 += 1 }
        return Connection(csms: self)
    }

    struct Connection: FrameConnection {
        let csms: AnsweringCSMS201
        let stream = AsyncStream<String>.makeStream()
        var incoming: AsyncStream<String> { stream.stream }

        func send(_ text: String) async throws(TransportError) {
            guard case .array(let frame)? = try? JSONParser.parse(text), frame.count == 4, case .string(let id) = frame[1],
                  case .string(let action) = frame[2] else { return }
            csms.received.withLock { $0.append((action, frame[3])) }
            stream.continuation.yield(JSONWriter.string(.array([.integer(3), .string(id), .object([])])))
        }

        func close(_ reason: CloseReason) async { stream.continuation.finish() }
    }

    /// The seqNos of the TransactionEvents received, in order.
    var seqNos: [Int] {
        received.value.filter { $0.action == "TransactionEvent" }.compactMap { entry in
            if case .number(let literal)? = entry.payload["seqNo"] { return Int(literal) }
            return nil
        }
    }
}

final class LinkClient201Tests: XCTestCase {
    func testAnUnansweredCallTimesOutThroughTheOneDeadlineWatcher() async throws {
        let bench = await CentralSystemClient201Tests.Bench()
        defer { bench.task.cancel() }
        // Three answered CALLs: one watcher sleeps (until the first deadline), not a timer per CALL.
        for _ in 0..<3 { _ = try await bench.client.call(OCPP201.Heartbeat.Request()) }
        await bench.world.idle()
        XCTAssertEqual(bench.clock.sleeperCount, 1, "one deadline watcher, not a timer task per CALL")
        await bench.csms.ignoreNext(.heartbeat, times: 1)
        let client = bench.client
        let pending = bench.world.start { () -> Link201Error? in
            do {
                _ = try await client.call(OCPP201.Heartbeat.Request())
                return nil
            } catch {
                return error as? Link201Error
            }
        }
        await bench.world.idle()
        XCTAssertEqual(bench.clock.sleeperCount, 1, "one watcher sleeps until the deadline")
        await bench.clock.advance(by: .seconds(9))
        XCTAssertEqual(bench.clock.sleeperCount, 1, "not yet timed out")
        await bench.clock.advance(by: .seconds(1))
        let outcome = await pending.value
        XCTAssertEqual(outcome, .timeout)
        await bench.world.idle()
        XCTAssertEqual(bench.clock.sleeperCount, 0, "the watcher ends with the last deadline")
    }

    func testTheQueueTableIsDeliveredInOrderAfterTheStoreIsReopened() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("link201-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("station.sqlite").path
        do {
            let queue = TransactionEventQueue(store: try SQLiteStationStore(path: path))
            for seqNo in 0..<5 { try queue.append(.object([("eventType", .string("Updated")), ("seqNo", .integer(seqNo))])) }
        }
        let store = try SQLiteStationStore(path: path)
        let queue = TransactionEventQueue(store: store)
        let clock = ManualClock()
        let world = VirtualTimeWorld()
        clock.settle(with: { [world] in await world.idle() })
        let csms = AnsweringCSMS201()
        let client = CentralSystemClient201(transport: csms, queue: queue, clock: clock)
        let task = world.start { await client.run() }
        defer {
            task.cancel()
            world.stop()
        }
        await world.idle()
        XCTAssertEqual(csms.seqNos, [], "nothing goes before delivery is enabled (registration)")
        client.setTransactionEventDelivery(enabled: true)
        await world.idle()
        XCTAssertEqual(csms.seqNos, [0, 1, 2, 3, 4])
        XCTAssertEqual(try store.queuedMessageCount(), 0, "each row removed once answered")
    }

    func testReconnectionWaitsAreJittered() async throws {
        // Two clients with different seeds wait differently before their first reconnection.
        var firstReconnections: [Duration] = []
        for seed in [UInt64(3), 7] {
            let clock = ManualClock()
            let world = VirtualTimeWorld()
            clock.settle(with: { [world] in await world.idle() })
            let csms = CSMSDouble(now: { Timestamp(clock.wallTime) })
            let client = CentralSystemClient201(
                transport: csms.transport, queue: TransactionEventQueue(store: InMemoryStationStore()), clock: clock,
                settings: ClientSettings(initialBackoff: .seconds(8)), random: SeededGenerator(seed: seed)
            )
            let task = world.start { await client.run() }
            await world.idle()
            await csms.setOnline(false)
            await world.idle()
            await csms.setOnline(true)
            var waited = Duration.zero
            while await csms.connectionCount < 2, waited < .seconds(10) {
                await clock.advance(by: .milliseconds(250))
                waited += .milliseconds(250)
            }
            task.cancel()
            world.stop()
            firstReconnections.append(waited)
        }
        XCTAssertTrue(firstReconnections.allSatisfy { $0 >= .seconds(4) && $0 <= .seconds(8) }, "\(firstReconnections)")
        XCTAssertNotEqual(firstReconnections[0], firstReconnections[1], "the seed draws the wait")
    }
}
