// The simulated MAXERO-200QC: events in the order things happen, energy only while offered and
// within every limit, fault injection, lock failure and the refusals of impossible commands.

import StationHAL
import StationSimulation
import StationTesting
import XCTest

final class SimulatedStationTests: XCTestCase {
    func testPlugCardAndUnplugAreReportedInOrder() async throws {
        let station = SimulatedStation(clock: ManualClock.taskless())
        try station.plug(connector: 2)
        try station.presentCard(idTag: "04A1B2C3", connector: 2)
        try station.presentCard(idTag: "CAFE01")
        try station.unplug(connector: 2)
        let events = await drain(station)
        XCTAssertEqual(events, [
            .connector(2, .plugged),
            .cardPresented(idTag: "04A1B2C3", connector: 2),
            .cardPresented(idTag: "CAFE01", connector: nil),
            .connector(2, .unplugged),
        ])
        let plugged = await station.connectors[1].isPlugged()
        XCTAssertFalse(plugged)
    }

    func testMaxeroProfileHasTwoFixedCableConnectors() async throws {
        let station = SimulatedStation(clock: ManualClock.taskless())
        XCTAssertEqual(station.connectors.count, 2)
        XCTAssertTrue(station.connectors.allSatisfy(\.hasFixedCable))
        try await station.connectors[0].lock()
        XCTAssertThrowsError(try station.setLockFailure(connector: 1, enabled: true)) { error in
            XCTAssertEqual(error as? SimulationError, .noLock(connector: 1))
        }
    }

