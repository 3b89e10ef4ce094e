// The POSIX file calls of this target (read, write, temporary files, rename, mkdir), each
// through SystemCalls: retried on EINTR, a failure a `SystemCallError` naming the call and path.

import Glibc
import SystemCalls

/// POSIX file operations used by transfers, archives and installers.
enum FileSystem {
    /// Opens `path` with `flags`, retrying on EINTR.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemCallError) -> Int32 {
        try systemCall("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    /// Writes all of `bytes` to `fd`, retrying on EINTR and short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            offset += try systemCall("write", path) { Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
        }
    }

    /// Reads `fd` into `buffer`, retrying on EINTR; returns the count read, 0 at the end.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(SystemCallError) -> Int {
        try systemCall("read", path) { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// The first `count` bytes of the file at `path` (all of it when it is shorter).
    static func readPrefix(_ path: String, count: Int) throws(SystemCallError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { chunk.deallocate() }
        while bytes.count < count {
            let read = try read(fd, into: UnsafeMutableRawBufferPointer(rebasing: chunk[..<(count - bytes.count)]), path: path)
            if read == 0 { break }
            bytes.append(contentsOf: chunk[..<read])
        }
        return bytes
    }

    /// The whole content of the file at `path`; an error (`read` with EFBIG) when it holds more
    /// than `limit` bytes.
    static func readFile(_ path: String, limit: Int) throws(SystemCallError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count = try read(fd, into: chunk, path: path)
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw SystemCallError(call: "read", path: path, errno: .fileTooLarge) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Creates an empty temporary file next to `path` (same directory, so that a rename onto
    /// `path` is atomic) and returns its descriptor and name.
    static func makeTemporaryFile(nextTo path: String, mode: mode_t = 0o644) throws(SystemCallError) -> (fd: Int32, path: String) {
        var template = Array((path + ".partXXXXXX").utf8CString)
        let fd = try systemCall("mkstemp", path + ".partXXXXXX") { template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) } }
        // mkostemp (which sets close-on-exec at once) is not in Swift's Glibc module; a child
        // started in between inherits at worst a descriptor of a temporary file.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        fchmod(fd, mode)
        return (fd, String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// Flushes `fd` to the disk and closes it.
    static func syncAndClose(_ fd: Int32, path: String) throws(SystemCallError) {
        defer { Glibc.close(fd) }
        _ = try systemCall("fsync", path) { fsync(fd) }
    }

    /// Renames `source` to `target`, replacing `target` atomically.
    static func rename(_ source: String, to target: String) throws(SystemCallError) {
        _ = try systemCall("rename", "\(source) to \(target)") { Glibc.rename(source, target) }
    }

    /// Removes `path`, ignoring a file that is already gone.
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Writes `bytes` to `path` through a temporary file that is flushed and renamed: after a
    /// crash the file holds either the old or the new content, never a part.
    static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(SystemCallError) {
        let temporary = try makeTemporaryFile(nextTo: path, mode: mode)
        do {
            try bytes.withUnsafeBytes { buffer in
                Result { () throws(SystemCallError) in try writeAll(temporary.fd, buffer, path: temporary.path) }
            }.get()
        } catch {
            Glibc.close(temporary.fd)
            remove(temporary.path)
            throw error
        }
        do {
            try syncAndClose(temporary.fd, path: temporary.path)
            try rename(temporary.path, to: path)
        } catch {
            remove(temporary.path)
            throw error
        }
    }

    /// Creates the directory `path` unless it exists.
    static func makeDirectory(_ path: String) throws(SystemCallError) {
        do throws(SystemCallError) {
            _ = try systemCall("mkdir", path) { mkdir(path, 0o755) }
        } catch where error.errno == .fileExists {
            return
        }
    }
}
