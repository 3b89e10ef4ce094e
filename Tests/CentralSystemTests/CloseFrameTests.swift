// How the link ends a WebSocket, as a real central system (the python `ocpp` package on
// `websockets`) sees it: a Close frame with its code, also when the client shuts down; and the
// `{chargePointId}` placeholder of a CSMS URL on the wire.

import CentralSystem
import Foundation
import OCPP
import StationHAL
import StationStorage
import StationTesting
import XCTest

final class CloseFrameTests: XCTestCase {
    /// The close code the CSMS reported for its `index`-th disconnection, once it happened.
    func closeCode(_ csms: PythonCSMS, disconnection index: Int) -> JSONValue? {
        guard csms.waitFor({ csms.events("disconnected").count > index }) else { return nil }
        return csms.events("disconnected")[index]["code"]
    }

    func testClosingSendsACloseFrameWithTheReasonsCode() async throws {
        let csms = try PythonCSMS()
        defer { csms.stop() }
        let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(csms.port)/ocpp", chargePointId: "CP-CLOSE")
        let transport = WebSocketTransport(endpoint: endpoint, clock: SystemClock())
        let leaving = try await transport.connect()
        await leaving.close(.goingAway)
        XCTAssertEqual(closeCode(csms, disconnection: 0), .integer(1001), "going away: \(csms.records)")
        let staying = try await transport.connect()
        await staying.close()
        XCTAssertEqual(closeCode(csms, disconnection: 1), .integer(1000), "normal closure: \(csms.records)")
    }

    func testAClientThatShutsDownSendsGoingAwayAndWaitsForTheHandshake() async throws {
        let csms = try PythonCSMS()
        defer { csms.stop() }
        let clock = SystemClock()
        let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(csms.port)/ocpp", chargePointId: "CP-SHUTDOWN")
        let client = CentralSystemClient(transport: WebSocketTransport(endpoint: endpoint, clock: clock), store: InMemoryStationStore(), clock: clock)
        let task = Task { await client.run() }
        XCTAssertTrue(csms.waitFor { !csms.events("connected").isEmpty })
        task.cancel()
        await task.value
        XCTAssertEqual(closeCode(csms, disconnection: 0), .integer(1001), "\(csms.records)")
    }

    func testARebootClosesWithGoingAwayAndConnectsAgainAtOnce() async throws {
        let csms = try PythonCSMS()
        defer { csms.stop() }
        let clock = ManualClock()
        let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(csms.port)/ocpp", chargePointId: "CP-REBOOT", pingInterval: .zero)
        let client = CentralSystemClient(
            transport: WebSocketTransport(endpoint: endpoint, clock: clock), store: InMemoryStationStore(), clock: clock,
            settings: ClientSettings(initialBackoff: .seconds(600), rebootDelay: .seconds(1))
        )
        let task = Task { await client.run() }
        defer { task.cancel() }
        XCTAssertTrue(csms.waitFor { csms.events("connected").count == 1 })
        for _ in 0..<500 where !(await client.isConnected) { try await Task.sleep(for: .milliseconds(10)) }
        let reboot = Task { await client.reconnectForReboot() }
        // The connection stays for the reboot delay (virtual time), then closes.
        await clock.waitForSleepers(1)
        XCTAssertEqual(clock.sleeperCount, 1, "the reboot waits for its delay")
        XCTAssertEqual(csms.events("disconnected").count, 0, "closed before the reboot delay")
        await clock.advance(by: .seconds(1))
        await reboot.value
        XCTAssertEqual(closeCode(csms, disconnection: 0), .integer(1001), "\(csms.records)")
        // No virtual time passes: the new connection does not wait for a backoff.
        XCTAssertTrue(csms.waitFor { csms.events("connected").count == 2 }, "\(csms.records)")
    }

    func testTheIdentityGoesWhereTheURLPutsItsPlaceholder() async throws {
        let csms = try PythonCSMS()
        defer { csms.stop() }
        let endpoint = CentralSystemEndpoint(url: "ws://127.0.0.1:\(csms.port)/ocpp/{chargePointId}/", chargePointId: "MX 1")
        let connection = try await WebSocketTransport(endpoint: endpoint, clock: SystemClock()).connect()
        XCTAssertTrue(csms.waitFor { !csms.events("connected").isEmpty })
        XCTAssertEqual(csms.events("connected").first?["path"], .string("/ocpp/MX%201/"))
        await connection.close()
    }
}