    func testNoEnergyFlowsUntilTheOfferIsEnabled() async throws {
        let clock = ManualClock.taskless()
        let station = SimulatedStation(clock: clock)
        try station.plug(connector: 1)
        await clock.advance(by: .seconds(600))
        let idle = try await station.connectors[0].readMeter()
        XCTAssertEqual(idle.energyActiveImportWh, 0)
        XCTAssertEqual(idle.powerActiveImportW, 0)

        try await station.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 50_000))
        await clock.advance(by: .seconds(600))
        let reading = try await station.connectors[0].readMeter()
        // 50 kW for 10 minutes is 8333 Wh, less 2.5 s of ramp at 20 kW/s (about 17 Wh).
        XCTAssertEqual(reading.energyActiveImportWh, 8_316, accuracy: 10)
        XCTAssertEqual(reading.powerActiveImportW ?? 0, 50_000, accuracy: 1)
        XCTAssertEqual(reading.powerOfferedW, 50_000)
        let soc = try XCTUnwrap(reading.stateOfChargePercent)
        XCTAssertEqual(soc, 20 + 8_316 / 75_000 * 100, accuracy: 0.05)

        try await station.connectors[0].offer(.off)
        await clock.advance(by: .seconds(600))
        let after = try await station.connectors[0].readMeter()
        XCTAssertEqual(after.energyActiveImportWh, reading.energyActiveImportWh, accuracy: 1e-9)
        XCTAssertEqual(after.powerActiveImportW, 0)
    }

    func testPowerIsTheLeastOfOfferModuleRatingsAndCurve() async throws {
        let clock = ManualClock.taskless()
        var profile = SimulatedStationProfile.maxero200QC
        profile.connectorCount = 3
        profile.stationMaximumPowerW = 300_000
        let station = SimulatedStation(profile: profile, clock: clock)
        try station.plug(connector: 1, vehicle: EVModel(stateOfChargePercent: 10, emptyVoltageV: 600, fullVoltageV: 800))
        try station.plug(connector: 2, vehicle: EVModel(stateOfChargePercent: 10))
        try station.plug(connector: 3, vehicle: EVModel(stateOfChargePercent: 79.9))
        for connector in station.connectors {
            try await connector.offer(EnergyOffer(enabled: true, maximumPowerW: 150_000))
        }
        await clock.advance(by: .seconds(10))
        let readings = [
            try await station.connectors[0].readMeter(), try await station.connectors[1].readMeter(),
            try await station.connectors[2].readMeter(),
        ]
        // 800 V EV: the module's 100 kW rating limits (the EV would take 150 kW).
        XCTAssertEqual(readings[0].powerActiveImportW ?? 0, 100_000, accuracy: 1)
        XCTAssertEqual(readings[0].powerOfferedW, 100_000)
        // 400 V EV at 10 %: the module's 250 A rating limits at its 339 V.
        let voltage = try XCTUnwrap(readings[1].voltageV)
        XCTAssertEqual(readings[1].powerActiveImportW ?? 0, 250 * voltage, accuracy: 50)
        XCTAssertEqual(readings[1].currentImportA ?? 0, 250, accuracy: 0.1)
        // EV at about 80 %: its curve allows 45 % of its 150 kW.
        XCTAssertEqual(readings[2].powerActiveImportW ?? 0, 67_500, accuracy: 300)
        XCTAssertLessThan(readings[2].powerActiveImportW ?? 0, 67_500)
    }

    func testStationLimitIsSharedBetweenConnectors() async throws {
        let clock = ManualClock.taskless()
        var profile = SimulatedStationProfile.maxero200QC
        profile.powerModule.maximumPowerW = 150_000
        profile.powerModule.maximumCurrentA = 500
        let station = SimulatedStation(profile: profile, clock: clock)
        for id in 1...2 {
            try station.plug(connector: id, vehicle: EVModel(stateOfChargePercent: 10, maximumPowerW: 200_000, maximumCurrentA: 600))
            try await station.connectors[id - 1].offer(EnergyOffer(enabled: true, maximumPowerW: 150_000))
        }
        await clock.advance(by: .seconds(60))
        let powers = [try station.snapshot(connector: 1).powerW, try station.snapshot(connector: 2).powerW]
        XCTAssertEqual(powers[0], 100_000, accuracy: 1)
        XCTAssertEqual(powers[1], 100_000, accuracy: 1)
    }

    func testSuspendingTheEVStopsEnergyAndIsReported() async throws {
        let clock = ManualClock.taskless()
        let station = SimulatedStation(clock: clock)
        try station.plug(connector: 1)
        try await station.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 40_000))
        await clock.advance(by: .seconds(60))
        try station.setEVSuspended(connector: 1, true)
        let atSuspend = try station.snapshot(connector: 1).energyWh
        await clock.advance(by: .seconds(600))
        XCTAssertEqual(try station.snapshot(connector: 1).energyWh, atSuspend)
        XCTAssertEqual(try station.snapshot(connector: 1).powerW, 0)
        try station.setEVSuspended(connector: 1, false)
        await clock.advance(by: .seconds(60))
        XCTAssertGreaterThan(try station.snapshot(connector: 1).energyWh, atSuspend)
        try station.unplug(connector: 1)
        XCTAssertEqual(try station.snapshot(connector: 1).powerW, 0)
        let events = await drain(station)
        XCTAssertEqual(events, [
            .connector(1, .plugged), .connector(1, .evSuspended), .connector(1, .evResumed), .connector(1, .unplugged),
        ])
    }

    func testFullBatteryTapersAndSuspendsTheEV() async throws {
        let clock = ManualClock.taskless()
        let station = SimulatedStation(clock: clock)
        try station.plug(connector: 1, vehicle: EVModel(batteryCapacityWh: 40_000, stateOfChargePercent: 90))
        try await station.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 100_000))
        await clock.advance(by: .seconds(10))
        let early = try station.snapshot(connector: 1).powerW
        await clock.advance(by: .seconds(600))
        let later = try station.snapshot(connector: 1)
        XCTAssertLessThan(later.powerW, early, "power tapers as the battery fills")
        await clock.advance(by: .seconds(3 * 3600))
        let full = try station.snapshot(connector: 1)
        XCTAssertEqual(full.vehicle.stateOfChargePercent, 100, accuracy: 1e-9)
        XCTAssertFalse(full.isEVDrawing)
        XCTAssertEqual(full.powerW, 0)
        // 10 % of 40 kWh went in.
        XCTAssertEqual(full.energyWh, 4_000, accuracy: 1)
        let events = await drain(station)
        XCTAssertEqual(events, [.connector(1, .plugged), .connector(1, .evSuspended)])
    }

    func testFaultsTripThePowerPathAndAreReportedOnce() async throws {
        let clock = ManualClock.taskless()
        let station = SimulatedStation(clock: clock)
        try station.plug(connector: 1)
        try await station.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 50_000))
        await clock.advance(by: .seconds(30))
        try station.raiseFault(connector: 1, .groundFailure)
        try station.raiseFault(connector: 1, .groundFailure)
        await clock.advance(by: .seconds(30))
        XCTAssertEqual(try station.snapshot(connector: 1).powerW, 0)
        do {
            try await station.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 50_000))
            XCTFail("the contactor closed during a ground failure")
        } catch {
            XCTAssertEqual(error.fault, .groundFailure)
        }
        try station.clearFault(connector: 1, .groundFailure)
        try station.clearFault(connector: 1, .groundFailure)
        try await station.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 50_000))
        await clock.advance(by: .seconds(30))
        XCTAssertGreaterThan(try station.snapshot(connector: 1).powerW, 0)
        let events = await drain(station)
        XCTAssertEqual(events, [
            .connector(1, .plugged), .connector(1, .faultRaised(.groundFailure)), .connector(1, .faultCleared(.groundFailure)),
        ])
    }

    func testEmergencyStopCutsEveryConnector() async throws {
        let clock = ManualClock.taskless()
        let station = SimulatedStation(clock: clock)
        for id in 1...2 {
            try station.plug(connector: id)
            try await station.connectors[id - 1].offer(EnergyOffer(enabled: true, maximumPowerW: 30_000))
        }
        await clock.advance(by: .seconds(30))
        try station.raiseFault(connector: nil, .emergencyStop)
        await clock.advance(by: .seconds(30))
        XCTAssertEqual(try station.snapshot(connector: 1).powerW, 0)
        XCTAssertEqual(try station.snapshot(connector: 2).powerW, 0)
        try station.clearFault(connector: 0, .emergencyStop)
        let events = await drain(station)
        XCTAssertEqual(events.suffix(2), [.faultRaised(.emergencyStop), .faultCleared(.emergencyStop)])
    }

    func testMeterFailureMakesReadingsFailUntilCleared() async throws {
        let station = SimulatedStation(clock: ManualClock.taskless())
        try station.raiseFault(connector: 2, .powerMeterFailure)
        do {
            _ = try await station.connectors[1].readMeter()
            XCTFail("a failed meter was read")
        } catch {
            XCTAssertEqual(error.fault, .powerMeterFailure)
        }
        try station.clearFault(connector: 2, .powerMeterFailure)
        _ = try await station.connectors[1].readMeter()
        let events = await drain(station)
        XCTAssertEqual(events, [.connector(2, .faultRaised(.powerMeterFailure)), .connector(2, .faultCleared(.powerMeterFailure))])
    }

    func testFailedReaderReadsNoCard() async throws {
        let station = SimulatedStation(clock: ManualClock.taskless())
        try station.raiseFault(connector: nil, .readerFailure)
        XCTAssertThrowsError(try station.presentCard(idTag: "AA")) { error in
            XCTAssertEqual(error as? SimulationError, .readerUnavailable)
        }
        try station.clearFault(connector: nil, .readerFailure)
        try station.presentCard(idTag: "BB")
        let events = await drain(station)
        XCTAssertEqual(events, [.faultRaised(.readerFailure), .faultCleared(.readerFailure), .cardPresented(idTag: "BB", connector: nil)])
    }

    func testSocketLockCanBeToldToFail() async throws {
        let station = SimulatedStation(profile: .maxero200QCSockets, clock: ManualClock.taskless())
        let connector = station.connectors[0]
        XCTAssertFalse(connector.hasFixedCable)
        try await connector.lock()
        XCTAssertTrue(try station.snapshot(connector: 1).isLocked)
        try station.setLockFailure(connector: 1, enabled: true)
        do {
            try await connector.unlock()
            XCTFail("a failing lock unlocked")
        } catch {
            XCTAssertEqual(error.fault, .connectorLockFailure)
        }
        XCTAssertTrue(try station.snapshot(connector: 1).isLocked)
        try station.setLockFailure(connector: 1, enabled: false)
        try await connector.unlock()
        XCTAssertFalse(try station.snapshot(connector: 1).isLocked)
    }

    func testEveryFaultCanBeInjectedAndClearedAtAConnectorAndStationWide() async throws {
        let station = SimulatedStation(clock: ManualClock.taskless())
        for fault in DeviceFault.allCases {
            try station.raiseFault(connector: 1, fault)
            try station.clearFault(connector: 1, fault)
            try station.raiseFault(connector: nil, fault)
            try station.clearFault(connector: nil, fault)
        }
        let events = await drain(station)
        let expected = DeviceFault.allCases.flatMap { fault -> [HardwareEvent] in
            [.connector(1, .faultRaised(fault)), .connector(1, .faultCleared(fault)), .faultRaised(fault), .faultCleared(fault)]
        }
        XCTAssertEqual(events, expected)
        XCTAssertTrue(try station.snapshot(connector: 1).faults.isEmpty)
        XCTAssertTrue(try station.snapshot(connector: 1).stationFaults.isEmpty)
    }

    func testImpossibleCommandsAreRefused() throws {
        let station = SimulatedStation(clock: ManualClock.taskless())
        XCTAssertThrowsError(try station.plug(connector: 3)) { XCTAssertEqual($0 as? SimulationError, .noSuchConnector(3)) }
        XCTAssertThrowsError(try station.unplug(connector: 1)) { XCTAssertEqual($0 as? SimulationError, .notPlugged(connector: 1)) }
        try station.plug(connector: 1)
        XCTAssertThrowsError(try station.plug(connector: 1)) { XCTAssertEqual($0 as? SimulationError, .alreadyPlugged(connector: 1)) }
        XCTAssertThrowsError(try station.setEVSuspended(connector: 2, true)) {
            XCTAssertEqual($0 as? SimulationError, .notPlugged(connector: 2))
        }
        XCTAssertThrowsError(try station.setStateOfCharge(connector: 1, percent: 120))
        XCTAssertThrowsError(try station.presentCard(idTag: "AA", connector: 7))
    }

    /// Ends the station's events and returns all that were reported.
    private func drain(_ station: SimulatedStation) async -> [HardwareEvent] {
        station.shutdown()
        var events: [HardwareEvent] = []
        for await event in station.events { events.append(event) }
        return events
    }
}
