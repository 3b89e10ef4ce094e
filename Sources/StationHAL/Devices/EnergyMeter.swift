// The energy meter of a connector (the legally relevant one): its import register, and what else
// it measures. A register that goes backwards is a fault, never a value.

/// One reading of an energy meter. Absent values are ones the meter does not measure.
public struct EnergySample: Sendable, Equatable {
    /// Active energy import register, Wh (monotonic).
    public var energyActiveImportWh: Double
    /// Active power, W.
    public var powerW: Double?
    /// Current, A.
    public var currentA: Double?
    /// Voltage, V.
    public var voltageV: Double?

    /// Creates a sample.
    public init(energyActiveImportWh: Double, powerW: Double? = nil, currentA: Double? = nil, voltageV: Double? = nil) {
        self.energyActiveImportWh = energyActiveImportWh
        self.powerW = powerW
        self.currentA = currentA
        self.voltageV = voltageV
    }
}

/// An energy meter. Call from any isolation.
public protocol EnergyMeter: Sendable {
    /// Reads the meter now.
    /// - Throws: `DeviceError(.powerMeterFailure, ...)` when the meter does not answer, answers
    ///   nonsense, or its register went backwards.
    func read() async throws(DeviceError) -> EnergySample
}

/// Checks that an energy register only moves forward: the guard every meter driver runs its
/// readings through. A value type; its owner serialises access.
public struct MonotonicRegister: Sendable, Equatable {
    /// The highest value accepted so far, Wh.
    public private(set) var lastWh: Double?

    /// A register that has seen nothing yet.
    public init() {}

    /// Accepts `valueWh` if it is finite and not below the last accepted value.
    /// - Throws: `DeviceError(.powerMeterFailure, ...)` otherwise; the last value is kept.
    public mutating func accept(_ valueWh: Double) throws(DeviceError) -> Double {
        guard valueWh.isFinite, valueWh >= 0 else {
            throw DeviceError(.powerMeterFailure, "energy register reads \(valueWh) Wh; expected a finite value >= 0")
        }
        if let lastWh, valueWh < lastWh {
            throw DeviceError(.powerMeterFailure, "energy register went backwards from \(lastWh) Wh to \(valueWh) Wh")
        }
        lastWh = valueWh
        return valueWh
    }
}
