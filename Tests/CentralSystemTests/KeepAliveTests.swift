// The link's one timer also sends the connection's keep-alives: one every interval while the
// connection is open, none after a peer found gone, and a CALL's timeout still fires at its own
// deadline while that timer sleeps towards a later keep-alive.

import CentralSystem
import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

/// A central system in the test process whose connections ask for a keep-alive every minute;
/// it answers CALLs unless told not to, and counts keep-alives, failing the `failingFrom`-th.
final class KeepAliveCSMS: FrameTransport, @unchecked Sendable {
    let keepAlives = Locked(0)
    let answers = Locked(true)
    let failingFrom = Locked(Int.max)
    let connections = Locked(0)

    func connect() async throws(TransportError) -> any FrameConnection {
        connections.withLock { $0 += 1 }
        return Connection(csms: self)
    }

    struct Connection: FrameConnection {
        let csms: KeepAliveCSMS
        let stream = AsyncStream<String>.makeStream()
        var incoming: AsyncStream<String> { stream.stream }
        var keepAliveInterval: Duration? { .seconds(60) }

        func keepAlive() -> Bool {
            let count = csms.keepAlives.withLock { count in
                count += 1
                return count
            }
            guard count < csms.failingFrom.value else {
                stream.continuation.finish()
                return false
            }
            return true
        }

        func send(_ text: String) async throws(TransportError) {
            guard csms.answers.value, case .array(let frame)? = try? JSONParser.parse(text), frame.count == 4, case .string(let id) = frame[1] else { return }
            stream.continuation.yield(JSONWriter.string(.array([.integer(3), .string(id), .object([])])))
        }

        func close(_ reason: CloseReason) async { stream.continuation.finish() }
    }
}

final class KeepAliveTests: XCTestCase {
    struct Bench {
        let clock = ManualClock()
        let world = VirtualTimeWorld()
        let csms = KeepAliveCSMS()
        let client: CentralSystemClient<ManualClock>
        let task: Task<Void, Never>

        init() async {
            let clock = clock
            clock.settle(with: { [world] in await world.idle() })
            client = CentralSystemClient(
                transport: csms, store: InMemoryStationStore(), clock: clock,
                settings: ClientSettings(responseTimeout: .seconds(30), initialBackoff: .seconds(3600))
            )
            let client = client
            task = world.start { await client.run() }
            await world.idle()
        }
    }

    func testAKeepAliveGoesOutEveryIntervalWhileTheConnectionIsOpen() async {
        let bench = await Bench()
        defer { bench.task.cancel() }
        XCTAssertEqual(bench.clock.sleeperCount, 1, "one timer waits for the first keep-alive")
        await bench.clock.advance(by: .seconds(59))
        XCTAssertEqual(bench.csms.keepAlives.value, 0)
        await bench.clock.advance(by: .seconds(1))
        XCTAssertEqual(bench.csms.keepAlives.value, 1)
        await bench.clock.advance(by: .seconds(120))
        XCTAssertEqual(bench.csms.keepAlives.value, 3)
        XCTAssertEqual(bench.clock.sleeperCount, 1, "still one timer")
    }

    func testAPeerFoundGoneEndsTheConnectionAndItsKeepAlives() async {
        let bench = await Bench()
        defer { bench.task.cancel() }
        bench.csms.failingFrom.withLock { $0 = 2 }
        await bench.clock.advance(by: .seconds(120))
        XCTAssertEqual(bench.csms.keepAlives.value, 2)
        let connected = await bench.client.isConnected
        XCTAssertFalse(connected, "the second keep-alive found the peer gone")
        // Only the reconnection backoff sleeps now: no keep-alive of the closed connection.
        await bench.clock.advance(by: .seconds(600))
        XCTAssertEqual(bench.csms.keepAlives.value, 2)
    }

    func testACallTimesOutAtItsDeadlineWhileTheTimerSleepsTowardsALaterKeepAlive() async {
        let bench = await Bench()
        defer { bench.task.cancel() }
        // At 10 s the timer sleeps until the keep-alive at 60 s; a CALL's deadline is at 40 s.
        await bench.clock.advance(by: .seconds(10))
        bench.csms.answers.withLock { $0 = false }
        let client = bench.client
        let outcome = Locked<LinkError?>(nil)
        bench.world.start {
            do {
                _ = try await client.call(Heartbeat.Request())
            } catch let error as LinkError {
                outcome.withLock { $0 = error }
            } catch {}
        }
        await bench.world.idle()
        XCTAssertEqual(bench.clock.sleeperCount, 1, "one timer, restarted for the earlier deadline")
        await bench.clock.advance(by: .seconds(29))
        XCTAssertNil(outcome.value)
        XCTAssertEqual(bench.csms.keepAlives.value, 0)
        await bench.clock.advance(by: .seconds(1))
        await bench.world.idle()
        XCTAssertEqual(outcome.value, .timeout, "timed out at 40 s, not at the keep-alive")
        await bench.clock.advance(by: .seconds(20))
        XCTAssertEqual(bench.csms.keepAlives.value, 1, "the keep-alive still comes at 60 s")
    }
}
