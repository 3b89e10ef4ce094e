// A real serial port (/dev/ttyS*, /dev/ttyUSB*, /dev/ttymxc*) through libserialport, and the
// enumeration of the ports a board has. Pseudo-terminals need `TermiosSerialPort` instead.

/// A serial port the system knows (from enumeration).
public struct SerialPortInfo: Sendable, Equatable {
    /// Device path, e.g. `/dev/ttyUSB0`.
    public var name: String
    /// The library's description (USB product string, "Physical Port", ...).
    public var description: String
    /// USB vendor id, for USB adapters.
    public var usbVendorId: Int?
    /// USB product id, for USB adapters.
    public var usbProductId: Int?
}

/// A serial port opened through libserialport. Safe to use from any isolation.
public final class LibSerialPort: SerialPort {
    public let name: String
    private let handle: SPPortHandle
    private let reader: DescriptorReader

    /// Opens `name` with `settings`.
    /// - Throws: `SerialPortError.openFailed` (also for pseudo-terminals, which libserialport
    ///   cannot open) or `.configurationFailed`.
    public init(name: String, settings: SerialSettings = SerialSettings()) throws(SerialPortError) {
        let handle = try LibSerialPortCalls.open(name, settings)
        let descriptor: Int32
        do {
            descriptor = try LibSerialPortCalls.descriptor(handle, name: name)
        } catch {
            LibSerialPortCalls.close(handle)
            throw error
        }
        self.name = name
        self.handle = handle
        self.reader = DescriptorReader(
            descriptor: descriptor, port: name,
            readChunk: {
                switch LibSerialPortCalls.readAvailable(handle) {
                case .success(let bytes): bytes.isEmpty ? .nothing : .bytes(bytes)
                case .failure(let failure): .failed(failure.reason)
                }
            },
            onClose: { LibSerialPortCalls.close(handle) }
        )
    }

    /// Opens ports with `LibSerialPort`.
    public static let opener: SerialPortOpener = { (name: String, settings: SerialSettings) throws(SerialPortError) in
        try LibSerialPort(name: name, settings: settings)
    }

    /// The serial ports of this system.
    /// - Throws: `SerialPortError` when enumeration fails.
    public static func availablePorts() throws(SerialPortError) -> [SerialPortInfo] {
        try LibSerialPortCalls.listPorts()
    }

    deinit {
        reader.stop(with: .closed(port: name))
    }

    public func write(_ bytes: [UInt8]) async throws(SerialPortError) {
        switch LibSerialPortCalls.write(handle, bytes, timeoutMilliseconds: 1000) {
        case .success(let count) where count == bytes.count: return
        case .success(let count): throw .ioFailed(port: name, reason: "wrote \(count) of \(bytes.count) bytes within 1 s")
        case .failure(let failure): throw .ioFailed(port: name, reason: failure.reason)
        }
    }

    public func read() async throws(SerialPortError) -> [UInt8] {
        try await reader.read()
    }

    public func discardInput() {
        LibSerialPortCalls.flushInput(handle)
        reader.discard()
    }

    public func close() {
        reader.stop(with: .closed(port: name))
    }
}
