// Runs a C call the swift-system way: again while a signal interrupts it (EINTR), and a failure
// turned into a `SystemCallError` instead of -1 and errno.

import Glibc

/// Runs `body`, a POSIX call that returns -1 and sets `errno` on failure, until it is not
/// interrupted by a signal. Blocks as the call does; call from any isolation.
/// - Parameters:
///   - call: the C function's name, for the error.
///   - path: the path or device it acts on, for the error.
/// - Returns: the call's result (not -1).
/// - Throws: `SystemCallError` naming `call`, `path` and the errno, for any errno but EINTR.
public func systemCall<Result: FixedWidthInteger>(_ call: String, _ path: String? = nil, _ body: () -> Result) throws(SystemCallError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Errno.current
        if code != .interrupted { throw SystemCallError(call: call, path: path, errno: code) }
    }
}

/// Runs `body`, a C library call that returns -1 and sets `errno` on failure (libgpiod), until it
/// is not interrupted by a signal; returns its last result, -1 included (`Errno.current` then
/// tells why), for libraries whose failures map to an error of their own.
public func retryingOnInterrupt<Result: FixedWidthInteger>(_ body: () -> Result) -> Result {
    while true {
        let result = body()
        if result != -1 || Errno.current != .interrupted { return result }
    }
}

/// Runs `body`, a C library call that returns NULL and sets `errno` on failure, until it is not
/// interrupted by a signal; returns its last result, nil included (`Errno.current` tells why).
public func retryingOnInterrupt<Pointer>(_ body: () -> Pointer?) -> Pointer? {
    while true {
        if let result = body() { return result }
        if Errno.current != .interrupted { return nil }
    }
}
