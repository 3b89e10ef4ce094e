// The charger's link to the vehicle (CHAdeMO CAN or ISO 15118 / DIN 70121 over PLC): what the EV
// says about its battery, and when it pauses or resumes drawing energy.

/// What the EV tells the charger.
public enum EVEvent: Sendable, Equatable {
    /// The EV stopped drawing energy (paused by the vehicle or its battery is full).
    case suspended
    /// The EV draws energy again.
    case resumed
}

/// The communication with the connected EV. Call from any isolation.
public protocol EVCommunication: Sendable {
    /// The EV's state of charge in percent, when a vehicle is connected and reports it.
    func stateOfChargePercent() async -> Double?

    /// Starts reporting what the EV says, in order, never concurrently with itself. Replaces any
    /// earlier handler.
    func startMonitoring(_ onEvent: @escaping @Sendable (EVEvent) -> Void) throws(DeviceError)

    /// Stops reporting; no handler call starts after this returns.
    func stopMonitoring()
}
