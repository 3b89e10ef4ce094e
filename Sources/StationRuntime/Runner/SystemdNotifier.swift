// systemd's service notification protocol, spoken directly (no libsystemd): one datagram such as
// "READY=1" or "WATCHDOG=1" to the AF_UNIX socket that NOTIFY_SOCKET names (sd_notify(3)).

#if canImport(Glibc)
import Glibc
#endif

/// Sends state changes to the service manager that started the process with `Type=notify`.
/// Safe to use from any isolation: each message opens, sends on and closes its own socket.
public struct SystemdNotifier: Sendable {
    /// The socket's path, or its abstract name with a leading `@`.
    public let socket: String
    /// How often the service manager wants `WATCHDOG=1` (WATCHDOG_USEC), nil when it wants none.
    public let watchdogInterval: Duration?

    /// The notifier the environment asks for, nil without NOTIFY_SOCKET (not started by systemd,
    /// or not `Type=notify`). WATCHDOG_USEC applies only when WATCHDOG_PID is unset or names
    /// `processId` (default: this process), as sd_watchdog_enabled(3) decides; a value that is
    /// not a positive number of microseconds means no watchdog.
    public init?(environment: [String: String], processId: Int32? = nil) {
        let processId = processId ?? getpid()
        guard let socket = environment["NOTIFY_SOCKET"], socket.hasPrefix("/") || socket.hasPrefix("@"), socket.utf8.count > 1 else {
            return nil
        }
        self.socket = socket
        let forThisProcess = environment["WATCHDOG_PID"].map { Int32($0) == processId } ?? true
        if forThisProcess, let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 {
            watchdogInterval = .microseconds(microseconds)
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `state` (newline-separated `KEY=VALUE` lines).
    /// - Throws: `SystemdNotifyError` when the socket cannot be reached.
    public func send(_ state: String) throws(SystemdNotifyError) {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemdNotifyError(socket: socket, errno: errno) }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // An abstract name starts with a zero byte instead of the `@`, and is not terminated.
        var path = Array(socket.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { throw SystemdNotifyError(socket: socket, errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            bytes.copyBytes(from: path)
        }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + path.count + (path.first == 0 ? 0 : 1))
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
        guard sent == message.count else { throw SystemdNotifyError(socket: socket, errno: sent < 0 ? errno : EMSGSIZE) }
    }
}

/// A notification that could not be sent.
public struct SystemdNotifyError: Error, CustomStringConvertible {
    /// The socket named by NOTIFY_SOCKET.
    public let socket: String
    /// The system's error number.
    public let errno: Int32

    /// What went wrong, for the log.
    public var description: String {
        "cannot notify the service manager at \(socket): \(String(cString: strerror(errno)))"
    }
}
