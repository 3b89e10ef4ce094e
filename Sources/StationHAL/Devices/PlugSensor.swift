// Whether a vehicle is connected: a fixed cable's vehicle-side plug detection (CP/PP or the
// CHAdeMO proximity), or a socket outlet's plug-present contact.

/// Senses whether a vehicle is connected to one connector. Call from any isolation.
public protocol PlugSensor: Sendable {
    /// Whether a vehicle is connected now.
    /// - Throws: `DeviceError` when the sensor cannot be read.
    func isPlugged() async throws(DeviceError) -> Bool

    /// Starts reporting changes: `onChange(true)` when a vehicle connects, `false` when it
    /// leaves; called in order, never concurrently with itself. Replaces any earlier handler.
    func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError)

    /// Stops reporting; no handler call starts after this returns.
    func stopMonitoring()
}

/// A plug sensor on a digital input line (active = vehicle connected). Call from any isolation.
public struct InputPlugSensor: PlugSensor {
    private let input: any DigitalInput

    /// Senses through `input`.
    public init(input: any DigitalInput) {
        self.input = input
    }

    public func isPlugged() async throws(DeviceError) -> Bool { try await input.read() }

    public func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError) {
        try input.startMonitoring(onChange)
    }

    public func stopMonitoring() { input.stopMonitoring() }
}
