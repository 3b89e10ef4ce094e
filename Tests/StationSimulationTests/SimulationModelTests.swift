// The simulation's building blocks: the DC charging curve, the EV battery, the ramping power
// module, the monotonic register, and energy integration in virtual time.

import StationHAL
import StationSimulation
import StationTesting
import XCTest

final class SimulationModelTests: XCTestCase {
    func testTypicalCurveIsFlatThenTapers() {
        let curve = DCChargingCurve.typical
        XCTAssertEqual(curve.powerFraction(atStateOfCharge: 10), 1)
        XCTAssertEqual(curve.powerFraction(atStateOfCharge: 50), 1)
        XCTAssertEqual(curve.powerFraction(atStateOfCharge: 65), 0.725, accuracy: 1e-9)
        XCTAssertEqual(curve.powerFraction(atStateOfCharge: 80), 0.45, accuracy: 1e-9)
        XCTAssertEqual(curve.powerFraction(atStateOfCharge: 100), 0.05, accuracy: 1e-9)
        var previous = 1.0
        for soc in stride(from: 0.0, through: 100, by: 0.5) {
            let fraction = curve.powerFraction(atStateOfCharge: soc)
            XCTAssertLessThanOrEqual(fraction, previous, "never rises with state of charge (\(soc) %)")
            previous = fraction
        }
    }

    func testCurvePointsAreSortedAndClamped() {
        let curve = DCChargingCurve(points: [.init(stateOfChargePercent: 80, powerFraction: 2), .init(stateOfChargePercent: 20, powerFraction: -1)])
        XCTAssertEqual(curve.points.map(\.stateOfChargePercent), [20, 80])
        XCTAssertEqual(curve.powerFraction(atStateOfCharge: 0), 0)
        XCTAssertEqual(curve.powerFraction(atStateOfCharge: 90), 1)
    }

    func testEVAcceptsWithinItsCurrentLimitAndStopsWhenFull() {
        var ev = EVModel(batteryCapacityWh: 50_000, stateOfChargePercent: 20, maximumPowerW: 200_000, maximumCurrentA: 200)
        XCTAssertEqual(ev.acceptedPowerW, 200 * ev.batteryVoltageV, accuracy: 1e-6)
        ev.absorb(energyWh: 25_000)
        XCTAssertEqual(ev.stateOfChargePercent, 70, accuracy: 1e-9)
        ev.absorb(energyWh: 1_000_000)
        XCTAssertEqual(ev.stateOfChargePercent, 100)
        XCTAssertTrue(ev.isFull)
        XCTAssertEqual(ev.acceptedPowerW, 0)
    }

    func testPowerModuleRampsBothWaysAndStaysWithinItsRatings() {
        var module = PowerModuleModel(ratings: .maxero100kW, rampRateWPerSecond: 10_000)
        XCTAssertEqual(module.capabilityW(atVoltage: 800), 100_000)
        XCTAssertEqual(module.capabilityW(atVoltage: 300), 75_000)
        XCTAssertEqual(module.capabilityW(atVoltage: 1_000), 0, "above its voltage rating it delivers nothing")
        let energy = module.ramp(towards: 30_000, seconds: 1)
        XCTAssertEqual(module.outputW, 10_000)
        XCTAssertEqual(energy, 5_000.0 / 3600, accuracy: 1e-12)
        _ = module.ramp(towards: 30_000, seconds: 5)
        XCTAssertEqual(module.outputW, 30_000)
        _ = module.ramp(towards: 5_000, seconds: 1)
        XCTAssertEqual(module.outputW, 20_000)
        module.cut()
        XCTAssertEqual(module.outputW, 0)
    }

    func testMonotonicRegisterRefusesBackwardsAndNonsense() throws {
        var register = MonotonicRegister()
        XCTAssertEqual(try register.accept(100), 100)
        XCTAssertEqual(try register.accept(100), 100)
        XCTAssertThrowsError(try register.accept(99.9)) { XCTAssertEqual(($0 as? DeviceError)?.fault, .powerMeterFailure) }
        XCTAssertThrowsError(try register.accept(.nan))
        XCTAssertThrowsError(try register.accept(-1))
        XCTAssertEqual(register.lastWh, 100)
        XCTAssertEqual(try register.accept(150), 150)
    }

    func testMeterEnergyEqualsWhatTheBatteryGainedWhateverTheReadingTimes() async throws {
        let clock = ManualClock.taskless()
        let often = SimulatedStation(clock: clock)
        let rarely = SimulatedStation(clock: clock)
        let vehicle = EVModel(batteryCapacityWh: 60_000, stateOfChargePercent: 30)
        for station in [often, rarely] {
            try station.plug(connector: 1, vehicle: vehicle)
            try await station.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 90_000))
        }
        var readings: [Double] = []
        for _ in 0..<300 {
            await clock.advance(by: .milliseconds(24_100))
            readings.append(try await often.connectors[0].readMeter().energyActiveImportWh)
        }
        XCTAssertEqual(readings, readings.sorted(), "the register never goes backwards")
        let frequent = try often.snapshot(connector: 1)
        let single = try rarely.snapshot(connector: 1)
        XCTAssertEqual(frequent.energyWh, (frequent.vehicle.stateOfChargePercent - 30) / 100 * 60_000, accuracy: 0.01)
        XCTAssertEqual(single.energyWh, frequent.energyWh, accuracy: frequent.energyWh * 0.001)
        XCTAssertLessThan(frequent.powerW, 90_000, "past 50 % the curve has tapered the power")
    }
}
