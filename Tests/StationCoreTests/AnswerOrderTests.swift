// The answer to a CSMS request reaches the central system before any message the request causes,
// for every request kind that causes one, even when the answer is slow on the wire; and a Reset
// reboots over a new connection.

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class AnswerOrderTests: StationTestCase {
    /// Sends `request` while the double holds the station's answer on the wire (a slow network),
    /// gives the station's tasks the chance to send what the request causes, lets the answer in,
    /// waits for `consequence`, and checks that no station CALL reached the double before the
    /// answer. Returns the answer.
    @discardableResult
    func expectAnswerFirst<R: OCPPRequest>(
        _ request: R, causes consequence: Action, file: StaticString = #filePath, line: UInt = #line
    ) async throws -> R.Response {
        await csms.clearReceived()
        await csms.holdAnswers()
        let csms = self.csms
        // Posted, not sent from a task of the test's own: everything that follows runs in the
        // station's world, which `expect` lets run until idle.
        let posted = await csms.post(request)
        let id = try XCTUnwrap(posted, "the station is not connected", file: file, line: line)
        try await expect("the \(R.action.rawValue) answer on the wire", file: file, line: line) { await csms.heldAnswerCount == 1 }
        await harness.settle()
        await csms.releaseAnswers()
        let answer = try await csms.answer(to: id, as: R.self).get()
        try await expect("\(consequence.rawValue) after \(R.action.rawValue)", file: file, line: line) {
            await csms.timeline.contains("call:\(consequence.rawValue)")
        }
        let timeline = await csms.timeline
        let answered = try XCTUnwrap(timeline.firstIndex { $0.hasPrefix("answer:") }, "no answer in \(timeline)", file: file, line: line)
        let before = timeline[..<answered].filter { $0.hasPrefix("call:") }
        XCTAssertEqual(before, [], "station CALLs overtook the \(R.action.rawValue) answer: \(timeline)", file: file, line: line)
        return answer
    }

    func testRemoteStartIsAnsweredBeforeItsAuthorize() async throws {
        try await startStation()
        let answer = try await expectAnswerFirst(RemoteStartTransaction.Request(connectorId: 1, idTag: "REMOTE-1"), causes: .authorize)
        XCTAssertEqual(answer.status, .accepted)
    }

    func testRemoteStartIsAnsweredBeforeItsStartTransaction() async throws {
        try await startStation([.authorizeRemoteTxRequests: "false"])
        try hardware.plug(connector: 2)
        try await expectStatus(2, .preparing)
        let answer = try await expectAnswerFirst(RemoteStartTransaction.Request(connectorId: 2, idTag: "REMOTE-2"), causes: .startTransaction)
        XCTAssertEqual(answer.status, .accepted)
    }

    func testRemoteStopIsAnsweredBeforeItsStopTransaction() async throws {
        try await startStation()
        _ = try await startTransaction()
        try await expect("transaction id known") { await self.snapshot().connectors[0].transactionId == 1000 }
        let answer = try await expectAnswerFirst(RemoteStopTransaction.Request(transactionId: 1000), causes: .stopTransaction)
        XCTAssertEqual(answer.status, .accepted)
    }

    func testChangeAvailabilityIsAnsweredBeforeItsStatusNotification() async throws {
        try await startStation()
        let answer = try await expectAnswerFirst(ChangeAvailability.Request(connectorId: 2, type: .inoperative), causes: .statusNotification)
        XCTAssertEqual(answer.status, .accepted)
        try await expectStatus(2, .unavailable)
    }

    func testUnlockConnectorIsAnsweredBeforeItsStopTransaction() async throws {
        try await startStation(profile: .maxero200QCSockets)
        _ = try await startTransaction()
        let answer = try await expectAnswerFirst(UnlockConnector.Request(connectorId: 1), causes: .stopTransaction)
        XCTAssertEqual(answer.status, .unlocked)
    }

    func testTriggerMessageIsAnsweredBeforeTheTriggeredMessage() async throws {
        try await startStation()
        let answer = try await expectAnswerFirst(TriggerMessage.Request(requestedMessage: .statusNotification, connectorId: 1), causes: .statusNotification)
        XCTAssertEqual(answer.status, .accepted)
    }

    func testExtendedTriggerMessageIsAnsweredBeforeEachMessageItNames() async throws {
        try await startStation()
        // BootNotification last: the statuses a new registration sends must not run into the
        // next trigger's check.
        let triggered: [(ExtendedTriggerMessage.MessageTrigger, Action)] = [
            (.heartbeat, .heartbeat), (.meterValues, .meterValues),
            (.statusNotification, .statusNotification), (.firmwareStatusNotification, .signedFirmwareStatusNotification),
            (.logStatusNotification, .logStatusNotification), (.signChargePointCertificate, .signCertificate),
            (.bootNotification, .bootNotification),
        ]
        for (message, action) in triggered {
            let answer = try await expectAnswerFirst(ExtendedTriggerMessage.Request(requestedMessage: message, connectorId: 1), causes: action)
            XCTAssertEqual(answer.status, .accepted, message.rawValue)
            await harness.settle()
        }
        let outOfRange = try await csms.send(ExtendedTriggerMessage.Request(requestedMessage: .statusNotification, connectorId: 9)).get()
        XCTAssertEqual(outOfRange.status, .rejected)
    }

    func testResetIsAnsweredThenStopsThenRebootsOverANewConnection() async throws {
        try await startStation()
        _ = try await startTransaction(connectorId: 2)
        let connectionsBefore = await csms.connectionCount
        let answer = try await expectAnswerFirst(Reset.Request(type: .soft), causes: .stopTransaction)
        XCTAssertEqual(answer.status, .accepted)
        try await expect("BootNotification after the reset") { await self.csms.calls(.bootNotification).count == 1 }
        // (The security events of the reset and the startup go out among them: not checked here.)
        let timeline = await csms.timeline.filter {
            !$0.hasPrefix("call:StatusNotification") && !$0.hasPrefix("call:Heartbeat") && !$0.hasPrefix("call:SecurityEventNotification")
        }
        XCTAssertEqual(timeline.first?.hasPrefix("answer:"), true, "\(timeline)")
        XCTAssertEqual(Array(timeline.dropFirst()), ["call:StopTransaction", "closed:goingAway", "connected", "call:BootNotification"])
        let connectionsAfter = await csms.connectionCount
        XCTAssertEqual(connectionsAfter, connectionsBefore + 1, "the reboot opened one new connection")
    }

    func testAHardResetWithoutTransactionsAlsoRebootsOverANewConnection() async throws {
        try await startStation()
        await csms.clearReceived()
        let answer = await csms.send(Reset.Request(type: .hard))
        XCTAssertEqual(try answer.get().status, .accepted)
        try await expect("BootNotification after the reset") { await self.csms.calls(.bootNotification).count == 1 }
        let timeline = await csms.timeline.filter { !$0.hasPrefix("call:SecurityEventNotification") }
        XCTAssertEqual(Array(timeline.prefix(4).dropFirst()), ["closed:goingAway", "connected", "call:BootNotification"], "\(timeline)")
        XCTAssertEqual(timeline.first?.hasPrefix("answer:"), true, "\(timeline)")
    }
}
