// GPIO driver logic through the seam (a fake backend with real event descriptors), the libgpiod
// wrapper's typed errors against the real library, and a kernel GPIO chip when one exists.

import Foundation
import StationHAL
import StationLinux
import StationSimulation
import StationTesting
import XCTest

final class GPIOTests: XCTestCase {
    private let chip = "gpiochip0"

    func testOutputDrivesThePhysicalLevelHonouringActiveLow() async throws {
        let backend = FakeGPIOBackend()
        let lines = GPIOLines(backend: backend)
        let contactor = try lines.output(GPIOLineSpec(chip: chip, offset: 3))
        let lamp = try lines.output(GPIOLineSpec(chip: chip, offset: 4, activeLow: true))
        XCTAssertFalse(backend.line(GPIOLineAddress(chip: chip, offset: 3)).high, "outputs start inactive")
        XCTAssertTrue(backend.line(GPIOLineAddress(chip: chip, offset: 4)).high, "an active-low output starts high")
        try await contactor.set(true)
        try await lamp.set(true)
        XCTAssertTrue(backend.line(GPIOLineAddress(chip: chip, offset: 3)).high)
        XCTAssertFalse(backend.line(GPIOLineAddress(chip: chip, offset: 4)).high)
    }

    func testInputReportsLogicalChangesFromEdgeEventsOnce() async throws {
        let backend = FakeGPIOBackend()
        let physical = backend.line(GPIOLineAddress(chip: chip, offset: 7))
        physical.drive(high: true)
        let input = try GPIOLines(backend: backend).input(GPIOLineSpec(chip: chip, offset: 7, activeLow: true))
        let changes = EventLog<Bool>()
        try input.startMonitoring { changes.append($0) }
        let initial = try await input.read()
        XCTAssertFalse(initial, "an active-low line that is high is inactive")

        physical.drive(high: false)
        try await waitUntil(seconds: 5, "edge delivered") { changes.count >= 1 }
        physical.drive(high: true)
        physical.drive(high: false)
        try await waitUntil(seconds: 5, "edges delivered") { changes.count >= 3 }
        XCTAssertEqual(changes.all, [true, false, true])

        input.stopMonitoring()
        physical.drive(high: true)
        // A sentinel instead of waiting: edges are handled in order on one queue, so once a new
        // monitor has seen a later edge, anything the first one could still have got is past.
        let sentinel = EventLog<Bool>()
        try input.startMonitoring { sentinel.append($0) }
        physical.drive(high: false)
        try await waitUntil(seconds: 5, "the sentinel's edge") { sentinel.count >= 1 }
        XCTAssertEqual(changes.count, 3, "no change is reported after stopMonitoring")
        input.stopMonitoring()
    }

