// A serial port opened with open(2) and configured with termios: the one that works for
// pseudo-terminals (simulated devices, socat pairs in tests), which libserialport cannot open.

import Glibc
import SystemCalls

/// A serial port on a tty device or pseudo-terminal, raw mode. Safe to use from any isolation.
public final class TermiosSerialPort: SerialPort {
    public let name: String
    private let descriptor: Int32
    private let reader: DescriptorReader

    /// Opens `path` with `settings` (raw, no flow control, no controlling terminal).
    /// - Throws: `SerialPortError.openFailed` / `.configurationFailed`.
    public init(path: String, settings: SerialSettings = SerialSettings()) throws(SerialPortError) {
        let descriptor: Int32
        do {
            descriptor = try systemCall("open") { open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC) }
        } catch {
            throw .openFailed(port: path, reason: error.description)
        }
        do {
            try Self.configure(descriptor, settings)
        } catch {
            _ = Glibc.close(descriptor)
            throw .configurationFailed(port: path, reason: error.description)
        }
        self.name = path
        self.descriptor = descriptor
        self.reader = DescriptorReader(
            descriptor: descriptor, port: path,
            readChunk: { Self.readChunk(descriptor) },
            onClose: { _ = Glibc.close(descriptor) }
        )
    }

    /// Opens ports with `TermiosSerialPort`.
    public static let opener: SerialPortOpener = { (name: String, settings: SerialSettings) throws(SerialPortError) in
        try TermiosSerialPort(path: name, settings: settings)
    }

    deinit {
        reader.stop(with: .closed(port: name))
    }

    public func write(_ bytes: [UInt8]) async throws(SerialPortError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Result { () throws(SystemCallError) in
                    try systemCall("write") { Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written) }
                }
            }
            switch result {
            case .success(let count):
                written += count
            case .failure(let error) where error.wouldBlock:
                var pollSet = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = try? systemCall("poll") { poll(&pollSet, 1, 100) }
            case .failure(let error):
                throw .ioFailed(port: name, reason: error.description)
            }
        }
    }

    public func read() async throws(SerialPortError) -> [UInt8] {
        try await reader.read()
    }

    public func discardInput() {
        _ = tcflush(descriptor, TCIFLUSH)
        reader.discard()
    }

    public func close() {
        reader.stop(with: .closed(port: name))
    }

    private static func readChunk(_ descriptor: Int32) -> DescriptorReader.Chunk {
        var buffer = [UInt8](repeating: 0, count: 512)
        let result = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SystemCallError) in try systemCall("read") { Glibc.read(descriptor, raw.baseAddress, raw.count) } }
        }
        switch result {
        case .success(let count): return count == 0 ? .endOfFile : .bytes(Array(buffer[0..<count]))
        case .failure(let error) where error.wouldBlock: return .nothing
        // A pseudo-terminal whose other side closed, or an unplugged USB adapter.
        case .failure(let error) where error.errno == .ioError: return .endOfFile
        case .failure(let error): return .failed(error.description)
        }
    }

    private static func configure(_ descriptor: Int32, _ settings: SerialSettings) throws(SystemCallError) {
        var options = termios()
        _ = try systemCall("tcgetattr") { tcgetattr(descriptor, &options) }
        cfmakeraw(&options)
        guard let speed = baudConstant(settings.baudRate) else { throw SystemCallError(call: "cfsetspeed", errno: .invalidArgument) }
        _ = try systemCall("cfsetispeed") { cfsetispeed(&options, speed) }
        _ = try systemCall("cfsetospeed") { cfsetospeed(&options, speed) }
        options.c_cflag &= ~(tcflag_t(CSIZE) | tcflag_t(PARENB) | tcflag_t(PARODD) | tcflag_t(CSTOPB) | tcflag_t(CRTSCTS))
        options.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        switch settings.dataBits {
        case 5: options.c_cflag |= tcflag_t(CS5)
        case 6: options.c_cflag |= tcflag_t(CS6)
        case 7: options.c_cflag |= tcflag_t(CS7)
        default: options.c_cflag |= tcflag_t(CS8)
        }
        switch settings.parity {
        case .none: break
        case .even: options.c_cflag |= tcflag_t(PARENB)
        case .odd: options.c_cflag |= tcflag_t(PARENB) | tcflag_t(PARODD)
        }
        if settings.stopBits == 2 { options.c_cflag |= tcflag_t(CSTOPB) }
        _ = try systemCall("tcsetattr") { tcsetattr(descriptor, TCSANOW, &options) }
    }

    private static func baudConstant(_ rate: Int) -> speed_t? {
        let table: [Int: Int32] = [
            1200: B1200, 2400: B2400, 4800: B4800, 9600: B9600, 19200: B19200, 38400: B38400, 57600: B57600, 115200: B115200,
        ]
        return table[rate].map { speed_t($0) }
    }
}
