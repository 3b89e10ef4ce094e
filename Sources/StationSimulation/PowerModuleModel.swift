// A simulated DC power module: delivers the least of its setpoint, its ratings and what the EV
// takes, moving towards that at a limited ramp rate (as rectifier stacks do).

public import StationHAL

/// The output of a simulated power module over time. A value; the simulation advances it.
public struct PowerModuleModel: Sendable, Equatable {
    /// The module's ratings.
    public var ratings: PowerModuleRatings
    /// How fast the output may rise or fall, W per second.
    public var rampRateWPerSecond: Double
    /// The output power now, W.
    public private(set) var outputW: Double = 0

    /// A module with `ratings` ramping at `rampRateWPerSecond`, output off.
    public init(ratings: PowerModuleRatings, rampRateWPerSecond: Double = 20_000) {
        self.ratings = ratings
        self.rampRateWPerSecond = rampRateWPerSecond
    }

    /// The most the module can deliver into `voltageV`, W (power and current ratings; nothing
    /// above its voltage rating).
    public func capabilityW(atVoltage voltageV: Double) -> Double {
        guard voltageV > 0, voltageV <= ratings.maximumVoltageV else { return 0 }
        return min(ratings.maximumPowerW, ratings.maximumCurrentA * voltageV)
    }

    /// Ramps the output towards `targetW` for `seconds` and returns the energy delivered meanwhile,
    /// Wh (trapezoid of the ramp).
    public mutating func ramp(towards targetW: Double, seconds: Double) -> Double {
        let start = outputW
        let step = rampRateWPerSecond * seconds
        let target = max(targetW, 0)
        outputW = target > start ? min(target, start + step) : max(target, start - step)
        return (start + outputW) / 2 * seconds / 3600
    }

    /// Drops the output to zero at once (contactor opened, vehicle gone, fault).
    public mutating func cut() {
        outputW = 0
    }
}
