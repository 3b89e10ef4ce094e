// A security change on the link (SecurityProfile or AuthorizationKey): the client reconnects at
// once with the new security; when no connection opens it goes back to the previous one, and the
// failed attempts are reported as security events. Runs in a VirtualTimeWorld on a manual clock.

import CentralSystem
import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import Synchronization
import XCTest

/// A transport to the CSMS double whose connections fail from profile `refusedFrom` on, as a
/// server certificate the station does not trust would make them fail.
final class ProfileGate: FrameTransport {
    let inner: any FrameTransport
    let refusedFrom: Int
    let security = Mutex(LinkSecurity(securityProfile: 1, authorizationKey: "0123456789abcdef", pingIntervalSeconds: 0))

    init(_ inner: any FrameTransport, refusedFrom: Int) {
        self.inner = inner
        self.refusedFrom = refusedFrom
    }

    func connect() async throws(TransportError) -> any FrameConnection {
        guard security.withLock({ $0.securityProfile }) < refusedFrom else {
            throw TransportError("CERTIFICATE_VERIFY_FAILED", securityEvent: .invalidCentralSystemCertificate)
        }
        return try await inner.connect()
    }

    func securityProblem(_ security: LinkSecurity) -> String? { nil }

    func applySecurity(_ security: LinkSecurity) -> LinkSecurity? {
        self.security.withLock { current in
            defer { current = security }
            return current
        }
    }
}

/// The link events a client reported.
final class EventLog: Sendable {
    let events = Mutex<[LinkEvent]>([])
    func record(_ event: LinkEvent) { events.withLock { $0.append(event) } }
    var securityFailures: Int { events.withLock { $0.filter { if case .securityFailure = $0 { true } else { false } }.count } }
}

final class SecurityChangeTests: XCTestCase {
    func run(refusedFrom: Int, test: (CentralSystemClient<ManualClock>, CSMSDouble, ProfileGate, EventLog, ManualClock, VirtualTimeWorld) async throws -> Void) async throws {
        let clock = ManualClock()
        let world = VirtualTimeWorld()
        clock.settle(with: { await world.idle() })
        let csms = CSMSDouble(now: { Timestamp(clock.wallTime) })
        let gate = ProfileGate(csms.transport, refusedFrom: refusedFrom)
        let client = CentralSystemClient(transport: gate, store: InMemoryStationStore(), clock: clock)
        let events = EventLog()
        await client.attach(handler: CountingHandler(), events: { events.record($0) })
        let task = world.start { await client.run() }
        await world.idle()
        try await test(client, csms, gate, events, clock, world)
        task.cancel()
        world.stop()
    }

    func testANewProfileThatConnectsHolds() async throws {
        try await run(refusedFrom: 3) { client, csms, gate, events, _, world in
            let before = await csms.connectionCount
            let outcome = world.start { await client.changeSecurity(to: LinkSecurity(securityProfile: 2, authorizationKey: "0123456789abcdef", pingIntervalSeconds: 0)) }
            await world.idle()
            let held = await outcome.value
            XCTAssertTrue(held)
            let after = await csms.connectionCount
            XCTAssertEqual(after, before + 1, "one new connection, at once")
            XCTAssertEqual(gate.security.withLock { $0.securityProfile }, 2)
            XCTAssertEqual(events.securityFailures, 0)
        }
    }

    func testANewProfileThatCannotConnectFallsBackAndReconnects() async throws {
        try await run(refusedFrom: 2) { client, csms, gate, events, clock, world in
            let before = await csms.connectionCount
            let outcome = world.start { await client.changeSecurity(to: LinkSecurity(securityProfile: 2, authorizationKey: "0123456789abcdef", pingIntervalSeconds: 0)) }
            await world.idle()
            let held = await outcome.value
            XCTAssertFalse(held)
            XCTAssertEqual(gate.security.withLock { $0.securityProfile }, 1, "back on the previous profile")
            XCTAssertEqual(events.securityFailures, 3, "each failed attempt is a security event")
            await clock.advance(by: .seconds(60))
            let after = await csms.connectionCount
            XCTAssertEqual(after, before + 1, "connected again with the previous profile after the backoff")
        }
    }
}
