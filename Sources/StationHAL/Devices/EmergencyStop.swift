// The station-wide emergency stop: a normally-closed loop through the mushroom buttons. Pressed
// means the power path is cut in hardware; the station is told so it can stop transactions.

/// The emergency-stop input. Call from any isolation.
public protocol EmergencyStop: Sendable {
    /// Whether the emergency stop is pressed now.
    /// - Throws: `DeviceError` when the input cannot be read.
    func isPressed() async throws(DeviceError) -> Bool

    /// Starts reporting changes (`true` when pressed, `false` when released), in order, never
    /// concurrently with itself. Replaces any earlier handler.
    func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError)

    /// Stops reporting; no handler call starts after this returns.
    func stopMonitoring()
}

/// An emergency stop on a digital input line (active = pressed; wire the normally-closed loop
/// as an active-low line). Call from any isolation.
public struct InputEmergencyStop: EmergencyStop {
    private let input: any DigitalInput

    /// Watches `input`.
    public init(input: any DigitalInput) {
        self.input = input
    }

    public func isPressed() async throws(DeviceError) -> Bool { try await input.read() }

    public func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError) {
        try input.startMonitoring(onChange)
    }

    public func stopMonitoring() { input.stopMonitoring() }
}