    func testLinesAreFoundByNameAndABusyLineIsRefused() throws {
        let address = GPIOLineAddress(chip: "gpiochip2", offset: 12)
        let backend = FakeGPIOBackend(names: ["CP1_PLUG": address])
        let lines = GPIOLines(backend: backend)
        let plug = try lines.input(GPIOLineSpec(name: "CP1_PLUG"))
        XCTAssertTrue(backend.line(address).isRequested)
        XCTAssertThrowsError(try lines.input(GPIOLineSpec(name: "CP1_PLUG"))) { error in
            guard case .requestFailed? = error as? GPIOError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try lines.input(GPIOLineSpec(name: "NOPE"))) { error in
            guard case .lineNotFound(let name, _)? = error as? GPIOError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "NOPE")
        }
        _ = plug
    }

    func testPlugSenseAndEmergencyStopLinesBecomeStationEvents() async throws {
        let backend = FakeGPIOBackend()
        let lines = GPIOLines(backend: backend)
        let simulated = SimulatedStation(clock: ManualClock())
        var devices = try XCTUnwrap(simulated.connectorDevices.first)
        devices.plugSensor = InputPlugSensor(input: try lines.input(GPIOLineSpec(chip: chip, offset: 1)))
        let emergencyStop = InputEmergencyStop(input: try lines.input(GPIOLineSpec(chip: chip, offset: 2, activeLow: true)))
        backend.line(GPIOLineAddress(chip: chip, offset: 2)).drive(high: true)  // loop closed: not pressed
        let station = ComposedStation(connectors: [devices], emergencyStop: emergencyStop, reader: nil)
        try station.start()
        let events = EventLog<HardwareEvent>()
        let consumer = Task { for await event in station.events { events.append(event) } }
        defer { consumer.cancel() }

        backend.line(GPIOLineAddress(chip: chip, offset: 1)).drive(high: true)
        try await waitUntil(seconds: 5, "plug event") { events.count >= 1 }
        backend.line(GPIOLineAddress(chip: chip, offset: 2)).drive(high: false)
        try await waitUntil(seconds: 5, "emergency stop event") { events.count >= 2 }
        XCTAssertEqual(events.all, [.connector(1, .plugged), .faultRaised(.emergencyStop)])
        let plugged = await station.connectors[0].isPlugged()
        XCTAssertTrue(plugged)
        station.stop()
    }

    func testEmergencyStopPressedAtStartIsReported() async throws {
        let backend = FakeGPIOBackend()
        let lines = GPIOLines(backend: backend)
        let emergencyStop = InputEmergencyStop(input: try lines.input(GPIOLineSpec(chip: chip, offset: 2, activeLow: true)))
        let station = ComposedStation(connectors: [], emergencyStop: emergencyStop, reader: nil)
        try station.start()  // the loop is open (low): pressed
        var events = station.events.makeAsyncIterator()
        let first = await events.next()
        XCTAssertEqual(first, .faultRaised(.emergencyStop))
        station.stop()
    }

    func testLockOnGPIOFailsWhenItsFeedbackDoesNotFollow() async throws {
        let backend = FakeGPIOBackend()
        let lines = GPIOLines(backend: backend)
        let clock = ManualClock()
        let lock = MotorLock(
            motor: try lines.output(GPIOLineSpec(chip: chip, offset: 5)),
            feedback: try lines.input(GPIOLineSpec(chip: chip, offset: 6)),
            travelTime: .milliseconds(300), clock: clock
        )
        let feedback = backend.line(GPIOLineAddress(chip: chip, offset: 6))
        let locking = Task { try await lock.lock() }
        while clock.sleeperCount == 0 { await Task.yield() }
        feedback.drive(high: true)
        await clock.advance(by: .milliseconds(300))
        try await locking.value

        let unlocking = Task { try await lock.unlock() }
        while clock.sleeperCount == 0 { await Task.yield() }
        await clock.advance(by: .milliseconds(300))  // the feedback stays "locked": jammed
        do {
            try await unlocking.value
            XCTFail("a jammed lock reported unlocked")
        } catch {
            XCTAssertEqual((error as? DeviceError)?.fault, .connectorLockFailure)
        }
    }

    func testLibgpiodWrapperTurnsAMissingChipAndLineIntoTypedErrors() {
        let backend = LibgpiodBackend()
        XCTAssertThrowsError(try backend.requestOutput(GPIOLineAddress(chip: "gpiochip-absent", offset: 0), consumer: "test", high: false)) {
            guard case .chipUnavailable(let chip, let reason)? = $0 as? GPIOError else { return XCTFail("\($0)") }
            XCTAssertEqual(chip, "gpiochip-absent")
            XCTAssertFalse(reason.isEmpty)
        }
        XCTAssertThrowsError(try backend.findLine(named: "CHARGESTATION_NO_SUCH_LINE")) {
            guard case .lineNotFound? = $0 as? GPIOError else { return XCTFail("\($0)") }
        }
    }

    func testRealKernelGPIOChip() throws {
        let chips = ((try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []).filter { $0.hasPrefix("gpiochip") }.sorted()
        guard let first = chips.first else {
            throw XCTSkip("""
                no GPIO chip (/dev/gpiochip*) on this machine: its kernel has no gpiolib, configfs or module \
                loading, so neither gpio-sim nor gpio-mockup can exist; the driver logic is tested through the \
                backend seam and the libgpiod wrapper's error paths instead
                """)
        }
        // Read-only on a real chip: request its line 0 for edge events and read the level.
        let line = try LibgpiodBackend().requestEdgeEvents(GPIOLineAddress(chip: first, offset: 0), consumer: "chargestation-test")
        defer { line.release() }
        XCTAssertNotNil(line.eventDescriptor)
        _ = try line.isHigh()
    }
}
