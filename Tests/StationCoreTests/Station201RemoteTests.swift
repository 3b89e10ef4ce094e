// The 2.0.1 station's remote control in virtual time: heartbeat at the CSMS's interval,
// RequestStart/StopTransaction, TriggerMessage, UnlockConnector, ChangeAvailability and Reset
// OnIdle.

import OCPP
import OCPP201
import StationCore
import StationTesting
import XCTest

final class Station201RemoteTests: XCTestCase {
    func testHeartbeatFollowsTheBootInterval() async throws {
        let rig = Station201Rig()
        let (_, task) = await rig.boot()
        defer { task.cancel() }
        XCTAssertEqual(rig.link.payloads(.heartbeat).count, 0)
        await rig.clock.advance(by: .seconds(300))
        XCTAssertEqual(rig.link.payloads(.heartbeat).count, 1)
        await rig.clock.advance(by: .seconds(600))
        XCTAssertEqual(rig.link.payloads(.heartbeat).count, 3)
    }

    func testRemoteStartOnAPluggedEVSEAndRemoteStop() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 2)
        await rig.clock.settle()
        let started = try await station.request(RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"R-1","type":"Central"},"remoteStartId":9,"evseId":2}"#)
        XCTAssertEqual(started["status"], .string("Accepted"))
        let transactionId = try XCTUnwrap(started["transactionId"])
        await rig.clock.settle()
        let first = try XCTUnwrap(rig.events().first)
        XCTAssertEqual(first["triggerReason"], .string("RemoteStart"))
        XCTAssertEqual(field(first, "transactionInfo", "remoteStartId"), .integer(9))
        XCTAssertEqual(field(first, "idToken", "type"), .string("Central"))
        guard case .string(let id) = transactionId else { return XCTFail("transactionId \(transactionId)") }
        let stopped = try await station.request(RequestStopTransaction.Request.self, #"{"transactionId":"\#(id)"}"#)
        XCTAssertEqual(stopped["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(field(rig.events().last, "transactionInfo", "stoppedReason"), .string("Remote"))
        let unknown = try await station.request(RequestStopTransaction.Request.self, #"{"transactionId":"nope"}"#)
        XCTAssertEqual(unknown["status"], .string("Rejected"))
    }

    func testTriggerMessageSendsAfterItsAnswerAndRefusesBootWhenAccepted() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let statusesBefore = rig.link.payloads(.statusNotification).count
        let status = try await station.request(TriggerMessage.Request.self, #"{"requestedMessage":"StatusNotification","evse":{"id":1}}"#)
        XCTAssertEqual(status["status"], .string("Accepted"))
        let heartbeat = try await station.request(TriggerMessage.Request.self, #"{"requestedMessage":"Heartbeat"}"#)
        XCTAssertEqual(heartbeat["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(rig.link.payloads(.statusNotification).count, statusesBefore + 1)
        XCTAssertEqual(rig.link.payloads(.heartbeat).count, 1)
        let boot = try await station.request(TriggerMessage.Request.self, #"{"requestedMessage":"BootNotification"}"#)
        XCTAssertEqual(boot["status"], .string("Rejected"))
        let noTransaction = try await station.request(TriggerMessage.Request.self, #"{"requestedMessage":"TransactionEvent"}"#)
        XCTAssertEqual(noTransaction["status"], .string("Rejected"))
        let meter = try await station.request(TriggerMessage.Request.self, #"{"requestedMessage":"MeterValues"}"#)
        XCTAssertEqual(meter["status"], .string("Accepted"))
    }

    func testUnlockIsRefusedDuringATransactionAndUnknownConnectorsAreNamed() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let free = try await station.request(UnlockConnector.Request.self, #"{"evseId":1,"connectorId":1}"#)
        XCTAssertEqual(free["status"], .string("Unlocked"))
        let unknown = try await station.request(UnlockConnector.Request.self, #"{"evseId":3,"connectorId":1}"#)
        XCTAssertEqual(unknown["status"], .string("UnknownConnector"))
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let busy = try await station.request(UnlockConnector.Request.self, #"{"evseId":1,"connectorId":1}"#)
        XCTAssertEqual(busy["status"], .string("OngoingAuthorizedTransaction"))
    }

    func testChangeAvailabilityIsReportedPersistedAndScheduledDuringATransaction() async throws {
        let rig = Station201Rig()
        let (station, first) = await rig.boot()
        let answer = try await station.request(ChangeAvailability.Request.self, #"{"operationalStatus":"Inoperative","evse":{"id":2}}"#)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(rig.link.payloads(.statusNotification).last?["connectorStatus"], .string("Unavailable"))
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let scheduled = try await station.request(ChangeAvailability.Request.self, #"{"operationalStatus":"Inoperative","evse":{"id":1}}"#)
        XCTAssertEqual(scheduled["status"], .string("Scheduled"))
        first.cancel()
        _ = await first.value
        let (again, second) = await rig.boot()
        defer { second.cancel() }
        let snapshot = await again.snapshot
        XCTAssertEqual(snapshot.connectors.map(\.status), ["Unavailable", "Unavailable"])
    }

    func testResetOnIdleWaitsForTheTransactionToEnd() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let answer = try await station.request(Reset.Request.self, #"{"type":"OnIdle"}"#)
        XCTAssertEqual(answer["status"], .string("Scheduled"))
        let refused = try await station.request(RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"R-2","type":"Central"},"remoteStartId":1}"#)
        XCTAssertEqual(refused["status"], .string("Rejected"))
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let exit = await task.value
        XCTAssertEqual(exit, .reset)
        XCTAssertEqual(field(rig.events().last, "transactionInfo", "stoppedReason"), .string("Local"))
    }

    func testAResetImmediateEndsTheTransactionAndLaterRequestsAreAnsweredAtOnce() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let aliveBefore = await station.inputLoopAlive()
        XCTAssertTrue(aliveBefore)
        let answer = try await station.request(Reset.Request.self, #"{"type":"Immediate"}"#)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        let exit = await task.value
        XCTAssertEqual(exit, .reset)
        let aliveAfter = await station.inputLoopAlive()
        XCTAssertFalse(aliveAfter)
        XCTAssertEqual(field(rig.events().last, "transactionInfo", "stoppedReason"), .string("ImmediateReset"))
        XCTAssertEqual(field(rig.events().last, "triggerReason"), .string("ResetCommand"))
        let late = OCPP201.Call(id: MessageId("late"), request: OCPP201.Heartbeat.Request())
        guard case .failure(let error) = await station.handle(late, frameBytes: 20) else { return XCTFail("a stopped station answered") }
        XCTAssertEqual(error.code, .internalError)
    }

    /// The statuses sent for `evseId`, in order.
    private func evseStatuses(_ rig: Station201Rig, _ evseId: Int) -> [String] {
        rig.link.payloads(.statusNotification).filter { $0["evseId"] == .integer(evseId) }.compactMap {
            if case .string(let status) = $0["connectorStatus"] { status } else { nil }
        }
    }

    func testAnImmediateResetOfOneEVSEEndsItsTransactionAndRestartsItWhileTheStationRunsOn() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let before = evseStatuses(rig, 1).count
        let answer = try await station.request(Reset.Request.self, #"{"type":"Immediate","evseId":1}"#)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(field(rig.events().last, "transactionInfo", "stoppedReason"), .string("ImmediateReset"))
        XCTAssertEqual(field(rig.events().last, "triggerReason"), .string("ResetCommand"))
        XCTAssertEqual(Array(evseStatuses(rig, 1).dropFirst(before)), ["Unavailable", "Occupied"], "out of service and back, the EV still plugged")
        let alive = await station.inputLoopAlive()
        XCTAssertTrue(alive, "an EVSE's Reset does not reboot the station")
        let start = try await station.request(RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"R-2","type":"Central"},"remoteStartId":2,"evseId":2}"#)
        XCTAssertEqual(start["status"], .string("Accepted"), "the other EVSE still takes sessions")
    }

    func testAnOnIdleResetOfOneEVSEWaitsForItsTransactionAndAnUnknownEVSEIsRejected() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let unknown = try await station.request(Reset.Request.self, #"{"type":"OnIdle","evseId":9}"#)
        XCTAssertEqual(unknown["status"], .string("Rejected"))
        let answer = try await station.request(Reset.Request.self, #"{"type":"OnIdle","evseId":1}"#)
        XCTAssertEqual(answer["status"], .string("Scheduled"))
        await rig.clock.settle()
        XCTAssertFalse(evseStatuses(rig, 1).contains("Unavailable"), "no restart while the transaction runs")
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        XCTAssertEqual(field(rig.events().last, "transactionInfo", "stoppedReason"), .string("Local"))
        XCTAssertEqual(evseStatuses(rig, 1).suffix(2), ["Unavailable", "Occupied"])
        let alive = await station.inputLoopAlive()
        XCTAssertTrue(alive)
    }
}
