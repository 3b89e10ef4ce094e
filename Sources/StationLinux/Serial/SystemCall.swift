// The POSIX calls of the termios port, wrapped the swift-system way: retried on EINTR, failures
// returned as the errno's name and text instead of -1.

import Glibc

/// A failed POSIX call: the errno and its text.
struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    let errno: Int32

    var description: String { String(cString: strerror(errno)) + " (errno \(errno))" }

    /// Whether the call would have blocked on a non-blocking descriptor.
    var wouldBlock: Bool { errno == EAGAIN || errno == EWOULDBLOCK }
}

/// Runs `call` until it does not fail with EINTR; a -1 result becomes `SystemCallError`.
func systemCall<T: BinaryInteger>(_ call: () -> T) throws(SystemCallError) -> T {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = Glibc.errno
        if code != EINTR { throw SystemCallError(errno: code) }
    }
}
