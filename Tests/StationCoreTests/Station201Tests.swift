// The OCPP 2.0.1 station in virtual time on simulated hardware and an in-memory store, through
// a link double: boot and statuses, a local session's TransactionEvents in seqNo order, an
// offline session delivered with offline=true, a power cut in a transaction, SetVariables kept
// across a reboot.

import OCPP
import OCPP201
import StationCore
import StationHAL
import StationSimulation
import StationStorage
import StationTesting
import XCTest

final class Station201Tests: XCTestCase {
    func testBootSendsPowerUpAndAnAvailableStatusPerEVSE() async throws {
        let rig = Station201Rig()
        let (_, task) = await rig.boot()
        defer { task.cancel() }
        let boot = try XCTUnwrap(rig.link.payloads(.bootNotification).first)
        XCTAssertEqual(boot["reason"], .string("PowerUp"))
        XCTAssertEqual(field(boot, "chargingStation", "vendorName"), .string("MAXERO"))
        let statuses = rig.link.payloads(.statusNotification)
        XCTAssertEqual(statuses.map { $0["evseId"] }, [.integer(1), .integer(2)])
        XCTAssertEqual(statuses.map { $0["connectorStatus"] }, [.string("Available"), .string("Available")])
    }

    func testLocalSessionSendsStartedUpdatedEndedInSeqNoOrder() async throws {
        let rig = Station201Rig()
        let (_, task) = await rig.boot()
        defer { task.cancel() }
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        let events = rig.events()
        XCTAssertEqual(events.map { $0["eventType"] }, [.string("Started"), .string("Updated"), .string("Ended")])
        XCTAssertEqual(events.map { $0["seqNo"] }, [.integer(0), .integer(1), .integer(2)])
        XCTAssertEqual(field(events.first, "idToken", "idToken"), .string("CARD-1"))
        XCTAssertEqual(field(events.last, "transactionInfo", "stoppedReason"), .string("Local"))
        let ids = events.map { field($0, "transactionInfo", "transactionId") }
        XCTAssertNotNil(ids.first ?? nil)
        XCTAssertTrue(ids.allSatisfy { $0 == ids.first })
        XCTAssertTrue(events.allSatisfy { $0["offline"] == nil })
        XCTAssertEqual(rig.link.payloads(.authorize).count, 1)
    }

    func testOfflineSessionIsKeptAndDeliveredWithOfflineTrue() async throws {
        let rig = Station201Rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        rig.link.setOnline(false)
        station.linkEvent(.disconnected)
        // Offline, a card nothing local knows is accepted only with OfflineTxForUnknownIdEnabled.
        expect(try await station.setVariable("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true"), .string("Accepted"))
        try rig.hardware.plug(connector: 2)
        try rig.hardware.presentCard(idTag: "CARD-2", connector: 2)
        await rig.clock.settle()
        try rig.hardware.presentCard(idTag: "CARD-2", connector: 2)
        await rig.clock.settle()
        XCTAssertEqual(rig.events(), [])
        XCTAssertEqual(try rig.link.queue.count(), 3)
        let id = try XCTUnwrap(field(try rig.link.queue.all().first, "transactionInfo", "transactionId"))
        guard case .string(let transactionId) = id else { return XCTFail("transactionId \(id)") }
        let status = try await station.request(OCPP201.GetTransactionStatus.Request.self, #"{"transactionId":"\#(transactionId)"}"#)
        XCTAssertEqual(status["messagesInQueue"], .bool(true))
        XCTAssertEqual(status["ongoingIndicator"], .bool(false))
        rig.link.setOnline(true)
        station.linkEvent(.connected)
        await rig.clock.settle()
        let events = rig.events()
        XCTAssertEqual(events.map { $0["seqNo"] }, [.integer(0), .integer(1), .integer(2)])
        XCTAssertTrue(events.allSatisfy { $0["offline"] == .bool(true) })
        XCTAssertEqual(try rig.link.queue.count(), 0)
        let emptied = try await station.request(OCPP201.GetTransactionStatus.Request.self, "{}")
        XCTAssertEqual(emptied["messagesInQueue"], .bool(false))
        XCTAssertNil(emptied["ongoingIndicator"])
    }

    func testPowerCutInATransactionEndsItWithPowerLossAfterTheReboot() async throws {
        let rig = Station201Rig()
        let (_, first) = await rig.boot()
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        first.cancel()
        _ = await first.value
        let (_, second) = await rig.boot()
        defer { second.cancel() }
        let events = rig.events()
        XCTAssertEqual(events.map { $0["eventType"] }, [.string("Started"), .string("Updated"), .string("Ended")])
        XCTAssertEqual(events.map { $0["seqNo"] }, [.integer(0), .integer(1), .integer(2)])
        XCTAssertEqual(field(events.last, "transactionInfo", "stoppedReason"), .string("PowerLoss"))
    }

    func testSetVariablesIsPersistedAcrossAReboot() async throws {
        let rig = Station201Rig()
        let (station, first) = await rig.boot()
        let request = try OCPP201.SetVariables.Request.decodePayload(JSONParser.parse(
            #"{"setVariableData":[{"attributeValue":"77","component":{"name":"SampledDataCtrlr"},"variable":{"name":"TxUpdatedInterval"}}]}"#
        ))
        let answer = await station.handle(OCPP201.Call(id: MessageId("1"), request: request), frameBytes: 100)
        XCTAssertEqual(field(try answer.get(), "setVariableResult")?.arrayFirst?["attributeStatus"], .string("Accepted"))
        first.cancel()
        _ = await first.value
        let (again, second) = await rig.boot()
        defer { second.cancel() }
        let read = try OCPP201.GetVariables.Request.decodePayload(JSONParser.parse(
            #"{"getVariableData":[{"component":{"name":"SampledDataCtrlr"},"variable":{"name":"TxUpdatedInterval"}}]}"#
        ))
        let value = await again.handle(OCPP201.Call(id: MessageId("2"), request: read), frameBytes: 100)
        XCTAssertEqual(field(try value.get(), "getVariableResult")?.arrayFirst?["attributeValue"], .string("77"))
    }
}
