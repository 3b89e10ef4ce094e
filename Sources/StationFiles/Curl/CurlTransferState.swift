// What libcurl's callbacks work on during one transfer: the local file's descriptor, the bytes
// moved, the last progress reported, the cancellation flag, and the first local file error.

import CCurl
import StationCore
import SystemCalls

/// The user data of one transfer's write, read and progress callbacks. Lives on the transfer's
/// thread only: libcurl calls the callbacks from inside `curl_easy_perform`, on that thread.
final class CurlTransferState {
    let fd: Int32
    let path: String
    let isUpload: Bool
    let cancel: CancelFlag
    let progress: @Sendable (TransferProgress) -> Void
    /// Bytes written to (download) or read from (upload) the local file.
    var moved: Int64 = 0
    /// The size of the whole file when known (the upload's file size).
    var total: Int64?
    /// The bytes count last passed to `progress`.
    var lastReported: Int64 = -1
    /// Set when the local file failed; the transfer's error then names it.
    var fileError: String?

    init(fd: Int32, path: String, isUpload: Bool, cancel: CancelFlag, progress: @escaping @Sendable (TransferProgress) -> Void) {
        self.fd = fd
        self.path = path
        self.isUpload = isUpload
        self.cancel = cancel
        self.progress = progress
    }

    /// The state behind a callback's user-data pointer (set with `passUnretained`: the job keeps
    /// the state alive until `curl_easy_perform` has returned).
    static func from(_ userdata: UnsafeMutableRawPointer?) -> CurlTransferState {
        Unmanaged<CurlTransferState>.fromOpaque(userdata!).takeUnretainedValue()
    }

    /// CURLOPT_WRITEFUNCTION: appends `count` bytes to the file; a result other than `count`
    /// makes libcurl stop with CURLE_WRITE_ERROR.
    func write(_ buffer: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard count > 0, let buffer else { return 0 }
        do throws(SystemCallError) {
            try FileSystem.writeAll(fd, UnsafeRawBufferPointer(start: buffer, count: count), path: path)
        } catch {
            fileError = error.description
            return 0
        }
        moved += Int64(count)
        return count
    }

    /// CURLOPT_READFUNCTION: fills `buffer` with up to `capacity` bytes of the file; 0 at its end,
    /// CURL_READFUNC_ABORT when it cannot be read or the transfer was cancelled.
    func read(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int {
        guard capacity > 0, let buffer else { return 0 }
        if cancel.isCancelled { return cs_curl_readfunc_abort() }
        do throws(SystemCallError) {
            let count = try FileSystem.read(fd, into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity), path: path)
            moved += Int64(count)
            return count
        } catch {
            fileError = error.description
            return cs_curl_readfunc_abort()
        }
    }

    /// CURLOPT_XFERINFOFUNCTION: reports progress when the count changed; a non-zero result
    /// aborts the transfer, which is how a cancelled task stops it (libcurl calls this at least
    /// about once a second, also while no bytes move).
    func progressed(download: (now: Int64, total: Int64), upload: (now: Int64, total: Int64)) -> Int32 {
        if cancel.isCancelled { return 1 }
        let (now, announced) = isUpload ? upload : download
        guard now != lastReported, now > 0 else { return 0 }
        lastReported = now
        progress(TransferProgress(bytes: now, total: announced > 0 ? announced : total))
        return 0
    }

    /// Reports the final count once the transfer succeeded, unless it was the last one reported.
    func reportFinal(total: Int64) {
        guard moved != lastReported else { return }
        lastReported = moved
        progress(TransferProgress(bytes: moved, total: total))
    }
}
