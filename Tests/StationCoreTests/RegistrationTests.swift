// Boot and registration: BootNotification after every boot; Accepted, Pending and Rejected
// answers; statuses after acceptance; heartbeats when nothing else was sent.

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class RegistrationTests: XCTestCase {
    func testAcceptedBootSendsStatusesForEveryConnectorThenHeartbeats() async throws {
        let harness = StationHarness()
        try await harness.start()
        let csms = harness.csms
        let booted = await harness.eventually { await csms.calls(.statusNotification).count == 3 }
        XCTAssertTrue(booted, "log: \(harness.log)")
        let actions = await csms.actions
        XCTAssertEqual(actions.first, .bootNotification)
        let boots = await csms.requests(BootNotification.Request.self)
        let boot = try XCTUnwrap(boots.first)
        XCTAssertEqual(boot.chargePointVendor, "MAXERO")
        XCTAssertEqual(boot.chargePointModel, "200QC")
        XCTAssertEqual(boot.firmwareVersion, "1.0.0")
        let statuses = await csms.requests(StatusNotification.Request.self)
        XCTAssertEqual(statuses.map(\.connectorId).sorted(), [0, 1, 2])
        XCTAssertTrue(statuses.allSatisfy { $0.status == .available && $0.errorCode == .noError })

        await csms.clearReceived()
        await harness.advance(.seconds(19))
        let early = await csms.calls(.heartbeat).count
        XCTAssertEqual(early, 0)
        await harness.advance(.seconds(1))
        let first = await harness.eventually { await csms.calls(.heartbeat).count == 1 }
        XCTAssertTrue(first)
        await harness.advance(.seconds(200))
        let heartbeats = await harness.eventually { await csms.calls(.heartbeat).count == 11 }
        let count = await csms.calls(.heartbeat).count
        XCTAssertTrue(heartbeats, "heartbeats: \(count)")
        await harness.stop()
    }
}
