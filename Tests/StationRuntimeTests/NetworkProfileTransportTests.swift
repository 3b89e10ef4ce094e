// The 2.0.1 transport's network profile slots (B10): a boot connects with the first slot of its
// plan, a slot that fails NetworkProfileConnectionAttempts times in a row gives way to the next,
// with a security event, and the connection's slot and profile are reported to the station.

import CentralSystem
import OCPP
import StationCore
import StationRuntime
import StationStorage
import Synchronization
import XCTest

/// A connection that is open until closed (nothing comes in).
private struct IdleConnection: FrameConnection {
    let incoming = AsyncStream<String> { _ in }
    func send(_ text: String) async throws(TransportError) {}
    func close(_ reason: CloseReason) async {}
}

/// The connection attempts the fake sockets saw.
private final class Attempts: Sendable {
    let list = Mutex<[String]>([])
}

/// A transport to `endpoint` that refuses hosts named "untrusted" as an unknown server
/// certificate would, and records every endpoint it was asked to connect to.
private struct FakeSocket: FrameTransport {
    let endpoint: CentralSystemEndpoint
    let attempts: Attempts

    func connect() async throws(TransportError) -> any FrameConnection {
        attempts.list.withLock { $0.append("\(endpoint.securityProfile.rawValue) \(endpoint.connectionURL) \(endpoint.authorizationKey ?? "-")") }
        if endpoint.url.contains("untrusted") {
            throw TransportError("certificate verify failed", securityEvent: .invalidCentralSystemCertificate)
        }
        return IdleConnection()
    }
}

final class NetworkProfileTransportTests: XCTestCase {
    func testAFailingSlotGivesWayToTheNextWithASecurityEvent() async throws {
        let store = InMemoryStationStore()
        let events = SecurityEvents201(store: store)
        let connection = NetworkConnection201()
        let attempts = Attempts()
        let base = CentralSystemEndpoint(url: "ws://file.example/ocpp", chargePointId: "CS-1", securityProfile: .basicAuthentication, authorizationKey: "station-file-key")
        let transport = NetworkProfileTransport(
            base: base, make: { [attempts] endpoint in FakeSocket(endpoint: endpoint, attempts: attempts) }, connection: connection, events: events,
            now: { Timestamp(millisecondsSince1970: 0) }, log: { _ in }
        )
        transport.configure(NetworkPlan201(
            slots: [NetworkPlan201.Slot(slot: 1, url: "wss://untrusted.example/ocpp", securityProfile: 2), NetworkPlan201.Slot(slot: 0, url: nil, securityProfile: nil)],
            attempts: 2, basicAuthPassword: "sixteen-chars-ok"
        ))
        for _ in 0..<2 {
            do {
                _ = try await transport.connect()
                XCTFail("slot 1 must fail")
            } catch {
                XCTAssertEqual(error.securityEvent, .invalidCentralSystemCertificate)
            }
        }
        XCTAssertEqual(transport.currentSlot, 0)
        _ = try await transport.connect()
        XCTAssertEqual(connection.current?.slot, 0)
        XCTAssertEqual(connection.current?.securityProfile, 1)
        XCTAssertEqual(attempts.list.withLock { $0 }, [
            "2 wss://untrusted.example/ocpp/CS-1 sixteen-chars-ok", "2 wss://untrusted.example/ocpp/CS-1 sixteen-chars-ok",
            "1 ws://file.example/ocpp/CS-1 sixteen-chars-ok",
        ])
        XCTAssertEqual(store.securityEvents(from: nil, to: nil).map(\.kind), [
            .invalidCentralSystemCertificate, .invalidCentralSystemCertificate, .reconfigurationOfSecurityParameters,
        ])
        // Only the fallback is critical: it waits for the station to be accepted.
        XCTAssertEqual(events.pending().map { $0["type"] }, [.string("ReconfigurationOfSecurityParameters")])

        // The next boot starts again with the first slot.
        transport.configure(NetworkPlan201(slots: [NetworkPlan201.Slot(slot: 1, url: "wss://untrusted.example/ocpp", securityProfile: 2)], attempts: 3, basicAuthPassword: nil))
        XCTAssertEqual(transport.currentSlot, 1)
    }
}
