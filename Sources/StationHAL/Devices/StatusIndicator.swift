// The lamps of a connector (or the station): what a driver standing at the charger sees.

/// What an indicator shows.
public enum IndicatorState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Nothing: the connector is unavailable or the station is off.
    case off
    /// Ready for a vehicle.
    case available
    /// Waiting for the driver (card, plug) or for the vehicle.
    case preparing
    /// Energy is flowing.
    case charging
    /// A fault stops the connector.
    case fault
}

/// A connector's status lamps. Call from any isolation.
public protocol StatusIndicator: Sendable {
    /// Shows `state`.
    /// - Throws: `DeviceError` when the lamps cannot be driven.
    func show(_ state: IndicatorState) async throws(DeviceError)
}

/// Three lamps on digital outputs (green: available, blue: preparing / charging, red: fault).
/// Call from any isolation.
public struct LampIndicator: StatusIndicator {
    private let green: any DigitalOutput
    private let blue: any DigitalOutput
    private let red: any DigitalOutput

    /// Drives the three lamp outputs.
    public init(green: any DigitalOutput, blue: any DigitalOutput, red: any DigitalOutput) {
        self.green = green
        self.blue = blue
        self.red = red
    }

    public func show(_ state: IndicatorState) async throws(DeviceError) {
        try await green.set(state == .available)
        try await blue.set(state == .preparing || state == .charging)
        try await red.set(state == .fault)
    }
}
