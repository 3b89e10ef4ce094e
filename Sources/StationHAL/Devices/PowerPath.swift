// The DC power path of a connector: the contactor between the power module and the cable, and
// the power module (rectifier stack) that delivers what the station allows and the EV asks for.

/// The DC output contactor. Call from any isolation.
public protocol Contactor: Sendable {
    /// Closes the contactor (connects the power module to the cable).
    /// - Throws: `DeviceError(.powerSwitchFailure, ...)` when it did not close.
    func close() async throws(DeviceError)

    /// Opens the contactor.
    /// - Throws: `DeviceError(.powerSwitchFailure, ...)` when it did not open (welded).
    func open() async throws(DeviceError)
}

/// The most a power module can deliver.
public struct PowerModuleRatings: Sendable, Equatable, Codable {
    /// Maximum output power, W.
    public var maximumPowerW: Double
    /// Maximum output current, A.
    public var maximumCurrentA: Double
    /// Maximum output voltage, V.
    public var maximumVoltageV: Double

    /// Creates ratings.
    public init(maximumPowerW: Double, maximumCurrentA: Double, maximumVoltageV: Double) {
        self.maximumPowerW = maximumPowerW
        self.maximumCurrentA = maximumCurrentA
        self.maximumVoltageV = maximumVoltageV
    }

    /// One 100 kW half of a MAXERO-200QC-style cabinet: 100 kW, 250 A, 920 V.
    public static let maxero100kW = PowerModuleRatings(maximumPowerW: 100_000, maximumCurrentA: 250, maximumVoltageV: 920)
}

/// What the station asks of a power module.
public struct PowerModuleSetpoint: Sendable, Equatable {
    /// Whether the module delivers at all.
    public var enabled: Bool
    /// The power limit, W (the module also stays within its ratings).
    public var maximumPowerW: Double

    /// Creates a setpoint.
    public init(enabled: Bool, maximumPowerW: Double) {
        self.enabled = enabled
        self.maximumPowerW = maximumPowerW
    }

    /// Output off.
    public static let off = PowerModuleSetpoint(enabled: false, maximumPowerW: 0)
}

/// What a power module measures at its output.
public struct PowerModuleOutput: Sendable, Equatable {
    /// Output voltage, V.
    public var voltageV: Double
    /// Output current, A.
    public var currentA: Double
    /// Output power, W.
    public var powerW: Double { voltageV * currentA }

    /// Creates a measurement.
    public init(voltageV: Double, currentA: Double) {
        self.voltageV = voltageV
        self.currentA = currentA
    }
}

/// A DC power module. Call from any isolation.
public protocol PowerModule: Sendable {
    /// The module's ratings.
    var ratings: PowerModuleRatings { get }

    /// Applies a setpoint; the module ramps towards it.
    /// - Throws: `DeviceError` when the module refuses or does not answer.
    func apply(_ setpoint: PowerModuleSetpoint) async throws(DeviceError)

    /// Measures the output now.
    func measure() async throws(DeviceError) -> PowerModuleOutput
}

/// A contactor on a digital output (active = closed). Call from any isolation.
public struct OutputContactor: Contactor {
    private let coil: any DigitalOutput

    /// Drives `coil`.
    public init(coil: any DigitalOutput) {
        self.coil = coil
    }

    public func close() async throws(DeviceError) { try await drive(true) }

    public func open() async throws(DeviceError) { try await drive(false) }

    private func drive(_ closed: Bool) async throws(DeviceError) {
        do {
            try await coil.set(closed)
        } catch {
            throw DeviceError(.powerSwitchFailure, "contactor coil: \(error.message)")
        }
    }
}
