// Builds the station's hardware from a board description and the per-device backend choice:
// real drivers where the configuration says `hardware`, the simulated backends elsewhere, all
// composed into one `StationHardware` with one event stream.

public import StationHAL
public import StationSimulation

/// Why the hardware could not be set up: the device and what is wrong with it.
public struct HardwareSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The device, e.g. "connector 1 plugSense".
    public var device: String
    /// What went wrong and what was expected.
    public var problem: String

    /// Creates the error.
    public init(device: String, problem: String) {
        self.device = device
        self.problem = problem
    }

    public var description: String { "\(device): \(problem)" }
}

/// The station's hardware, with the simulation behind every simulated device (whose controls
/// the control API uses: plug, card, faults, ...).
public struct AssembledStation: Sendable {
    /// What the station runs on.
    public let hardware: any StationHardware
    /// The simulation behind the simulated devices (all of them in simulated mode).
    public let simulation: SimulatedStation
    private let composed: ComposedStation?

    init(hardware: any StationHardware, simulation: SimulatedStation, composed: ComposedStation?) {
        self.hardware = hardware
        self.simulation = simulation
        self.composed = composed
    }

    /// Stops every device's reporting and ends the event stream.
    public func shutdown() {
        composed?.stop()
        simulation.shutdown()
    }
}

/// Builds `AssembledStation`s. Call from any isolation.
public struct StationHardwareFactory<C: StationClock>: Sendable {
    private let clock: C
    private let gpio: any GPIOBackend
    private let openSerialPort: SerialPortOpener
    private let log: DeviceLog
    private let vehicle: EVModel

    /// A factory whose devices wait on `clock`, with GPIO through `gpio` and serial ports opened
    /// by `openSerialPort`; simulated connectors start with `vehicle` as their EV.
    public init(
        clock: C, gpio: any GPIOBackend = LibgpiodBackend(), openSerialPort: @escaping SerialPortOpener = SerialPortOpeners.automatic,
        log: DeviceLog = .discard, vehicle: EVModel = EVModel()
    ) {
        self.clock = clock
        self.gpio = gpio
        self.openSerialPort = openSerialPort
        self.log = log
        self.vehicle = vehicle
    }

    /// Loads the board file at `boardPath` and builds its hardware with `backends`.
    /// - Throws: `HardwareSetupError` (a bad board file is reported with its key).
    public func build(boardPath: String, backends: DeviceBackends) throws(HardwareSetupError) -> AssembledStation {
        let board: BoardDescription
        do {
            board = try BoardDescription.load(path: boardPath)
        } catch {
            throw HardwareSetupError(device: "board", problem: error.description)
        }
        return try build(board: board, boardDirectory: directory(of: boardPath), backends: backends)
    }

    /// Builds `board`'s hardware with `backends`; meter maps are looked up relative to
    /// `boardDirectory`.
    /// - Throws: `HardwareSetupError` naming the device that cannot be set up.
    public func build(board: BoardDescription, boardDirectory: String, backends: DeviceBackends) throws(HardwareSetupError) -> AssembledStation {
        let hub = HardwareEventHub()
        let simulation = SimulatedStation(profile: profile(of: board), clock: clock, hub: hub)
        if backends.isAllSimulated { return AssembledStation(hardware: simulation, simulation: simulation, composed: nil) }

        let lines = GPIOLines(backend: gpio, consumer: "chargestation", log: log)
        let bus = backends.meter == .hardware ? try modbusClient(board) : nil
        var connectors: [ConnectorDevices] = []
        for (wiring, simulated) in zip(board.connectors, simulation.connectorDevices) {
            let builder = ConnectorBuilder(wiring: wiring, lines: lines, clock: clock, log: log, boardDirectory: boardDirectory)
            connectors.append(try builder.devices(backends, simulated: simulated, bus: bus))
        }
        var emergencyStop = simulation.emergencyStop
        if backends.emergencyStop == .hardware {
            guard let spec = board.emergencyStop else { throw missing("emergencyStop", board) }
            emergencyStop = InputEmergencyStop(input: try opened("emergencyStop") { () throws(GPIOError) in try lines.input(spec) })
        }
        var reader: any RFIDReader = simulation.reader
        if backends.rfidReader == .hardware {
            guard let wiring = board.rfidReader else { throw missing("rfidReader", board) }
            let configuration = SerialRFIDReaderConfiguration(
                port: wiring.port, settings: SerialSettings(baudRate: wiring.baudRate), format: wiring.format,
                holdOff: .milliseconds(Int(wiring.holdOffSeconds * 1000))
            )
            reader = SerialRFIDReader(configuration: configuration, opener: openSerialPort, clock: clock, log: log)
        }
        let composed = ComposedStation(connectors: connectors, emergencyStop: emergencyStop, reader: reader, hub: hub)
        do {
            try composed.start()
        } catch {
            throw HardwareSetupError(device: "station", problem: error.description)
        }
        return AssembledStation(hardware: composed, simulation: simulation, composed: composed)
    }

    private func profile(of board: BoardDescription) -> SimulatedStationProfile {
        SimulatedStationProfile(
            connectorCount: board.connectors.count,
            hasFixedCables: board.connectors.allSatisfy(\.fixedCable),
            powerModule: board.connectors[0].powerModule.ratings,
            stationMaximumPowerW: board.stationMaximumPowerW,
            vehicle: vehicle
        )
    }

    private func modbusClient(_ board: BoardDescription) throws(HardwareSetupError) -> ModbusRTUClient<C> {
        guard let wiring = board.modbus else { throw missing("modbus", board) }
        // Opened at the first reading and again after it fails: a missing adapter shows as
        // PowerMeterFailure at the connectors instead of keeping the station from starting.
        let settings = SerialSettings(baudRate: wiring.baudRate, parity: wiring.parity, stopBits: wiring.stopBits)
        let timing = ModbusTiming(responseTimeout: .milliseconds(wiring.responseTimeoutMilliseconds), retries: wiring.retries)
        return ModbusRTUClient(opening: wiring.port, settings: settings, opener: openSerialPort, clock: clock, timing: timing, log: log)
    }

    private func missing(_ device: String, _ board: BoardDescription) -> HardwareSetupError {
        HardwareSetupError(device: device, problem: "configured as hardware, but board \(board.name) does not wire it")
    }

    private func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}

/// Opens a GPIO line for `device`, turning a GPIO failure into a setup error.
func opened<T>(_ device: String, _ open: () throws(GPIOError) -> T) throws(HardwareSetupError) -> T {
    do {
        return try open()
    } catch {
        throw HardwareSetupError(device: device, problem: error.description)
    }
}
