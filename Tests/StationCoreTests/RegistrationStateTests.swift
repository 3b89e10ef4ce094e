// Pending and Rejected registrations, the clock taken from the BootNotification answer,
// MinimumStatusDuration, and faults from the hardware.

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class RegistrationStateTests: StationTestCase {
    func startUnregistered(_ status: BootNotification.RegistrationStatus, interval: Int) async throws {
        harness = StationHarness()
        await harness.csms.setBoot(status, interval: interval)
        try await harness.start()
        try await expect("BootNotification") { await self.csms.calls(.bootNotification).count == 1 }
    }

    func testPendingStationAnswersCallsButSendsNothingElseAndBootsAgainAfterTheInterval() async throws {
        try await startUnregistered(.pending, interval: 120)
        let answer = await csms.send(GetConfiguration.Request(key: ["HeartbeatInterval"]))
        XCTAssertNoThrow(try answer.get())
        try hardware.plug(connector: 1)
        await harness.advance(.seconds(119))
        let early = await csms.actions
        XCTAssertEqual(early, [.bootNotification], "no status, heartbeat or other message while Pending")
        await csms.setBoot(.accepted, interval: 30)
        await harness.advance(.seconds(1))
        try await expect("second BootNotification") { await self.csms.calls(.bootNotification).count == 2 }
        try await expect("statuses after acceptance") { await self.csms.calls(.statusNotification).count == 3 }
        let connector1 = await statuses(1).last
        XCTAssertEqual(connector1, .preparing)
    }

    func testRejectedStationStaysSilentUntilTheInterval() async throws {
        try await startUnregistered(.rejected, interval: 300)
        await harness.advance(.seconds(299))
        let silent = await csms.actions
        XCTAssertEqual(silent, [.bootNotification])
        await harness.advance(.seconds(1))
        try await expect("BootNotification again") { await self.csms.calls(.bootNotification).count == 2 }
    }

    func testAcceptedStationAdoptsTheCentralSystemClock() async throws {
        harness = StationHarness()
        let ahead = Timestamp(harness.clock.wallTime).adding(seconds: 3600)
        await harness.csms.setBoot(.accepted, interval: 20)
        // The CSMS's clock runs one hour ahead of the station's.
        let clock = harness.clock
        await setCSMSClock { Timestamp(clock.wallTime).adding(seconds: 3600) }
        try await harness.start()
        try await expect("statuses") { await self.csms.calls(.statusNotification).count == 3 }
        let status = try await first(StatusNotification.Request.self)
        let stamp = try XCTUnwrap(status.timestamp)
        XCTAssertEqual(Double(stamp.millisecondsSince1970 - ahead.millisecondsSince1970) / 1000, 0, accuracy: 1)
    }

    private func setCSMSClock(_ now: @escaping @Sendable () -> Timestamp) async {
        await csms.setClock(now)
    }

    func testMinimumStatusDurationHoldsBackShortLivedStatuses() async throws {
        try await startStation([.minimumStatusDuration: "10"])
        try hardware.plug(connector: 1)
        await harness.advance(.seconds(3))
        try hardware.unplug(connector: 1)
        await harness.advance(.seconds(20))
        let flicker = await statuses(1)
        XCTAssertEqual(flicker, [], "Preparing for 3 s is not reported, and Available never changed")
        try hardware.plug(connector: 1)
        await harness.advance(.seconds(9))
        let early = await statuses(1)
        XCTAssertEqual(early, [])
        await harness.advance(.seconds(1))
        try await expectStatus(1, .preparing)
    }

    func testAFaultMakesTheConnectorFaultedAndBlocksNewSessions() async throws {
        try await startStation()
        try hardware.raiseFault(connector: 1, .groundFailure)
        try await expect("Faulted with GroundFailure") {
            await self.csms.requests(StatusNotification.Request.self).last { $0.connectorId == 1 }.map { $0.status == .faulted && $0.errorCode == .groundFailure } ?? false
        }
        try hardware.plug(connector: 1)
        try hardware.presentCard(idTag: "TAG-1", connector: 1)
        await harness.advance(.seconds(5))
        let starts = await csms.calls(.startTransaction).count
        XCTAssertEqual(starts, 0, "no transaction starts on a faulted connector")
        try hardware.clearFault(connector: 1, .groundFailure)
        try await expectStatus(1, .preparing)
        let last = await csms.requests(StatusNotification.Request.self).last { $0.connectorId == 1 }
        XCTAssertEqual(last?.errorCode, .noError)
    }

    func testAFaultDuringATransactionStopsIt() async throws {
        try await startStation()
        _ = try await startTransaction()
        try hardware.raiseFault(connector: 1, .overVoltage)
        try await expect("StopTransaction Other") { await self.csms.requests(StopTransaction.Request.self).first?.reason == .other }
        try await expectStatus(1, .faulted)
    }

    func testEmergencyStopStopsEveryTransactionAndFaultsTheStation() async throws {
        try await startStation()
        _ = try await startTransaction(connectorId: 1, tag: "A")
        _ = try await startTransaction(connectorId: 2, tag: "B")
        try hardware.raiseFault(connector: nil, .emergencyStop)
        try await expect("two StopTransactions EmergencyStop") {
            await self.csms.requests(StopTransaction.Request.self).filter { $0.reason == .emergencyStop }.count == 2
        }
        try await expectStatus(0, .faulted)
        let station = await csms.requests(StatusNotification.Request.self).last { $0.connectorId == 0 }
        XCTAssertEqual(station?.errorCode, .otherError)
        XCTAssertEqual(station?.info, "EmergencyStop")
    }

    func testAReaderFailureIsAWarningOnConnectorZero() async throws {
        try await startStation()
        try hardware.raiseFault(connector: nil, .readerFailure)
        try await expect("ReaderFailure on connector 0") {
            await self.csms.requests(StatusNotification.Request.self).last { $0.connectorId == 0 }?.errorCode == .readerFailure
        }
        let station = await csms.requests(StatusNotification.Request.self).last { $0.connectorId == 0 }
        XCTAssertEqual(station?.status, .available)
    }
}
