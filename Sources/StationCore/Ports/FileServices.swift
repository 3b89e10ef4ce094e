// The ports of the Firmware Management profile: moving files to and from a server (firmware
// downloads, diagnostics uploads), installing a firmware image, and collecting diagnostics. The
// station only names files by path; implementations (libcurl, an installer command, the log
// files) live outside StationCore.

public import OCPP

/// How far a transfer got.
public struct TransferProgress: Sendable, Equatable {
    /// Bytes moved so far.
    public var bytes: Int64
    /// The size of the whole file, when the server told it.
    public var total: Int64?

    /// Creates a progress report.
    public init(bytes: Int64, total: Int64?) {
        self.bytes = bytes
        self.total = total
    }
}

/// A transfer that failed: the server refused, the network failed, or the file could not be
/// read or written. `message` says which, with the URL's password left out.
public struct TransferError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it was, where a caller reports kinds apart (2.0.1 LogStatusNotification).
    public enum Kind: Sendable, Equatable {
        /// The transfer failed (network, server error, local file).
        case failed
        /// The server refused the credentials or the access (HTTP 401 or 403, FTP login denied).
        case permissionDenied
        /// The URL's scheme is not one this implementation handles.
        case unsupportedScheme
    }

    /// What failed.
    public let message: String
    /// The kind of failure.
    public let kind: Kind

    /// Creates the error.
    public init(_ message: String, kind: Kind = .failed) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }
}

/// The parts of a URL that a transfer checks and reports. The transfer implementation parses the URL
/// itself; this only looks at what precedes the host. Used wherever a URL is logged.
public struct TransferURL: Sendable {
    /// The URL as given (passed to libcurl unchanged).
    public let text: String
    /// The scheme, lower-cased, or nil when the URL has no `scheme://`.
    public let scheme: String?
    /// The password in the URL's user information, if any (percent-encoded, as written).
    public let password: String?
    /// The URL with its password replaced by `***`.
    public let redacted: String

    /// Reads `text` (nothing is checked beyond what precedes the host).
    public init(_ text: String) {
        self.text = text
        guard let separator = text.firstRange(of: "://") else {
            scheme = nil
            password = nil
            redacted = text
            return
        }
        scheme = text[..<separator.lowerBound].lowercased()
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            password = nil
            redacted = text
            return
        }
        password = String(authority[authority.index(after: colon)..<at])
        redacted = String(text[...colon]) + "***" + String(text[at...])
    }

    /// The last segment of the URL's path, percent-decoded, without query or fragment; empty
    /// when the path ends with `/` or there is none (`ftp://h/fw/maxero-2.1.img` → `maxero-2.1.img`).
    public var fileName: String {
        let afterScheme = text.firstRange(of: "://").map { text[$0.upperBound...] } ?? text[...]
        let path = afterScheme.prefix { $0 != "?" && $0 != "#" }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return Self.percentDecoded(path[path.index(after: slash)...])
    }

    /// `text` with each `%XX` escape replaced by its byte (invalid escapes are kept as written).
    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `message` with every occurrence of the password replaced by `***` (for texts that come
    /// from libcurl and might quote the URL).
    public func redacting(_ message: String) -> String {
        guard let password, !password.isEmpty else { return message }
        return message.replacing(password, with: "***")
    }
}

/// Downloads and uploads files over HTTP, HTTPS and FTP (user and password may be given in the
/// URL, as OCPP 1.6 allows). Call from any isolation; a transfer never blocks the caller's
/// executor.
public protocol FileTransfer: Sendable {
    /// Downloads `url` into the file at `path`, replacing it.
    /// - Parameter progress: called now and then from any thread while bytes arrive.
    func download(from url: String, to path: String, progress: @escaping @Sendable (TransferProgress) -> Void) async throws(TransferError)

    /// Uploads the file at `path` to `url` (HTTP(S): a PUT of the file's bytes; FTP: STOR).
    /// - Parameter progress: called now and then from any thread while bytes leave.
    func upload(file path: String, to url: String, progress: @escaping @Sendable (TransferProgress) -> Void) async throws(TransferError)

    /// The URL schemes this implementation handles, lower-case ("http", "https", "ftp").
    var supportedSchemes: Set<String> { get }
}

/// The installer refused an image (bad format, wrong model, failed signature).
public struct InstallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why.
    public let message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Installs a firmware image. On a board this runs the configured command (a RAUC or SWUpdate
/// call); in simulated mode it checks the image and records the new version. Call from any
/// isolation.
public protocol FirmwareInstaller: Sendable {
    /// The firmware version installed now (reported in BootNotification).
    func installedVersion() async -> String?

    /// Installs the image at `path` and returns the version now installed (it takes effect
    /// at the next boot).
    func install(imageAt path: String) async throws(InstallError) -> String

    /// Installs the image at `path`, downloaded from a location whose file name (its last path
    /// segment) is `fileName`, and returns the version now installed. The station calls this
    /// one; by default it is `install(imageAt:)`, for installers that do not need the name.
    func install(imageAt path: String, fileName: String) async throws(InstallError) -> String
}

extension FirmwareInstaller {
    /// Installs the image at `path`, ignoring its file name.
    public func install(imageAt path: String, fileName: String) async throws(InstallError) -> String {
        try await install(imageAt: path)
    }
}

/// Collects the station's logs for GetDiagnostics into one archive file.
public protocol DiagnosticsCollector: Sendable {
    /// Writes the logs and OCPP traffic between `start` and `stop` (either may be open) into
    /// one archive and returns its path and the file name to report to the central system.
    func collect(from start: Timestamp?, to stop: Timestamp?) async throws(TransferError) -> (path: String, fileName: String)
    /// Writes `lines` as the log `name` (`security`: the security log for GetLog) into one
    /// archive and returns its path and the file name to report to the central system.
    func collect(log name: String, lines: [String]) async throws(TransferError) -> (path: String, fileName: String)
}

extension DiagnosticsCollector {
    /// A collector that only archives its own sources cannot archive other logs.
    public func collect(log name: String, lines: [String]) async throws(TransferError) -> (path: String, fileName: String) {
        throw TransferError("this diagnostics collector cannot archive the \(name) log")
    }
}

/// Reads a local file in pieces (a downloaded firmware image, to check its signature). Call from
/// any isolation.
public protocol FileReader: Sendable {
    /// Hands the content of the file at `path` to `body`, piece by piece, in order.
    func read(fileAt path: String, _ body: (UnsafeRawBufferPointer) -> Void) async throws(TransferError)
}

/// What the station needs for Firmware Management. A station built without it answers the
/// profile's requests NotSupported and does not report the profile.
public struct FileServices: Sendable {
    /// Moves files to and from servers.
    public var transfer: any FileTransfer
    /// Installs firmware images.
    public var installer: any FirmwareInstaller
    /// Collects diagnostics.
    public var diagnostics: any DiagnosticsCollector
    /// A directory the station may write downloads into (created by the owner).
    public var downloadDirectory: String
    /// Reads downloaded images for the signature check of SignedUpdateFirmware (nil: signed
    /// images cannot be verified and are reported InvalidSignature).
    public var reader: (any FileReader)?

    /// Creates the services.
    public init(transfer: any FileTransfer, installer: any FirmwareInstaller, diagnostics: any DiagnosticsCollector, downloadDirectory: String) {
        self.transfer = transfer
        self.installer = installer
        self.diagnostics = diagnostics
        self.downloadDirectory = downloadDirectory
    }
}
