// Smart Charging through the station: SetChargingProfile's answers, the limit put on the power
// module at once and at period boundaries (seen as Power.Offered), ChargePointMaxProfile shared
// by two transactions, a RemoteStartTransaction's TxProfile, ClearChargingProfile,
// GetCompositeSchedule, the keys, and profiles surviving a reboot.

import OCPP
import StationCore
import StationHAL
import StationStorage
import StationTesting
import XCTest

final class SmartChargingStationTests: StationTestCase {
    func profile(
        _ id: Int, _ purpose: ChargingProfilePurpose, stack: Int = 0, kind: ChargingProfileKind = .relative, unit: ChargingRateUnit = .watts,
        periods: [(Int, Double)], transactionId: Int? = nil, start: Timestamp? = nil
    ) -> ChargingProfile {
        ChargingProfile(
            chargingProfileId: id, transactionId: transactionId, stackLevel: stack, chargingProfilePurpose: purpose, chargingProfileKind: kind,
            chargingSchedule: ChargingSchedule(
                startSchedule: start, chargingRateUnit: unit,
                chargingSchedulePeriod: periods.map { ChargingSchedulePeriod(startPeriod: $0.0, limit: ChargingRate($0.1)) }
            )
        )
    }

    func set(_ profile: ChargingProfile, connector: Int) async throws -> SetChargingProfile.ChargingProfileStatus {
        try await csms.send(SetChargingProfile.Request(connectorId: connector, csChargingProfiles: profile)).get().status
    }

    /// Power.Offered as the connector's meter reports it now.
    func offered(_ connectorId: Int) async throws -> Double? {
        try await harness.hardware.connectors[connectorId - 1].readMeter().powerOfferedW
    }

    func testTheLimitFollowsTheProfileAtEachPeriodBoundary() async throws {
        try await startStation()
        var status = try await set(profile(1, .txDefaultProfile, periods: [(0, 20_000), (600, 50_000)]), connector: 0)
        XCTAssertEqual(status, .accepted)
        _ = try await startTransaction(connectorId: 1)
        try await expect("20 kW offered") { (try? await self.offered(1)) == 20_000 }
        await harness.advance(.seconds(601))
        try await expect("50 kW after the period boundary") { (try? await self.offered(1)) == 50_000 }

        // A TxProfile overrides the default, in amperes: 32 A x 230 V x 3 phases.
        let first = await snapshot().connectors[0].transactionId
        let transactionId = try XCTUnwrap(first)
        status = try await set(profile(2, .txProfile, unit: .amperes, periods: [(0, 32)]), connector: 1)
        XCTAssertEqual(status, .accepted)
        try await expect("22.08 kW from the TxProfile") { (try? await self.offered(1)) == 22_080 }
        status = try await set(profile(3, .txProfile, periods: [(0, 1000)], transactionId: transactionId + 1), connector: 1)
        XCTAssertEqual(status, .rejected, "a TxProfile for another transaction")
        status = try await set(profile(4, .txProfile, periods: [(0, 1000)]), connector: 2)
        XCTAssertEqual(status, .rejected, "no transaction on connector 2")

        let cleared = try await csms.send(ClearChargingProfile.Request(id: 2)).get().status
        XCTAssertEqual(cleared, .accepted)
        try await expect("back to the default") { (try? await self.offered(1)) == 50_000 }
        let unknown = try await csms.send(ClearChargingProfile.Request(id: 99)).get().status
        XCTAssertEqual(unknown, .unknown)
    }

    func testChargePointMaxIsSharedByTwoTransactions() async throws {
        try await startStation()
        let status = try await set(profile(10, .chargePointMaxProfile, kind: .absolute, periods: [(0, 60_000)], start: Timestamp(harness.clock.wallTime)), connector: 0)
        XCTAssertEqual(status, .accepted)
        _ = try await startTransaction(connectorId: 1, tag: "ONE")
        try await expect("one transaction takes all 60 kW") { (try? await self.offered(1)) == 60_000 }
        _ = try await startTransaction(connectorId: 2, tag: "TWO")
        try await expect("two share 60 kW") {
            let first = try? await self.offered(1), second = try? await self.offered(2)
            return first == 30_000 && second == 30_000
        }
        let rejected = try await set(profile(11, .chargePointMaxProfile, periods: [(0, 1)]), connector: 1)
        XCTAssertEqual(rejected, .rejected, "ChargePointMaxProfile only on connector 0")
    }

