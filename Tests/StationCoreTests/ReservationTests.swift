// Reservations: ReserveNow's answers, Reserved status, who may use a reserved connector (the
// reserved tag or one of the same parent), reservationId in StartTransaction, expiry,
// CancelReservation, connector 0, replacement by id, and persistence across a reboot.

import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

final class ReservationTests: StationTestCase {
    /// The station's wall time plus `seconds`.
    func inSeconds(_ seconds: Int) async -> Timestamp {
        Timestamp(harness.clock.wallTime).adding(seconds: seconds)
    }

    func reserve(_ reservationId: Int, connector: Int, tag: String = "RESERVED", parent: String? = nil, seconds: Int = 600) async throws -> ReserveNow.ReservationStatus {
        let request = ReserveNow.Request(
            connectorId: connector, expiryDate: await inSeconds(seconds), idTag: try IdToken(tag),
            parentIdTag: try parent.map { try IdToken($0) }, reservationId: reservationId
        )
        return try await csms.send(request).get().status
    }

    func cancel(_ reservationId: Int) async throws -> CancelReservation.CancelReservationStatus {
        try await csms.send(CancelReservation.Request(reservationId: reservationId)).get().status
    }

    func testTheReservedTagStartsWithItsReservationAndOthersAreKeptOut() async throws {
        try await startStation()
        var status = try await reserve(7, connector: 1)
        XCTAssertEqual(status, .accepted)
        try await expectStatus(1, .reserved)
        status = try await reserve(8, connector: 1, tag: "OTHER")
        XCTAssertEqual(status, .occupied, "a connector held by another reservation is Occupied")

        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "STRANGER", connector: 1)
        try await expect("Authorize for the stranger") { await self.csms.calls(.authorize).count == 1 }
        await harness.settle()
        var running = await snapshot().connectors[0].transactionRunning
        XCTAssertFalse(running, "another tag may not use the reserved connector")

        try hardware.presentCard(idTag: "RESERVED", connector: nil)
        try await expect("StartTransaction") { await self.csms.calls(.startTransaction).count == 1 }
        let start = try await first(StartTransaction.Request.self)
        XCTAssertEqual(start.connectorId, 1)
        XCTAssertEqual(start.reservationId, 7)
        running = await snapshot().connectors[0].transactionRunning
        XCTAssertTrue(running)
        let cancelled = try await cancel(7)
        XCTAssertEqual(cancelled, .rejected, "the reservation was used up by the transaction")
    }

    func testATagOfTheSameParentMayUseTheReservation() async throws {
        try await startStation()
        await csms.setTag("CHILD", IdTagInfo(status: .accepted, parentIdTag: "FLEET"))
        let status = try await reserve(3, connector: 2, tag: "DRIVER", parent: "FLEET")
        XCTAssertEqual(status, .accepted)
        try hardware.plug(connector: 2)
        try hardware.presentCard(idTag: "CHILD", connector: 2)
        try await expect("StartTransaction with the reservation") {
            await self.csms.requests(StartTransaction.Request.self).first?.reservationId == 3
        }
    }

    func testAnswersForFaultedUnavailableOccupiedAndUnknownConnectors() async throws {
        try await startStation([.reserveConnectorZeroSupported: "false"])
        try hardware.raiseFault(connector: 1, .groundFailure)
        try await expectStatus(1, .faulted)
        var status = try await reserve(1, connector: 1)
        XCTAssertEqual(status, .faulted)
        _ = try await csms.send(ChangeAvailability.Request(connectorId: 2, type: .inoperative)).get()
        try await expectStatus(2, .unavailable)
        status = try await reserve(2, connector: 2)
        XCTAssertEqual(status, .unavailable)
        status = try await reserve(3, connector: 3)
        XCTAssertEqual(status, .rejected, "no connector 3")
        status = try await reserve(4, connector: 0)
        XCTAssertEqual(status, .rejected, "ReserveConnectorZeroSupported is false")
        _ = try await csms.send(ChangeAvailability.Request(connectorId: 2, type: .operative)).get()
        try hardware.plug(connector: 2)
        try await expectStatus(2, .preparing)
        status = try await reserve(5, connector: 2)
        XCTAssertEqual(status, .occupied)
        status = try await reserve(6, connector: 2, seconds: -10)
        XCTAssertEqual(status, .rejected, "an expiry date in the past")
    }

    func testAReservationExpiresAndCanBeCancelledOrReplaced() async throws {
        try await startStation()
        var status = try await reserve(11, connector: 1, seconds: 120)
        XCTAssertEqual(status, .accepted)
        try await expectStatus(1, .reserved)
        await harness.advance(.seconds(121))
        try await expectStatus(1, .available)
        var cancelled = try await cancel(11)
        XCTAssertEqual(cancelled, .rejected, "an expired reservation is gone")

        status = try await reserve(12, connector: 1)
        XCTAssertEqual(status, .accepted)
        status = try await reserve(12, connector: 2)
        XCTAssertEqual(status, .accepted, "the same id replaces the reservation")
        try await expectStatus(1, .available)
        try await expectStatus(2, .reserved)
        cancelled = try await cancel(12)
        XCTAssertEqual(cancelled, .accepted)
        try await expectStatus(2, .available)
    }

    func testAReservationOfConnectorZeroKeepsOneConnectorFree() async throws {
        try await startStation()
        var status = try await reserve(20, connector: 0, tag: "ANY-CONNECTOR")
        XCTAssertEqual(status, .accepted)
        _ = try await startTransaction(connectorId: 1, tag: "FIRST")
        try hardware.plug(connector: 2)
        try hardware.presentCard(idTag: "SECOND", connector: 2)
        try await expect("Authorize for SECOND") { await self.csms.calls(.authorize).count == 2 }
        await harness.settle()
        var running = await snapshot().connectors[1].transactionRunning
        XCTAssertFalse(running, "the last free connector is kept for the reservation")
        try hardware.presentCard(idTag: "ANY-CONNECTOR", connector: 2)
        try await expect("the reserved tag starts") { await self.csms.requests(StartTransaction.Request.self).count == 2 }
        let start = await csms.requests(StartTransaction.Request.self).last
        XCTAssertEqual(start?.reservationId, 20)
        running = await snapshot().connectors[1].transactionRunning
        XCTAssertTrue(running)
        status = try await reserve(21, connector: 0)
        XCTAssertEqual(status, .occupied, "no connector is free")
    }

    func testReservationsSurviveAReboot() async throws {
        let path = try temporaryStorePath()
        try await startStation(store: try SQLiteStationStore(path: path))
        let status = try await reserve(30, connector: 2, seconds: 300)
        XCTAssertEqual(status, .accepted)
        await harness.cutPower()
        await csms.clearReceived()
        try await harness.start(store: try SQLiteStationStore(path: path))
        try await expectStatus(2, .reserved)
        await harness.advance(.seconds(301))
        try await expectStatus(2, .available)
    }
}
