// The one error of a failed system call in the drivers and file services: which call failed, on
// what, and the errno it left.

/// A failed system call: its name, the path or device it acted on (when there is one), and the
/// errno. Printed as `open /var/lib/station/version: No such file or directory (errno 2)`.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name of the call that failed, as in C (`open`, `tcsetattr`, `posix_spawn`).
    public let call: String
    /// The path or device the call acted on, when there is one.
    public let path: String?
    /// The error number the call left.
    public let errno: Errno

    /// The failure of `call` on `path` with `errno`.
    public init(call: String, path: String? = nil, errno: Errno) {
        self.call = call
        self.path = path
        self.errno = errno
    }

    /// Whether the call would have blocked on a non-blocking descriptor (EAGAIN).
    public var wouldBlock: Bool { errno == .wouldBlock }

    /// `<call> <path>: <errno text> (errno <n>)`.
    public var description: String {
        (path.map { "\(call) \($0)" } ?? call) + ": \(errno)"
    }
}
