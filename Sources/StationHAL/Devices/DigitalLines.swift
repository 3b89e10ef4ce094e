// Single logical lines: the contactor coil, a lock motor, a lamp (outputs); plug sense, lock
// feedback, the emergency-stop loop (inputs). Levels are logical: active-low is the driver's job.

/// One logical output line. Call from any isolation.
public protocol DigitalOutput: Sendable {
    /// Drives the line to `active` (true) or inactive (false).
    /// - Throws: `DeviceError` when the line cannot be driven.
    func set(_ active: Bool) async throws(DeviceError)
}

/// One logical input line that reports its changes. Call from any isolation.
public protocol DigitalInput: Sendable {
    /// Reads the line's logical level now.
    /// - Throws: `DeviceError` when the line cannot be read.
    func read() async throws(DeviceError) -> Bool

    /// Starts reporting changes: `onChange` is called with the new logical level on every edge,
    /// in order, from the driver's own context (never concurrently with itself). Replaces any
    /// earlier handler.
    /// - Throws: `DeviceError` when the line cannot be watched.
    func startMonitoring(_ onChange: @escaping @Sendable (Bool) -> Void) throws(DeviceError)

    /// Stops reporting changes; no handler call starts after this returns.
    func stopMonitoring()
}
