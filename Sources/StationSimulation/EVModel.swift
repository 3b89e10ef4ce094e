// A simulated electric vehicle: its battery, how much DC power it accepts, and whether it is
// drawing. A value; the simulation owns one per connector and advances it in time.

import StationHAL

/// A simulated EV's battery and charging behaviour.
public struct EVModel: Sendable, Equatable, Codable {
    /// Usable battery capacity, Wh.
    public var batteryCapacityWh: Double
    /// State of charge, percent (0...100).
    public var stateOfChargePercent: Double
    /// The most DC power the EV accepts, W.
    public var maximumPowerW: Double
    /// The most current the EV accepts, A.
    public var maximumCurrentA: Double
    /// Accepted power by state of charge.
    public var curve: DCChargingCurve
    /// Battery voltage at 0 % and at 100 %, V (linear in between).
    public var emptyVoltageV: Double
    /// Battery voltage when full, V.
    public var fullVoltageV: Double
    /// The EV stops drawing when its state of charge reaches this, percent.
    public var targetStateOfChargePercent: Double
    /// Paused by the vehicle (its driver or its own logic).
    public var isPaused: Bool

    /// Creates an EV; the defaults are a 75 kWh, 400 V car taking up to 150 kW at 20 %.
    public init(
        batteryCapacityWh: Double = 75_000, stateOfChargePercent: Double = 20, maximumPowerW: Double = 150_000,
        maximumCurrentA: Double = 400, curve: DCChargingCurve = .typical, emptyVoltageV: Double = 330,
        fullVoltageV: Double = 420, targetStateOfChargePercent: Double = 100, isPaused: Bool = false
    ) {
        self.batteryCapacityWh = batteryCapacityWh
        self.stateOfChargePercent = min(max(stateOfChargePercent, 0), 100)
        self.maximumPowerW = maximumPowerW
        self.maximumCurrentA = maximumCurrentA
        self.curve = curve
        self.emptyVoltageV = emptyVoltageV
        self.fullVoltageV = fullVoltageV
        self.targetStateOfChargePercent = targetStateOfChargePercent
        self.isPaused = isPaused
    }

    /// Whether the battery reached the target.
    public var isFull: Bool { stateOfChargePercent >= targetStateOfChargePercent }

    /// Whether the EV wants energy now (not paused, not full).
    public var isDrawing: Bool { !isPaused && !isFull }

    /// The battery voltage now, V.
    public var batteryVoltageV: Double {
        emptyVoltageV + (fullVoltageV - emptyVoltageV) * stateOfChargePercent / 100
    }

    /// The power the EV accepts now, W: its curve at the present state of charge, within its
    /// current limit; 0 when not drawing.
    public var acceptedPowerW: Double {
        guard isDrawing else { return 0 }
        let byCurve = maximumPowerW * curve.powerFraction(atStateOfCharge: stateOfChargePercent)
        return min(byCurve, maximumCurrentA * batteryVoltageV)
    }

    /// Stores `energyWh` in the battery (never beyond 100 %).
    public mutating func absorb(energyWh: Double) {
        guard batteryCapacityWh > 0, energyWh > 0 else { return }
        stateOfChargePercent = min(100, stateOfChargePercent + energyWh / batteryCapacityWh * 100)
    }
}
