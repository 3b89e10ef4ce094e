// The OCPP-J client over a loopback to the CSMS double: one CALL in flight, response timeouts,
// CSMS CALLs answered while our own CALL waits, and offline calls failing at once. Everything
// runs in a VirtualTimeWorld, whose idleness the tests wait for (no yields, no real time).

import CentralSystem
import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

/// A request handler that answers every CALL with an empty object and counts them.
actor CountingHandler: CentralSystemRequestHandler {
    var count = 0
    func handle(_ call: Call) async -> Result<JSONValue, CallError> {
        count += 1
        return .success(.object([("status", .string("Accepted"))]))
    }
}

/// A client connected to the CSMS double, running in a world of its own.
struct ClientBench {
    let client: CentralSystemClient<ManualClock>
    let csms: CSMSDouble
    let clock: ManualClock
    let world: VirtualTimeWorld
    let handler: CountingHandler
    let task: Task<Void, Never>

    /// Connects a new client (returns once it is connected and everything is idle).
    static func connected() async -> ClientBench {
        let clock = ManualClock()
        let world = VirtualTimeWorld()
        clock.settle(with: { await world.idle() })
        let csms = CSMSDouble(now: { Timestamp(clock.wallTime) })
        let client = CentralSystemClient(transport: csms.transport, store: InMemoryStationStore(), clock: clock)
        let handler = CountingHandler()
        await client.attach(handler: handler, events: { _ in })
        let task = world.start { await client.run() }
        await world.idle()
        return ClientBench(client: client, csms: csms, clock: clock, world: world, handler: handler, task: task)
    }

    /// Stops the client and its world.
    func stop() {
        task.cancel()
        world.stop()
    }
}

final class CentralSystemClientTests: XCTestCase {
    func makeClient() async -> (CentralSystemClient<ManualClock>, CSMSDouble, ManualClock, ClientBench, CountingHandler) {
        let bench = await ClientBench.connected()
        let connected = await bench.csms.isConnected
        XCTAssertTrue(connected)
        return (bench.client, bench.csms, bench.clock, bench, bench.handler)
    }

    func testCallGetsItsTypedAnswer() async throws {
        let (client, _, _, bench, _) = await makeClient()
        defer { bench.stop() }
        let answer = try await client.call(Heartbeat.Request())
        XCTAssertGreaterThan(answer.currentTime.millisecondsSince1970, 0)
    }

    func testUnansweredCallTimesOutAndTheNextCallProceeds() async throws {
        let (client, csms, clock, bench, _) = await makeClient()
        defer { bench.stop() }
        await csms.ignoreNext(.heartbeat, times: 1)
        let pending = bench.world.start { () -> LinkError? in
            do {
                _ = try await client.call(Heartbeat.Request())
                return nil
            } catch let error as LinkError {
                return error
            } catch {
                return nil
            }
        }
        await bench.world.idle()
        let first = await csms.calls(.heartbeat).count
        XCTAssertEqual(first, 1)
        // The second call waits for the first (one CALL in flight).
        let second = bench.world.start { try? await client.call(Heartbeat.Request()) }
        await bench.world.idle()
        let inFlight = await csms.calls(.heartbeat).count
        XCTAssertEqual(inFlight, 1, "a second CALL is not sent before the first is answered or timed out")
        await clock.waitForSleepers(1)
        await clock.advance(by: .seconds(10))
        let firstOutcome = await pending.value
        XCTAssertEqual(firstOutcome, LinkError.timeout)
        let secondAnswer = await second.value
        XCTAssertNotNil(secondAnswer)
        let sent = await csms.calls(.heartbeat).count
        XCTAssertEqual(sent, 2)
    }

    func testCSMSCallIsAnsweredWhileOurCallWaits() async throws {
        let (client, csms, clock, bench, handler) = await makeClient()
        defer { bench.stop() }
        await csms.ignoreNext(.heartbeat, times: 1)
        let waiting = bench.world.start { try? await client.call(Heartbeat.Request()) }
        await bench.world.idle()
        let answer = await csms.send(ClearCache.Request())
        XCTAssertEqual(try answer.get().status, .accepted)
        let handled = await handler.count
        XCTAssertEqual(handled, 1)
        await clock.waitForSleepers(1)
        await clock.advance(by: .seconds(10))
        _ = await waiting.value
    }

    func testCallsFailAtOnceWhileOffline() async throws {
        let (client, csms, _, bench, _) = await makeClient()
        defer { bench.stop() }
        await csms.setOnline(false)
        await bench.world.idle()
        let connected = await client.isConnected
        XCTAssertFalse(connected)
        do {
            _ = try await client.call(Heartbeat.Request())
            XCTFail("a call while offline succeeded")
        } catch {
            XCTAssertEqual(error, .offline)
        }
    }

    func testAnswersWithUnknownIdsAreIgnored() async throws {
        let (client, csms, _, bench, _) = await makeClient()
        defer { bench.stop() }
        await csms.sendRaw(#"[3,"nobody-asked",{}]"#)
        await csms.sendRaw(#"[4,"nobody-asked","GenericError","",{}]"#)
        let answer = try await client.call(Heartbeat.Request())
        XCTAssertGreaterThan(answer.currentTime.millisecondsSince1970, 0)
    }
}
