// The serial layer the RFID and Modbus drivers stand on: a byte pipe with its line settings.
// Two implementations: libserialport for real ports, termios for pseudo-terminals.

/// Line settings of a serial port.
public struct SerialSettings: Sendable, Equatable, Codable {
    /// Parity bit.
    public enum Parity: String, Sendable, Equatable, Codable {
        /// No parity bit.
        case none
        /// Even parity.
        case even
        /// Odd parity.
        case odd
    }

    /// Bits per second.
    public var baudRate: Int
    /// Data bits per character (5...8).
    public var dataBits: Int
    /// Parity.
    public var parity: Parity
    /// Stop bits (1 or 2).
    public var stopBits: Int

    /// Creates settings; the default is 9600 8N1 (RDM6300 readers, most meters).
    public init(baudRate: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1) {
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
    }
}

/// Why a serial port operation failed.
public enum SerialPortError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The port could not be opened.
    case openFailed(port: String, reason: String)
    /// The line settings could not be applied.
    case configurationFailed(port: String, reason: String)
    /// Reading or writing failed.
    case ioFailed(port: String, reason: String)
    /// The port went away (unplugged adapter, peer of a pseudo-terminal gone) or was closed.
    case closed(port: String)
    /// The waiting task was cancelled.
    case cancelled

    public var description: String {
        switch self {
        case .openFailed(let port, let reason): "cannot open serial port \(port): \(reason)"
        case .configurationFailed(let port, let reason): "cannot configure serial port \(port): \(reason)"
        case .ioFailed(let port, let reason): "I/O error on serial port \(port): \(reason)"
        case .closed(let port): "serial port \(port) is closed or gone"
        case .cancelled: "serial port wait cancelled"
        }
    }
}

/// An open serial port. Call from any isolation; one reader and one writer at a time.
public protocol SerialPort: Sendable {
    /// The port's path or name.
    var name: String { get }

    /// Writes all of `bytes`.
    /// - Throws: `SerialPortError` when the port is gone or the write fails.
    func write(_ bytes: [UInt8]) async throws(SerialPortError)

    /// Waits until at least one byte arrived and returns all bytes received so far. Cancelling
    /// the task ends the wait with `.cancelled`.
    /// - Throws: `SerialPortError.closed` once the port is gone (after the bytes received before).
    func read() async throws(SerialPortError) -> [UInt8]

    /// Drops bytes received and not read yet.
    func discardInput()

    /// Closes the port; pending and later reads end with `.closed`.
    func close()
}

/// Opens a serial port by name; what a driver keeps to reopen a port that went away.
public typealias SerialPortOpener = @Sendable (_ name: String, _ settings: SerialSettings) throws(SerialPortError) -> any SerialPort
