// Faults a device can report. The station maps each to the OCPP ChargePointErrorCode it sends.

/// A fault raised by a device (or by the station's own supervision of it).
public enum DeviceFault: String, Sendable, Hashable, CaseIterable, Codable {
    /// The connector lock did not reach the commanded position.
    case connectorLockFailure = "ConnectorLockFailure"
    /// The energy meter stopped answering or gave an impossible reading.
    case powerMeterFailure = "PowerMeterFailure"
    /// The RFID reader is gone or broken.
    case readerFailure = "ReaderFailure"
    /// Isolation / ground fault detected.
    case groundFailure = "GroundFailure"
    /// Output or grid voltage too high.
    case overVoltage = "OverVoltage"
    /// Grid voltage too low.
    case underVoltage = "UnderVoltage"
    /// Output current above the allowed maximum.
    case overCurrent = "OverCurrentFailure"
    /// A temperature limit was exceeded.
    case highTemperature = "HighTemperature"
    /// The DC contactor or power switch does not switch.
    case powerSwitchFailure = "PowerSwitchFailure"
    /// Communication with the EV failed.
    case evCommunicationError = "EVCommunicationError"
    /// The emergency stop button is pressed (station-wide).
    case emergencyStop = "EmergencyStop"
    /// Any other internal fault of the hardware.
    case internalError = "InternalError"
}

/// A device operation that failed.
public struct DeviceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The fault the failure amounts to.
    public let fault: DeviceFault
    /// What failed, for the log.
    public let message: String

    /// Creates the error.
    public init(_ fault: DeviceFault, _ message: String) {
        self.fault = fault
        self.message = message
    }

    public var description: String { "\(fault.rawValue): \(message)" }
}
