// The Modbus-RTU client and meter driver against a real Modbus peer: a pymodbus server on a
// socat pseudo-terminal pair, serving an Eastron SDM630 and a Peacefair PZEM-017.

import Foundation
import StationHAL
import StationLinux
import XCTest

final class ModbusMeterTests: XCTestCase {
    private var pair: SocatPair!
    private var peer: ModbusPeer!
    private var client: ModbusRTUClient<SystemClock>!

    override func setUpWithError() throws {
        pair = try SocatPair()
        peer = try ModbusPeer(port: pair.peerEnd)
        let port = try TermiosSerialPort(path: pair.deviceEnd)
        client = ModbusRTUClient(port: port, clock: SystemClock(), timing: ModbusTiming(responseTimeout: .milliseconds(300), retries: 2))
    }

    override func tearDown() {
        peer?.stop()
        client = nil
        peer = nil
        pair = nil
    }

    func testSDM630IsReadThroughItsPublishedFloatMap() async throws {
        let meter = ModbusEnergyMeter(client: client, unit: 1, map: try map("eastron-sdm630.yaml"))
        let sample = try await meter.read()
        XCTAssertEqual(sample.energyActiveImportWh, 12_500)
        XCTAssertEqual(sample.powerW ?? 0, 7_245, accuracy: 0.01)
        XCTAssertEqual(sample.voltageV ?? 0, 230.1, accuracy: 0.001)
        XCTAssertEqual(sample.currentA ?? 0, 10.5, accuracy: 0.001)
    }

    func testPZEM017DCMeterIsReadLowWordFirst() async throws {
        let meter = ModbusEnergyMeter(client: client, unit: 2, map: try map("peacefair-pzem-017.yaml"))
        let sample = try await meter.read()
        XCTAssertEqual(sample.energyActiveImportWh, 1_234)
        XCTAssertEqual(sample.powerW ?? 0, 960, accuracy: 0.001)
        XCTAssertEqual(sample.voltageV ?? 0, 48, accuracy: 0.001)
        XCTAssertEqual(sample.currentA ?? 0, 20, accuracy: 0.001)
        try peer.command("pzem-energy-wh 70000")
        let later = try await meter.read()
        XCTAssertEqual(later.energyActiveImportWh, 70_000, "a count above 16 bits needs the high word")
    }

    func testEnergyGoingBackwardsIsAFaultNotAValue() async throws {
        let meter = ModbusEnergyMeter(client: client, unit: 1, map: try map("eastron-sdm630.yaml"))
        _ = try await meter.read()
        try peer.command("sdm-energy-kwh 10")
        do {
            let sample = try await meter.read()
            XCTFail("accepted a register going backwards: \(sample.energyActiveImportWh) Wh")
        } catch {
            XCTAssertEqual(error.fault, .powerMeterFailure)
            XCTAssertTrue(error.message.contains("backwards"), error.message)
        }
        XCTAssertEqual(client.badInput.count(.impossibleValue), 1)
        try peer.command("sdm-energy-kwh 13")
        let recovered = try await meter.read()
        XCTAssertEqual(recovered.energyActiveImportWh, 13_000)
    }

    func testExceptionAnswerIsReportedAtOnceWithItsCode() async throws {
        do {
            _ = try await client.readRegisters(ModbusReadRequest(unit: 1, kind: .input, start: 500, count: 2))
            XCTFail("read registers that do not exist")
        } catch {
            XCTAssertEqual(error, .exception(unit: 1, code: 2))
        }
        var broken = try map("eastron-sdm630.yaml")
        broken.energyActiveImport.address = 400
        broken.power = nil
        broken.voltage = nil
        broken.current = nil
        let meter = ModbusEnergyMeter(client: client, unit: 1, map: broken)
        do {
            _ = try await meter.read()
            XCTFail("a meter answering with an exception gave a value")
        } catch {
            XCTAssertEqual(error.fault, .powerMeterFailure)
            XCTAssertTrue(error.message.contains("illegal data address"), error.message)
        }
    }

    func testSilentUnitTimesOutAfterItsRetries() async throws {
        _ = try await client.readRegisters(ModbusReadRequest(unit: 1, kind: .input, start: 0, count: 2))
        do {
            _ = try await client.readRegisters(ModbusReadRequest(unit: 9, kind: .input, start: 0, count: 2))
            XCTFail("an absent unit answered")
        } catch {
            XCTAssertEqual(error, .timeout(unit: 9, attempts: 3))
        }
    }

    func testMeterThatStopsAnsweringRaisesPowerMeterFailure() async throws {
        let meter = ModbusEnergyMeter(client: client, unit: 1, map: try map("eastron-sdm630.yaml"))
        _ = try await meter.read()
        peer.stop()
        do {
            _ = try await meter.read()
            XCTFail("a stopped meter was read")
        } catch {
            XCTAssertEqual(error.fault, .powerMeterFailure)
        }
    }

    func testBusThatVanishesIsReopenedWhenItComesBack() async throws {
        let bus = ModbusRTUClient(
            opening: pair.deviceEnd, settings: SerialSettings(), opener: TermiosSerialPort.opener, clock: SystemClock(),
            timing: ModbusTiming(responseTimeout: .milliseconds(300), retries: 1)
        )
        let meter = ModbusEnergyMeter(client: bus, unit: 1, map: try map("eastron-sdm630.yaml"))
        let before = try await readEventually(meter)
        XCTAssertNotNil(before, "the peer never answered")
        peer.stop()
        pair.stop()
        do {
            _ = try await meter.read()
            XCTFail("a vanished bus was read")
        } catch {
            XCTAssertEqual(error.fault, .powerMeterFailure)
        }
        try pair.start()
        peer = try ModbusPeer(port: pair.peerEnd)
        try peer.command("sdm-energy-kwh 20")
        let sample = try await readEventually(meter)
        XCTAssertEqual(sample?.energyActiveImportWh, 20_000, "the reopened bus never answered")
    }

    /// Reads until the meter answers, within a bounded wait: a peer may need a moment before it
    /// answers (a slow machine starts python slowly), and the driver must get through once it does.
    private func readEventually(_ meter: ModbusEnergyMeter<SystemClock>) async throws -> EnergySample? {
        for _ in 0..<40 {
            do {
                return try await meter.read()
            } catch {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        return nil
    }

    private func map(_ file: String) throws -> MeterRegisterMap {
        try MeterRegisterMap.load(path: repositoryRoot.appendingPathComponent("hardware/meters/\(file)").path)
    }
}
