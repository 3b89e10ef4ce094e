// The Core profile's CSMS requests: RemoteStart/RemoteStop, Reset, ChangeAvailability,
// UnlockConnector, DataTransfer, ClearCache, and requests of profiles this station lacks.

import OCPP
import StationCore
import StationHAL
import StationTesting
import XCTest

final class CentralSystemRequestTests: StationTestCase {
    func testRemoteStartAuthorizesFirstThenStartsOnPlug() async throws {
        try await startStation()
        let answer = await csms.send(RemoteStartTransaction.Request(connectorId: 1, idTag: "REMOTE-1"))
        XCTAssertEqual(try answer.get().status, .accepted)
        try await expect("Authorize for the remote tag") { await self.csms.requests(Authorize.Request.self).first?.idTag == "REMOTE-1" }
        try await expectStatus(1, .preparing)
        try hardware.plug(connector: 1)
        try await expect("StartTransaction") { await self.csms.requests(StartTransaction.Request.self).first?.idTag == "REMOTE-1" }
        let order = await csms.actions.filter { $0 == .authorize || $0 == .startTransaction }
        XCTAssertEqual(order, [.authorize, .startTransaction])
    }

    func testRemoteStartWithoutAuthorizeRemoteTxRequestsStartsDirectly() async throws {
        try await startStation([.authorizeRemoteTxRequests: "false"])
        try hardware.plug(connector: 2)
        _ = await csms.send(RemoteStartTransaction.Request(connectorId: 2, idTag: "REMOTE-2"))
        try await expect("StartTransaction") { await self.csms.calls(.startTransaction).count == 1 }
        let authorizes = await csms.calls(.authorize).count
        XCTAssertEqual(authorizes, 0)
    }

    func testRemoteStartIsRejectedOnConnectorZeroABusyConnectorOrANonTxProfile() async throws {
        try await startStation()
        let zero = await csms.send(RemoteStartTransaction.Request(connectorId: 0, idTag: "R"))
        XCTAssertEqual(try zero.get().status, .rejected)
        _ = try await startTransaction(connectorId: 1)
        let busy = await csms.send(RemoteStartTransaction.Request(connectorId: 1, idTag: "R"))
        XCTAssertEqual(try busy.get().status, .rejected)
        let profile = ChargingProfile(
            chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: .txDefaultProfile, chargingProfileKind: .relative,
            chargingSchedule: ChargingSchedule(chargingRateUnit: .watts, chargingSchedulePeriod: [ChargingSchedulePeriod(startPeriod: 0, limit: 1000)])
        )
        let wrongPurpose = await csms.send(RemoteStartTransaction.Request(connectorId: 2, idTag: "R", chargingProfile: profile))
        XCTAssertEqual(try wrongPurpose.get().status, .rejected)
    }

    func testRemoteStopStopsTheTransactionWithReasonRemote() async throws {
        try await startStation()
        _ = try await startTransaction()
        try await expect("transaction id known") { await self.snapshot().connectors[0].transactionId == 1000 }
        let unknown = await csms.send(RemoteStopTransaction.Request(transactionId: 4242))
        XCTAssertEqual(try unknown.get().status, .rejected)
        let answer = await csms.send(RemoteStopTransaction.Request(transactionId: 1000))
        XCTAssertEqual(try answer.get().status, .accepted)
        try await expect("StopTransaction Remote") { await self.csms.requests(StopTransaction.Request.self).first?.reason == .remote }
        let stop = try await first(StopTransaction.Request.self)
        XCTAssertEqual(stop.transactionId, 1000)
        XCTAssertNil(stop.idTag)
    }

    func testSoftResetStopsTransactionsAndRebootsWithABootNotification() async throws {
        try await startStation()
        _ = try await startTransaction(connectorId: 2)
        let answer = await csms.send(Reset.Request(type: .soft))
        XCTAssertEqual(try answer.get().status, .accepted)
        try await expect("StopTransaction SoftReset") { await self.csms.requests(StopTransaction.Request.self).first?.reason == .softReset }
        try await expect("BootNotification after the reset") { await self.csms.calls(.bootNotification).count == 1 }
        XCTAssertEqual(harness.bootCount, 2)
        let actions = await csms.actions
        let stopIndex = try XCTUnwrap(actions.firstIndex(of: .stopTransaction))
        let bootIndex = try XCTUnwrap(actions.firstIndex(of: .bootNotification))
        XCTAssertLessThan(stopIndex, bootIndex)
    }

    func testHardResetStopsWithHardReset() async throws {
        try await startStation()
        _ = try await startTransaction()
        _ = await csms.send(Reset.Request(type: .hard))
        try await expect("StopTransaction HardReset") { await self.csms.requests(StopTransaction.Request.self).first?.reason == .hardReset }
        try await expect("BootNotification after the reset") { await self.csms.calls(.bootNotification).count == 1 }
    }

