// The `FileTransfer` port on libcurl: HTTP, HTTPS and FTP downloads and uploads, each on a
// thread of its own, with timeouts that stop a dead server from hanging a transfer, progress
// reports, and cancellation of the awaiting task aborting the transfer.

public import StationCore

/// Downloads and uploads files with libcurl. Call from any isolation; each transfer runs on a
/// dedicated thread (never on Swift's cooperative pool) and the caller suspends until it ends.
///
/// Behaviour:
/// - URLs: `http`, `https` and `ftp`; `user:password@` in the URL is used to log in (FTP without
///   it logs in anonymously). Redirects are followed (at most 10, to the same three schemes).
/// - Download: the bytes go to a temporary file next to the target (`<target>.partXXXXXX`),
///   flushed and renamed onto the target on success, removed on any failure: the target is
///   either the old file or the complete new one.
/// - Upload: over HTTP(S) a PUT of the file's bytes; over FTP a STOR (missing directories are
///   created).
/// - An HTTP status of 400 or more is an error naming the status.
/// - A server that does not answer the connection within `connectTimeout`, or that moves fewer
///   than `lowSpeedLimit` bytes per second for `lowSpeedTime`, ends the transfer with an error.
/// - Cancelling the awaiting task aborts the transfer (within about a second) with an error
///   saying it was cancelled.
/// - HTTPS: the server's certificate and host name are verified, against the system's trusted
///   certificates or, when `caFile` is given, against the certificates in that file only.
/// - Every error message names the URL with its password replaced by `***`.
public struct CurlFileTransfer: FileTransfer {
    /// How long to wait for the connection (TCP and TLS handshake) to be set up.
    public var connectTimeout: Duration
    /// The slowest transfer speed, in bytes per second, tolerated for `lowSpeedTime`.
    public var lowSpeedLimit: Int
    /// How long the transfer may stay below `lowSpeedLimit` before it is aborted (rounded up to
    /// whole seconds, libcurl's resolution).
    public var lowSpeedTime: Duration
    /// A PEM file of the certificate authorities to trust for HTTPS instead of the system's.
    public var caFile: String?

    /// Creates a transfer service.
    /// - Parameters:
    ///   - connectTimeout: the limit for setting up a connection (default 30 s).
    ///   - lowSpeedLimit: bytes per second below which the transfer counts as stalled (default 1).
    ///   - lowSpeedTime: how long a stall is tolerated before the transfer fails (default 60 s).
    ///   - caFile: certificate authorities for HTTPS, replacing the system's (default none).
    public init(
        connectTimeout: Duration = .seconds(30), lowSpeedLimit: Int = 1, lowSpeedTime: Duration = .seconds(60),
        caFile: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.caFile = caFile
    }

    /// "http", "https" and "ftp".
    public var supportedSchemes: Set<String> { ["http", "https", "ftp"] }

    /// Downloads `url` into the file at `path`, replacing it only when the whole file arrived.
    /// - Parameter progress: called on the transfer's thread while bytes arrive, and once at the
    ///   end with the final count.
    public func download(
        from url: String, to path: String, progress: @escaping @Sendable (TransferProgress) -> Void
    ) async throws(TransferError) {
        try await run(CurlTransferJob(url: TransferURL(url), direction: .download(target: path), settings: self, cancel: CancelFlag(), progress: progress))
    }

    /// Uploads the file at `path` to `url` (HTTP(S): PUT; FTP: STOR).
    /// - Parameter progress: called on the transfer's thread while bytes leave, and once at the
    ///   end with the final count.
    public func upload(
        file path: String, to url: String, progress: @escaping @Sendable (TransferProgress) -> Void
    ) async throws(TransferError) {
        try await run(CurlTransferJob(url: TransferURL(url), direction: .upload(source: path), settings: self, cancel: CancelFlag(), progress: progress))
    }

    private func run(_ job: CurlTransferJob) async throws(TransferError) {
        if Task.isCancelled { throw job.failure("cancelled") }
        let result = await BlockingWork.run("StationFiles.transfer", cancelling: job.cancel) { job.run() }
        try result.get()
    }
}
