// Remote Trigger: TriggerMessage is answered first and the requested message follows the answer;
// a connector that does not exist is Rejected.

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class TriggerMessageTests: StationTestCase {
    /// Sends TriggerMessage, checks it was accepted and that `action` arrived after the answer.
    func trigger(_ message: TriggerMessage.MessageTrigger, connectorId: Int? = nil, expect action: Action, file: StaticString = #filePath, line: UInt = #line) async throws {
        await csms.clearReceived()
        let answer = await csms.send(TriggerMessage.Request(requestedMessage: message, connectorId: connectorId))
        XCTAssertEqual(try answer.get().status, .accepted, file: file, line: line)
        try await expect("triggered \(action.rawValue)", file: file, line: line) { await self.csms.calls(action).count >= 1 }
        let timeline = await csms.timeline
        let answered = try XCTUnwrap(timeline.firstIndex { $0.hasPrefix("answer:") }, file: file, line: line)
        let triggered = try XCTUnwrap(timeline.firstIndex(of: "call:\(action.rawValue)"), file: file, line: line)
        XCTAssertLessThan(answered, triggered, "the triggered message follows the answer: \(timeline)", file: file, line: line)
    }

    func testEachTriggerSendsItsMessageAfterTheAnswer() async throws {
        try await startStation()
        try await trigger(.heartbeat, expect: .heartbeat)
        try await trigger(.statusNotification, connectorId: 2, expect: .statusNotification)
        let status = try await first(StatusNotification.Request.self)
        XCTAssertEqual(status.connectorId, 2)
        XCTAssertEqual(status.status, .available)
        try await trigger(.meterValues, connectorId: 1, expect: .meterValues)
        let values = try await first(MeterValues.Request.self)
        XCTAssertEqual(values.connectorId, 1)
        XCTAssertEqual(values.meterValue.first?.sampledValue.first?.context, .trigger)
        try await trigger(.diagnosticsStatusNotification, expect: .diagnosticsStatusNotification)
        try await trigger(.firmwareStatusNotification, expect: .firmwareStatusNotification)
        let firmware = try await first(FirmwareStatusNotification.Request.self)
        XCTAssertEqual(firmware.status, .idle)
        try await trigger(.bootNotification, expect: .bootNotification)
    }

    func testStatusNotificationForAllConnectorsIncludesConnectorZero() async throws {
        try await startStation()
        let answer = await csms.send(TriggerMessage.Request(requestedMessage: .statusNotification))
        XCTAssertEqual(try answer.get().status, .accepted)
        try await expect("three StatusNotifications") { await self.csms.calls(.statusNotification).count == 3 }
        let connectors = await csms.requests(StatusNotification.Request.self).map(\.connectorId)
        XCTAssertEqual(connectors, [0, 1, 2])
    }

    func testAConnectorThatDoesNotExistIsRejected() async throws {
        try await startStation()
        let answer = await csms.send(TriggerMessage.Request(requestedMessage: .statusNotification, connectorId: 3))
        XCTAssertEqual(try answer.get().status, .rejected)
        await harness.advance(.seconds(1))
        let sent = await csms.calls(.statusNotification).count
        XCTAssertEqual(sent, 0)
    }

    func testAPendingStationSendsWhatIsTriggered() async throws {
        harness = StationHarness()
        await harness.csms.setBoot(.pending, interval: 600)
        try await harness.start()
        try await expect("BootNotification") { await self.csms.calls(.bootNotification).count == 1 }
        let answer = await csms.send(TriggerMessage.Request(requestedMessage: .heartbeat))
        XCTAssertEqual(try answer.get().status, .accepted)
        try await expect("triggered Heartbeat while Pending") { await self.csms.calls(.heartbeat).count == 1 }
    }
}
