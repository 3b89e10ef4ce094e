// The OCPP-J client over a loopback to the CSMS double: one CALL in flight, response timeouts,
// CSMS CALLs answered while our own CALL waits, and offline calls failing at once.

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

final class CentralSystemClientTests: XCTestCase {
    /// Waits until the pending CALL's response timeout sleeps on the clock, so that advancing the
    /// clock reaches it (a sleeper that registers after the advance would wait forever).
    static func waitForTimeoutTimer(_ clock: ManualClock) async {
        for _ in 0..<10_000 where clock.sleeperCount == 0 { await Task.yield() }
    }

    func makeClient() async -> (CentralSystemClient<ManualClock>, CSMSDouble, ManualClock, Task<Void, Never>, CountingHandler) {
        let clock = ManualClock()
        let csms = CSMSDouble(now: { Timestamp(clock.wallTime) })
        let client = CentralSystemClient(transport: csms.transport, store: InMemoryStationStore(), clock: clock)
        let handler = CountingHandler()
        await client.attach(handler: handler, events: { _ in })
        let task = Task { await client.run() }
        for _ in 0..<1000 where !(await csms.isConnected) { await Task.yield() }
        return (client, csms, clock, task, handler)
    }

    func testCallGetsItsTypedAnswer() async throws {
        let (client, _, _, task, _) = await makeClient()
        defer { task.cancel() }
        let answer = try await client.call(Heartbeat.Request())
        XCTAssertGreaterThan(answer.currentTime.millisecondsSince1970, 0)
    }

    func testUnansweredCallTimesOutAndTheNextCallProceeds() async throws {
        let (client, csms, clock, task, _) = await makeClient()
        defer { task.cancel() }
        await csms.ignoreNext(.heartbeat, times: 1)
        let pending = Task { () -> LinkError? in
            do {
                _ = try await client.call(Heartbeat.Request())
                return nil
            } catch let error as LinkError {
                return error
            } catch {
                return nil
            }
        }
        for _ in 0..<1000 where await csms.calls(.heartbeat).isEmpty { await Task.yield() }
        // The second call waits for the first (one CALL in flight).
        let second = Task { try await client.call(Heartbeat.Request()) }
        await ManualClock.settle()
        let inFlight = await csms.calls(.heartbeat).count
        XCTAssertEqual(inFlight, 1, "a second CALL is not sent before the first is answered or timed out")
        await Self.waitForTimeoutTimer(clock)
        await clock.advance(by: .seconds(10))
        let firstOutcome = await pending.value
        XCTAssertEqual(firstOutcome, LinkError.timeout)
        _ = try await second.value
        let sent = await csms.calls(.heartbeat).count
        XCTAssertEqual(sent, 2)
    }

    func testCSMSCallIsAnsweredWhileOurCallWaits() async throws {
        let (client, csms, clock, task, handler) = await makeClient()
        defer { task.cancel() }
        await csms.ignoreNext(.heartbeat, times: 1)
        let waiting = Task { try? await client.call(Heartbeat.Request()) }
        for _ in 0..<1000 where await csms.calls(.heartbeat).isEmpty { await Task.yield() }
        let answer = await csms.send(ClearCache.Request())
        XCTAssertEqual(try answer.get().status, .accepted)
        let handled = await handler.count
        XCTAssertEqual(handled, 1)
        await Self.waitForTimeoutTimer(clock)
        await clock.advance(by: .seconds(10))
        _ = await waiting.value
    }

    func testCallsFailAtOnceWhileOffline() async throws {
        let (client, csms, _, task, _) = await makeClient()
        defer { task.cancel() }
        await csms.setOnline(false)
        for _ in 0..<1000 where await client.isConnected { await Task.yield() }
        do {
            _ = try await client.call(Heartbeat.Request())
            XCTFail("a call while offline succeeded")
        } catch {
            XCTAssertEqual(error, .offline)
        }
    }

    func testAnswersWithUnknownIdsAreIgnored() async throws {
        let (client, csms, _, task, _) = await makeClient()
        defer { task.cancel() }
        await csms.sendRaw(#"[3,"nobody-asked",{}]"#)
        await csms.sendRaw(#"[4,"nobody-asked","GenericError","",{}]"#)
        let answer = try await client.call(Heartbeat.Request())
        XCTAssertGreaterThan(answer.currentTime.millisecondsSince1970, 0)
    }
}