    func testChangeAvailabilityIsScheduledDuringATransactionAndPersistsAcrossAReset() async throws {
        try await startStation()
        let idle = await csms.send(ChangeAvailability.Request(connectorId: 2, type: .inoperative))
        XCTAssertEqual(try idle.get().status, .accepted)
        try await expectStatus(2, .unavailable)
        _ = try await startTransaction(connectorId: 1)
        let busy = await csms.send(ChangeAvailability.Request(connectorId: 1, type: .inoperative))
        XCTAssertEqual(try busy.get().status, .scheduled)
        await harness.settle()
        let still = await statuses(1).last
        XCTAssertEqual(still, .charging)
        try hardware.presentCard(idTag: "TAG-1", connector: nil)
        try await expect("StopTransaction") { await self.csms.calls(.stopTransaction).count == 1 }
        try await expectStatus(1, .unavailable)
        let unknown = await csms.send(ChangeAvailability.Request(connectorId: 7, type: .inoperative))
        XCTAssertEqual(try unknown.get().status, .rejected)

        await csms.clearReceived()
        _ = await csms.send(Reset.Request(type: .soft))
        try await expect("boot statuses after reset") { await self.csms.calls(.statusNotification).count >= 3 }
        let after = await csms.requests(StatusNotification.Request.self)
        XCTAssertEqual(after.first { $0.connectorId == 2 }?.status, .unavailable)
        XCTAssertEqual(after.first { $0.connectorId == 1 }?.status, .unavailable)
        let plugged = try hardware.snapshot(connector: 1).isPlugged
        XCTAssertTrue(plugged)
        // A tag cannot start a session on an unavailable connector.
        try hardware.presentCard(idTag: "TAG-9", connector: 1)
        await harness.advance(.seconds(5))
        let starts = await csms.calls(.startTransaction).count
        XCTAssertEqual(starts, 0)
    }

    func testChangeAvailabilityOfConnectorZeroAppliesToAll() async throws {
        try await startStation()
        let answer = await csms.send(ChangeAvailability.Request(connectorId: 0, type: .inoperative))
        XCTAssertEqual(try answer.get().status, .accepted)
        try await expectStatus(0, .unavailable)
        try await expectStatus(1, .unavailable)
        try await expectStatus(2, .unavailable)
        _ = await csms.send(ChangeAvailability.Request(connectorId: 0, type: .operative))
        try await expectStatus(0, .available)
        try await expectStatus(1, .available)
    }

    func testUnlockOnAFixedCableIsNotSupported() async throws {
        try await startStation()
        let answer = await csms.send(UnlockConnector.Request(connectorId: 1))
        XCTAssertEqual(try answer.get().status, .notSupported)
        let unknown = await csms.send(UnlockConnector.Request(connectorId: 9))
        XCTAssertEqual(try unknown.get().status, .notSupported)
    }

    func testUnlockOnASocketOutletStopsTheTransactionWithUnlockCommand() async throws {
        try await startStation(profile: .maxero200QCSockets)
        _ = try await startTransaction()
        let answer = await csms.send(UnlockConnector.Request(connectorId: 1))
        XCTAssertEqual(try answer.get().status, .unlocked)
        try await expect("StopTransaction UnlockCommand") { await self.csms.requests(StopTransaction.Request.self).first?.reason == .unlockCommand }
        try hardware.setLockFailure(connector: 2, enabled: true)
        let failed = await csms.send(UnlockConnector.Request(connectorId: 2))
        XCTAssertEqual(try failed.get().status, .unlockFailed)
    }

    func testDataTransferAnswersByVendor() async throws {
        try await startStation()
        let unknown = await csms.send(DataTransfer.Request(vendorId: "com.unknown"))
        XCTAssertEqual(try unknown.get().status, .unknownVendorId)
        let unknownMessage = await csms.send(DataTransfer.Request(vendorId: "com.maxero", messageId: "nope"))
        XCTAssertEqual(try unknownMessage.get().status, .unknownMessageId)
        let known = await csms.send(DataTransfer.Request(vendorId: "com.maxero", messageId: "ping"))
        XCTAssertEqual(try known.get().status, .accepted)
        let outgoing = await harness.station.sendDataTransfer(vendorId: "com.maxero", messageId: "hello", data: "{}")
        XCTAssertEqual(try outgoing.get().status, .accepted)
        let sent = try await first(DataTransfer.Request.self)
        XCTAssertEqual(sent.messageId, "hello")
    }

    func testFirmwareManagementIsNotSupportedWithoutFileServicesNorTheSecurityExtensionsRequests() async throws {
        try await startStation()
        let firmware = await csms.send(UpdateFirmware.Request(location: "http://127.0.0.1/fw.img", retrieveDate: Timestamp(harness.clock.wallTime)))
        guard case .failure(let error) = firmware else { return XCTFail("answered \(firmware)") }
        XCTAssertEqual(error.code, .notSupported)
        let log = await csms.send(GetLog.Request(log: GetLog.LogParameters(remoteLocation: "http://127.0.0.1/"), logType: .securityLog, requestId: 1))
        guard case .failure(let logError) = log else { return XCTFail("answered \(log)") }
        XCTAssertEqual(logError.code, .notSupported)
        let profiles = await harness.station.currentConfiguration.value(of: .supportedFeatureProfiles)
        XCTAssertEqual(profiles, "Core,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger")
    }

    func testMalformedRequestGetsTheCallErrorOfTheDecoder() async throws {
        try await startStation()
        await csms.sendRaw(#"[2,"bad-1","Reset",{"type":"Medium"}]"#)
        await csms.sendRaw(#"[2,"bad-2","Reset",{}]"#)
        // The answers reach the double as CALLERRORs for ids it did not send: nothing breaks,
        // and the station keeps working.
        let answer = await csms.send(Reset.Request(type: .soft))
        XCTAssertEqual(try answer.get().status, .accepted)
    }
}
