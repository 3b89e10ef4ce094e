// The OCPP 2.0.1 client over a loopback to the CSMS double, in virtual time: a typed CALL and
// its answer, and a queued TransactionEvent the CSMS refuses, sent MessageAttempts times with
// growing waits and then dropped. (The double decodes as 1.6, so it refuses TransactionEvent
// with NotImplemented: exactly the refusal needed.)

import CentralSystem
import OCPP
import OCPP201
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

final class CentralSystemClient201Tests: XCTestCase {
    /// A connected 2.0.1 client in a world of its own, counting the TransactionEvents it sent.
    struct Bench {
        let clock = ManualClock()
        let world = VirtualTimeWorld()
        let queue = TransactionEventQueue(store: InMemoryStationStore())
        let sent = Locked<[String]>([])
        let client: CentralSystemClient201<ManualClock>
        let csms: CSMSDouble
        let task: Task<Void, Never>

        init() async {
            let clock = clock
            clock.settle(with: { [world] in await world.idle() })
            csms = CSMSDouble(now: { Timestamp(clock.wallTime) })
            let sent = sent
            client = CentralSystemClient201(transport: csms.transport, queue: queue, clock: clock, traffic: { outgoing, frame in
                if outgoing { sent.withLock { $0.append(frame) } }
            })
            let client = client
            task = world.start { await client.run() }
            await world.idle()
        }

        var transactionEventsSent: Int { sent.value.filter { $0.contains("\"TransactionEvent\"") }.count }
    }

    func testATypedCallGetsItsAnswer() async throws {
        let bench = await Bench()
        defer { bench.task.cancel() }
        let answer = try await bench.client.call(OCPP201.Heartbeat.Request())
        XCTAssertEqual(answer.currentTime, Timestamp(bench.clock.wallTime))
    }

    func testARefusedTransactionEventIsRetriedWithGrowingWaitsThenDropped() async throws {
        let bench = await Bench()
        defer { bench.task.cancel() }
        try bench.queue.append(.object([("eventType", .string("Started"))]))
        bench.client.setRetryPolicy(attempts: 3, interval: .seconds(10))
        bench.client.setTransactionEventDelivery(enabled: true)
        await bench.clock.settle()
        XCTAssertEqual(bench.transactionEventsSent, 1)
        await bench.clock.advance(by: .seconds(9))
        XCTAssertEqual(bench.transactionEventsSent, 1)
        await bench.clock.advance(by: .seconds(1))
        XCTAssertEqual(bench.transactionEventsSent, 2)
        await bench.clock.advance(by: .seconds(19))
        XCTAssertEqual(bench.transactionEventsSent, 2)
        await bench.clock.advance(by: .seconds(1))
        XCTAssertEqual(bench.transactionEventsSent, 3)
        XCTAssertEqual(try bench.queue.count(), 0)
        await bench.clock.advance(by: .seconds(600))
        XCTAssertEqual(bench.transactionEventsSent, 3)
    }
}
