// A DC power module switched by an enable line: the simplest real power-module interface (the
// module regulates to its own ratings; the station's limit is not sent to it).

public import StationHAL

/// A power module whose output is switched by a digital output (active = enabled). It cannot
/// take a power limit or measure: readings come from the meter. Call from any isolation.
public struct EnableLinePowerModule: PowerModule {
    public let ratings: PowerModuleRatings
    private let enable: any DigitalOutput

    /// A module with `ratings` switched by `enable`.
    public init(enable: any DigitalOutput, ratings: PowerModuleRatings) {
        self.enable = enable
        self.ratings = ratings
    }

    public func apply(_ setpoint: PowerModuleSetpoint) async throws(DeviceError) {
        do {
            try await enable.set(setpoint.enabled && setpoint.maximumPowerW > 0)
        } catch {
            throw DeviceError(.internalError, "power module enable line: \(error.message)")
        }
    }

    /// Always throws: this interface has no measurement (the meter provides it).
    public func measure() async throws(DeviceError) -> PowerModuleOutput {
        throw DeviceError(.internalError, "power module on an enable line cannot measure its output")
    }
}
