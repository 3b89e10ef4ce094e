// An errno value as a Swift type: its number, its text from strerror, and names for the values
// the drivers and file services test for.

import Glibc

/// A POSIX error number (`errno`), printed as its text and number.
public struct Errno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The errno number.
    public let rawValue: Int32

    /// The error number `rawValue`.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno`, as the last failed call left it.
    public static var current: Errno { Errno(rawValue: Glibc.errno) }

    /// EINTR: a signal interrupted the call; it is retried.
    public static let interrupted = Errno(rawValue: EINTR)
    /// EAGAIN (EWOULDBLOCK on Linux): a non-blocking descriptor has nothing to give or take now.
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    /// EIO: an input/output error (for a pseudo-terminal: its other side closed).
    public static let ioError = Errno(rawValue: EIO)
    /// ENOENT: no such file or directory.
    public static let noSuchFile = Errno(rawValue: ENOENT)
    /// EEXIST: the file exists.
    public static let fileExists = Errno(rawValue: EEXIST)
    /// EINVAL: an invalid argument.
    public static let invalidArgument = Errno(rawValue: EINVAL)
    /// EFBIG: the file is too large.
    public static let fileTooLarge = Errno(rawValue: EFBIG)

    /// The errno's text and number, for example `No such file or directory (errno 2)`.
    public var description: String { String(cString: strerror(rawValue)) + " (errno \(rawValue))" }
}
