// Reads a downloaded firmware image piece by piece, for the signature check of a signed update
// (the hash is computed by the station as the pieces arrive, so the image is never held whole).

import Glibc
public import StationCore
import SystemCalls

/// Reads local files in 64 KiB pieces with blocking reads (the station calls it from a job's task).
public struct LocalFileReader: FileReader {
    /// Creates the reader.
    public init() {}

    public func read(fileAt path: String, _ body: (UnsafeRawBufferPointer) -> Void) async throws(TransferError) {
        do throws(SystemCallError) {
            let fd = try FileSystem.open(path, O_RDONLY)
            defer { close(fd) }
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
            defer { chunk.deallocate() }
            while true {
                let count = try FileSystem.read(fd, into: chunk, path: path)
                if count == 0 { return }
                body(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
            }
        } catch {
            throw TransferError("\(error)")
        }
    }
}