    func testARemoteStartsTxProfileAppliesToItsTransactionAndEndsWithIt() async throws {
        try await startStation([.authorizeRemoteTxRequests: "false"])
        try hardware.plug(connector: 2)
        let answer = try await csms.send(RemoteStartTransaction.Request(
            connectorId: 2, idTag: "REMOTE", chargingProfile: profile(20, .txProfile, periods: [(0, 11_000)])
        )).get()
        XCTAssertEqual(answer.status, .accepted)
        try await expect("11 kW from the remote start's profile") { (try? await self.offered(2)) == 11_000 }
        let second = await snapshot().connectors[1].transactionId
        let transactionId = try XCTUnwrap(second)
        _ = try await csms.send(RemoteStopTransaction.Request(transactionId: transactionId)).get()
        try await expect("stopped") { await !self.snapshot().connectors[1].transactionRunning }
        let schedule = try await csms.send(GetCompositeSchedule.Request(connectorId: 2, duration: 60)).get()
        XCTAssertEqual(schedule.chargingSchedule?.chargingSchedulePeriod.first?.limit, ChargingRate(100_000), "the TxProfile ended with its transaction")
    }

    func testGetCompositeScheduleAnswersInTheRequestedUnit() async throws {
        try await startStation()
        _ = try await set(profile(30, .txDefaultProfile, stack: 1, periods: [(0, 6900), (300, 13_800)]), connector: 1)
        var answer = try await csms.send(GetCompositeSchedule.Request(connectorId: 1, duration: 600, chargingRateUnit: .amperes)).get()
        XCTAssertEqual(answer.status, .accepted)
        XCTAssertEqual(answer.connectorId, 1)
        XCTAssertEqual(answer.chargingSchedule?.chargingRateUnit, .amperes)
        XCTAssertEqual(answer.chargingSchedule?.chargingSchedulePeriod.map(\.startPeriod), [0, 300])
        XCTAssertEqual(answer.chargingSchedule?.chargingSchedulePeriod.map(\.limit), [10, 20])
        answer = try await csms.send(GetCompositeSchedule.Request(connectorId: 3, duration: 600)).get()
        XCTAssertEqual(answer.status, .rejected)
    }

    func testTheKeysBoundProfilesAndAreReadOnly() async throws {
        try await startStation([.chargeProfileMaxStackLevel: "2", .chargingScheduleMaxPeriods: "2", .chargingScheduleAllowedChargingRateUnit: "Power"])
        var status = try await set(profile(40, .txDefaultProfile, stack: 3, periods: [(0, 1000)]), connector: 0)
        XCTAssertEqual(status, .rejected, "stack level above ChargeProfileMaxStackLevel")
        status = try await set(profile(41, .txDefaultProfile, periods: [(0, 1000), (10, 2000), (20, 3000)]), connector: 0)
        XCTAssertEqual(status, .rejected, "more periods than ChargingScheduleMaxPeriods")
        status = try await set(profile(42, .txDefaultProfile, unit: .amperes, periods: [(0, 16)]), connector: 0)
        XCTAssertEqual(status, .rejected, "amperes are not allowed")
        let change = try await csms.send(ChangeConfiguration.Request(key: "MaxChargingProfilesInstalled", value: "100")).get().status
        XCTAssertEqual(change, .rejected)
        let report = try await csms.send(GetConfiguration.Request(key: nil)).get()
        let names = Set(report.configurationKey?.map(\.key.value) ?? [])
        for key in ["ChargeProfileMaxStackLevel", "ChargingScheduleAllowedChargingRateUnit", "ChargingScheduleMaxPeriods", "MaxChargingProfilesInstalled",
                    "LocalAuthListEnabled", "LocalAuthListMaxLength", "SendLocalListMaxLength", "ReserveConnectorZeroSupported",
                    "SupportedFileTransferProtocols"] {
            XCTAssertTrue(names.contains(key), key)
        }
    }

    func testProfilesSurviveAReboot() async throws {
        let path = try temporaryStorePath()
        try await startStation(store: try SQLiteStationStore(path: path))
        _ = try await set(profile(50, .txDefaultProfile, periods: [(0, 7000)]), connector: 0)
        await harness.cutPower()
        try await harness.start(store: try SQLiteStationStore(path: path))
        try await expect("rebooted") { await self.snapshot().registration == .accepted }
        _ = try await startTransaction(connectorId: 1)
        try await expect("7 kW from the persisted profile") { (try? await self.offered(1)) == 7000 }
    }
}
