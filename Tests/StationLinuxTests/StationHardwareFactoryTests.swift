// The factory builds the station's hardware from the board file and the per-device choice:
// all simulated, or real drivers (here on the GPIO seam and a socat reader) mixed with the
// simulation, in one event stream.

import Foundation
import StationHAL
import StationLinux
import StationSimulation
import StationTesting
import XCTest

final class StationHardwareFactoryTests: XCTestCase {
    private var boardPath: String { repositoryRoot.appendingPathComponent("hardware/boards/maxero-200qc.yaml").path }

    func testAllSimulatedIsTheSimulatedMaxero() async throws {
        let factory = StationHardwareFactory(clock: ManualClock(), gpio: FakeGPIOBackend())
        let assembled = try factory.build(boardPath: boardPath, backends: .allSimulated)
        XCTAssertTrue(assembled.hardware is SimulatedStation)
        XCTAssertEqual(assembled.hardware.connectors.count, 2)
        XCTAssertTrue(assembled.hardware.connectors.allSatisfy(\.hasFixedCable))
        XCTAssertEqual(assembled.simulation.profile.stationMaximumPowerW, 200_000)
        assembled.shutdown()
    }

    func testRealGPIODevicesAndSimulatedOnesShareOneEventStream() async throws {
        let contactorLine = GPIOLineAddress(chip: "gpiochip2", offset: 8)
        let plugLine = GPIOLineAddress(chip: "gpiochip2", offset: 20)
        let gpio = FakeGPIOBackend(names: [
            "CP1_VEHICLE_PRESENT": plugLine, "CP2_VEHICLE_PRESENT": GPIOLineAddress(chip: "gpiochip2", offset: 21),
        ])
        let factory = StationHardwareFactory(clock: ManualClock(), gpio: gpio)
        let backends = DeviceBackends(plugSense: .hardware, contactor: .hardware)
        let assembled = try factory.build(boardPath: boardPath, backends: backends)
        defer { assembled.shutdown() }
        let events = EventLog<HardwareEvent>()
        let consumer = Task { for await event in assembled.hardware.events { events.append(event) } }
        defer { consumer.cancel() }

        gpio.line(plugLine).drive(high: true)
        try await waitUntil(seconds: 5, "plug event from GPIO") { events.count >= 1 }
        try assembled.simulation.presentCard(idTag: "ABC123", connector: 1)
        try await waitUntil(seconds: 5, "card from the simulated reader") { events.count >= 2 }
        XCTAssertEqual(events.all, [.connector(1, .plugged), .cardPresented(idTag: "ABC123", connector: 1)])

        try await assembled.hardware.connectors[0].offer(EnergyOffer(enabled: true, maximumPowerW: 50_000))
        XCTAssertTrue(gpio.line(contactorLine).high, "the real contactor closed")
        try await assembled.hardware.connectors[0].offer(.off)
        XCTAssertFalse(gpio.line(contactorLine).high)
    }

    func testHardwareReaderOnAPseudoTerminalReportsCards() async throws {
        let pair = try SocatPair()
        var board = try BoardDescription.load(path: boardPath)
        board.rfidReader?.port = pair.deviceEnd
        let factory = StationHardwareFactory(clock: SystemClock(), gpio: FakeGPIOBackend())
        let assembled = try factory.build(
            board: board, boardDirectory: repositoryRoot.appendingPathComponent("hardware/boards").path,
            backends: DeviceBackends(rfidReader: .hardware)
        )
        defer { assembled.shutdown() }
        let events = EventLog<HardwareEvent>()
        let consumer = Task { for await event in assembled.hardware.events { events.append(event) } }
        defer { consumer.cancel() }
        try await Task.sleep(for: .milliseconds(100))  // bounded: let the driver open its end
        try pair.sendFromPeer(rdm6300Frame("0A00B1C2D3"))
        try await waitUntil(seconds: 5, "card from the real reader driver") { events.count >= 1 }
        XCTAssertEqual(events.all.first, .cardPresented(idTag: "0A00B1C2D3", connector: nil))
    }

    func testHardwareDeviceTheBoardDoesNotWireIsRefusedByName() throws {
        var board = try BoardDescription.load(path: boardPath)
        board.emergencyStop = nil
        let factory = StationHardwareFactory(clock: ManualClock(), gpio: FakeGPIOBackend())
        XCTAssertThrowsError(try factory.build(board: board, boardDirectory: ".", backends: DeviceBackends(emergencyStop: .hardware))) {
            XCTAssertEqual(($0 as? HardwareSetupError)?.device, "emergencyStop")
        }
        XCTAssertThrowsError(try factory.build(boardPath: "/nonexistent/board.yaml", backends: .allSimulated)) {
            XCTAssertTrue(($0 as? HardwareSetupError)?.problem.contains("/nonexistent/board.yaml") ?? false, "\($0)")
        }
    }
}
