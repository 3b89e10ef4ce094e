// One libcurl transfer, run to its end on the calling (dedicated) thread: the easy handle set up
// from the transfer's settings, the local file opened, the callbacks wired to it, and the
// outcome turned into a `TransferError` that names the URL without its password.

import CCurl
import Glibc
import StationCore
import SystemCalls

/// A download or upload, with everything it needs; `run()` blocks until it is over.
struct CurlTransferJob: Sendable {
    /// Which way the bytes go, and the local file.
    enum Direction: Sendable {
        case download(target: String)
        case upload(source: String)
    }

    let url: TransferURL
    let direction: Direction
    let settings: CurlFileTransfer
    let cancel: CancelFlag
    let progress: @Sendable (TransferProgress) -> Void

    private var verb: String {
        if case .download = direction { "download of" } else { "upload to" }
    }

    /// A failure of this transfer, naming it and its URL (password left out).
    func failure(_ reason: String, kind: TransferError.Kind = .failed) -> TransferError {
        TransferError("\(verb) \(url.redacted) failed: \(url.redacting(reason))", kind: kind)
    }

    /// Runs the transfer; blocks.
    func run() -> Result<Void, TransferError> {
        guard let scheme = url.scheme, settings.supportedSchemes.contains(scheme) else {
            let supported = settings.supportedSchemes.sorted().joined(separator: ", ")
            return .failure(failure("unsupported URL scheme '\(url.scheme ?? "")' (supported: \(supported))", kind: .unsupportedScheme))
        }
        if cancel.isCancelled { return .failure(failure("cancelled")) }
        do {
            switch direction {
            case .download(let target): try download(to: target, scheme: scheme)
            case .upload(let source): try upload(from: source, scheme: scheme)
            }
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    private func download(to target: String, scheme: String) throws(TransferError) {
        let temporary: (fd: Int32, path: String)
        do throws(SystemCallError) { temporary = try FileSystem.makeTemporaryFile(nextTo: target) } catch { throw failure(error.description) }
        let state = CurlTransferState(fd: temporary.fd, path: temporary.path, isUpload: false, cancel: cancel, progress: progress)
        do throws(TransferError) {
            try perform(state, scheme: scheme) { (easy) throws(CurlError) in
                try easy.set(CURLOPT_WRITEFUNCTION, callback: { buffer, size, count, userdata in
                    CurlTransferState.from(userdata).write(buffer, size * count)
                })
                try easy.set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(state).toOpaque())
            }
        } catch {
            Glibc.close(temporary.fd)
            FileSystem.remove(temporary.path)
            throw error
        }
        do throws(SystemCallError) {
            try FileSystem.syncAndClose(temporary.fd, path: temporary.path)
            try FileSystem.rename(temporary.path, to: target)
        } catch {
            FileSystem.remove(temporary.path)
            throw failure(error.description)
        }
        state.reportFinal(total: state.moved)
    }

    private func upload(from source: String, scheme: String) throws(TransferError) {
        let fd: Int32
        do throws(SystemCallError) { fd = try FileSystem.open(source, O_RDONLY) } catch { throw failure(error.description) }
        defer { Glibc.close(fd) }
        var info = stat()
        do throws(SystemCallError) { _ = try systemCall("fstat", source) { fstat(fd, &info) } } catch { throw failure(error.description) }
        let size = Int64(info.st_size)
        let state = CurlTransferState(fd: fd, path: source, isUpload: true, cancel: cancel, progress: progress)
        state.total = size
        try perform(state, scheme: scheme) { (easy) throws(CurlError) in
            try easy.set(CURLOPT_UPLOAD, 1)
            try easy.set(CURLOPT_INFILESIZE_LARGE, large: size)
            try easy.set(CURLOPT_READFUNCTION, callback: { buffer, size, count, userdata in
                CurlTransferState.from(userdata).read(buffer, size * count)
            })
            try easy.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(state).toOpaque())
            if scheme == "ftp" { try easy.set(CURLOPT_FTP_CREATE_MISSING_DIRS, Int(CURLFTP_CREATE_DIR.rawValue)) }
        }
        state.reportFinal(total: size)
    }

    /// Sets up a handle with the common options plus `configure`'s, performs the transfer and
    /// checks its outcome. `state` stays alive (and is the callbacks' user data) throughout.
    private func perform(
        _ state: CurlTransferState, scheme: String, configure: (CurlEasy) throws(CurlError) -> Void
    ) throws(TransferError) {
        let easy: CurlEasy
        do throws(CurlError) {
            easy = try CurlEasy()
            try easy.set(CURLOPT_URL, url.text)
            try easy.set(CURLOPT_PROTOCOLS_STR, "http,https,ftp")
            try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https,ftp")
            try easy.set(CURLOPT_FOLLOWLOCATION, 1)
            try easy.set(CURLOPT_MAXREDIRS, 10)
            try easy.set(CURLOPT_NOSIGNAL, 1)
            try easy.set(CURLOPT_FAILONERROR, 1)
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, wholeMilliseconds(settings.connectTimeout))
            try easy.set(CURLOPT_LOW_SPEED_LIMIT, max(settings.lowSpeedLimit, 1))
            try easy.set(CURLOPT_LOW_SPEED_TIME, max(wholeSeconds(settings.lowSpeedTime), 1))
            try easy.set(CURLOPT_SSL_VERIFYPEER, 1)
            try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
            if let caFile = settings.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
            try easy.setProgress { userdata, downloadTotal, downloadNow, uploadTotal, uploadNow in
                CurlTransferState.from(userdata).progressed(
                    download: (Int64(downloadNow), Int64(downloadTotal)), upload: (Int64(uploadNow), Int64(uploadTotal)))
            }
            try easy.set(CURLOPT_XFERINFODATA, pointer: Unmanaged.passUnretained(state).toOpaque())
            try configure(easy)
        } catch {
            throw failure("cannot set up the transfer: \(error)")
        }
        let isHTTP = scheme == "http" || scheme == "https"
        do throws(CurlError) {
            try withExtendedLifetime(state) { () throws(CurlError) in try easy.perform() }
        } catch {
            if let fileError = state.fileError { throw failure(fileError) }
            if cancel.isCancelled && error.isAbortedByCallback { throw failure("cancelled") }
            if error.isHTTPError, isHTTP, let status = try? easy.responseCode(), status >= 400 {
                throw failure("the server answered HTTP status \(status)", kind: Self.kind(ofHTTPStatus: status))
            }
            throw failure(error.description, kind: error.isLoginDenied ? .permissionDenied : .failed)
        }
        if isHTTP, let status = try? easy.responseCode(), status >= 400 {
            throw failure("the server answered HTTP status \(status)", kind: Self.kind(ofHTTPStatus: status))
        }
    }

    /// The kind of an HTTP failure status: 401 and 403 refuse access, the others fail.
    static func kind(ofHTTPStatus status: Int) -> TransferError.Kind {
        status == 401 || status == 403 ? .permissionDenied : .failed
    }
}
