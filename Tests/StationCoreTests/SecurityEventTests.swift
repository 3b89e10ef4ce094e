// The security events a station raises and what becomes of them: every one in the security log,
// the critical ones delivered as SecurityEventNotification (also after an offline period); and a
// SecurityProfile change, refused without its prerequisite, accepted and logged with it.

import OCPP
import StationCore
import StationTesting
import XCTest

final class SecurityEventTests: StationTestCase {
    func testStartupIsLoggedAndNotifiedOnceRegistered() async throws {
        try await startStation()
        let log = await harness.station.securityLog()
        XCTAssertEqual(log.map(\.kind), [.startupOfTheDevice])
        // Sent before the boot statuses' clearing or after it: either way it is out of the queue.
        try await expect("queue empty") { (try? self.harness.store.queuedMessageCount()) == 0 }
    }

    func testACriticalEventRaisedOfflineIsDeliveredAfterReconnecting() async throws {
        try await startStation()
        await csms.setOnline(false)
        try await expect("offline") { await !self.snapshot().connected }
        await harness.station.raiseSecurityEvent(.tamperDetectionActivated, techInfo: "cabinet door opened")
        await harness.station.raiseSecurityEvent(.invalidMessages, techInfo: "not critical")
        XCTAssertEqual(try harness.store.queuedMessageCount(), 1, "only the critical one is queued")
        await csms.setOnline(true)
        await harness.advance(.seconds(60))
        try await expect("notification after reconnecting") { await self.csms.calls(.securityEventNotification).count == 1 }
        let sent = try await first(SecurityEventNotification.Request.self)
        XCTAssertEqual(sent.type.value, "TamperDetectionActivated")
        XCTAssertEqual(sent.techInfo?.value, "cabinet door opened")
        let kinds = await harness.station.securityLog().map(\.kind)
        XCTAssertEqual(kinds, [.startupOfTheDevice, .tamperDetectionActivated, .invalidMessages])
    }

    func testRaisingTheProfileNeedsAnAuthorizationKeyAndIsLogged() async throws {
        try await startStation()
        let refused = await csms.send(ChangeConfiguration.Request(key: "SecurityProfile", value: "1"))
        XCTAssertEqual(try refused.get().status, .rejected, "no AuthorizationKey yet")
        let key = await csms.send(ChangeConfiguration.Request(key: "AuthorizationKey", value: "0123456789abcdef0123"))
        XCTAssertEqual(try key.get().status, .accepted, "at profile 0 the key is only stored: no reconnect")
        let connections = await csms.connectionCount
        let raised = await csms.send(ChangeConfiguration.Request(key: "SecurityProfile", value: "1"))
        XCTAssertEqual(try raised.get().status, .accepted)
        try await expect("reconnected with the new profile") {
            let count = await self.csms.connectionCount
            let connected = await self.csms.isConnected
            return count > connections && connected
        }
        XCTAssertEqual(try harness.store.changedConfiguration()[.securityProfile], "1")
        let lowered = await csms.send(ChangeConfiguration.Request(key: "SecurityProfile", value: "0"))
        XCTAssertEqual(try lowered.get().status, .rejected)
        let log = await harness.station.securityLog()
        XCTAssertEqual(log.filter { $0.kind == .reconfigurationOfSecurityParameters }.map(\.techInfo), ["AuthorizationKey changed", "SecurityProfile 0 -> 1"])
        XCTAssertFalse(log.contains { $0.techInfo?.contains("0123456789abcdef") ?? false }, "the key is never in the log")
    }

    func testAResetIsASecurityEvent() async throws {
        try await startStation()
        _ = await csms.send(Reset.Request(type: .soft))
        try await expect("ResetOrReboot sent") {
            await self.csms.requests(SecurityEventNotification.Request.self).contains { $0.type.value == "ResetOrReboot" }
        }
    }
}
