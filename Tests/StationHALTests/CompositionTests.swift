// Composing devices into the station's hardware: the power path switches in a safe order, a
// failing meter raises PowerMeterFailure once, repeated fault reports are passed on once, and
// events can be forwarded to a sink instead of the stream.

import StationHAL
import StationSimulation
import StationTesting
import Synchronization
import XCTest

final class CompositionTests: XCTestCase {
    func testOfferSetsTheModuleBeforeClosingAndStopsItBeforeOpening() async throws {
        let log = StepLog()
        let connector = ComposedConnector(id: 1, devices: devices(log), hub: HardwareEventHub())
        try await connector.offer(EnergyOffer(enabled: true, maximumPowerW: 250_000))
        try await connector.offer(.off)
        XCTAssertEqual(log.steps, ["module on 100000", "contactor close", "module off", "contactor open"])
    }

    func testContactorThatDoesNotCloseLeavesTheModuleOff() async throws {
        let log = StepLog()
        let connector = ComposedConnector(id: 1, devices: devices(log, contactorFails: true), hub: HardwareEventHub())
        do {
            try await connector.offer(EnergyOffer(enabled: true, maximumPowerW: 50_000))
            XCTFail("the offer succeeded without a contactor")
        } catch {
            XCTAssertEqual(error.fault, .powerSwitchFailure)
        }
        XCTAssertEqual(log.steps.last, "module off")
    }

    func testFailingMeterRaisesPowerMeterFailureOnceAndClearsOnTheNextGoodReading() async throws {
        let log = StepLog()
        let hub = HardwareEventHub()
        let meter = FlakyMeter()
        var parts = devices(log)
        parts.meter = meter
        let connector = ComposedConnector(id: 2, devices: parts, hub: hub)
        meter.failing = true
        for _ in 0..<3 { _ = try? await connector.readMeter() }
        meter.failing = false
        let reading = try await connector.readMeter()
        XCTAssertEqual(reading.energyActiveImportWh, 42)
        hub.finish()
        var events: [HardwareEvent] = []
        for await event in hub.events { events.append(event) }
        XCTAssertEqual(events, [.connector(2, .faultRaised(.powerMeterFailure)), .connector(2, .faultCleared(.powerMeterFailure))])
    }

    func testHubPassesOtherEventsUnchanged() async {
        let hub = HardwareEventHub()
        hub.report(.cardPresented(idTag: "A", connector: nil))
        hub.report(.cardPresented(idTag: "A", connector: nil))
        hub.report(.faultCleared(.readerFailure))
        hub.report(.faultRaised(.readerFailure))
        XCTAssertTrue(hub.isRaised(.readerFailure))
        hub.finish()
        var events: [HardwareEvent] = []
        for await event in hub.events { events.append(event) }
        XCTAssertEqual(events, [.cardPresented(idTag: "A", connector: nil), .cardPresented(idTag: "A", connector: nil), .faultRaised(.readerFailure)])
    }

    func testForwardedEventsGoToTheSinkInOrderUntilTheHardwareShutsDown() async {
        let hub = HardwareEventHub()
        hub.report(.cardPresented(idTag: "BEFORE", connector: nil))
        let received = Mutex<[HardwareEvent]>([])
        hub.forward { event in received.withLock { $0.append(event) } }
        hub.report(.connector(1, .plugged))
        hub.report(.faultRaised(.readerFailure))
        hub.report(.faultRaised(.readerFailure))
        hub.report(.cardPresented(idTag: "A", connector: 2))
        XCTAssertEqual(received.withLock { $0 }, [.connector(1, .plugged), .faultRaised(.readerFailure), .cardPresented(idTag: "A", connector: 2)])
        // The stream ends with what was reported before the forwarding began.
        var streamed: [HardwareEvent] = []
        for await event in hub.events { streamed.append(event) }
        XCTAssertEqual(streamed, [.cardPresented(idTag: "BEFORE", connector: nil)])
        hub.finish()
        hub.report(.connector(1, .unplugged))
        XCTAssertEqual(received.withLock { $0.count }, 3, "nothing is forwarded after shutdown")
    }

    func testBadInputIsCountedAndLogged() {
        let lines = Mutex<[String]>([])
        let counter = BadInputCounter(device: "reader", log: DeviceLog { level, message in
            if level == .warning { lines.withLock { $0.append(message) } }
        })
        counter.record(.garbage, "3 bytes")
        counter.record(.garbage, "1 byte")
        counter.record(.badChecksum, "frame X")
        XCTAssertEqual(counter.count(.garbage), 2)
        XCTAssertEqual(counter.all, [.garbage: 2, .badChecksum: 1])
        XCTAssertEqual(lines.withLock { $0.count }, 3)
        XCTAssertTrue(lines.withLock { $0[1] }.contains("(2 so far)"))
    }

    private func devices(_ log: StepLog, contactorFails: Bool = false) -> ConnectorDevices {
        let simulated = SimulatedStation(clock: ManualClock()).connectorDevices[0]
        return ConnectorDevices(
            plugSensor: simulated.plugSensor, lock: nil, contactor: RecordingContactor(log: log, fails: contactorFails),
            powerModule: RecordingModule(log: log), meter: simulated.meter
        )
    }
}

private final class StepLog: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ step: String) { list.withLock { $0.append(step) } }
    var steps: [String] { list.withLock { $0 } }
}

private struct RecordingContactor: Contactor {
    let log: StepLog
    let fails: Bool
    func close() async throws(DeviceError) {
        if fails { throw DeviceError(.powerSwitchFailure, "welded") }
        log.add("contactor close")
    }
    func open() async throws(DeviceError) { log.add("contactor open") }
}

private struct RecordingModule: PowerModule {
    let log: StepLog
    var ratings: PowerModuleRatings { .maxero100kW }
    func apply(_ setpoint: PowerModuleSetpoint) async throws(DeviceError) {
        log.add(setpoint.enabled ? "module on \(Int(setpoint.maximumPowerW))" : "module off")
    }
    func measure() async throws(DeviceError) -> PowerModuleOutput { PowerModuleOutput(voltageV: 0, currentA: 0) }
}

private final class FlakyMeter: EnergyMeter {
    private let state = Mutex(false)
    var failing: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
    func read() async throws(DeviceError) -> EnergySample {
        if failing { throw DeviceError(.powerMeterFailure, "silent") }
        return EnergySample(energyActiveImportWh: 42)
    }
}
