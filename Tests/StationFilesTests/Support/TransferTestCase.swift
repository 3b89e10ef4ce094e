// The common set-up of the transfer tests: a temporary directory with a served folder, an upload
// folder and a place for downloads; the python servers started on demand and stopped at the end.

import Foundation
import StationCore
import StationFiles
import Synchronization
import XCTest

/// Progress reports collected from a transfer's callback (called on the transfer's thread).
final class ProgressLog: Sendable {
    private let reports = Mutex<[TransferProgress]>([])

    var callback: @Sendable (TransferProgress) -> Void { { report in self.reports.withLock { $0.append(report) } } }
    var all: [TransferProgress] { reports.withLock { $0 } }
}

class TransferTestCase: XCTestCase {
    var temporary: TemporaryDirectory!
    /// Served by the HTTP and FTP servers (GET, RETR) and written by FTP uploads.
    var served: String!
    /// Where the HTTP server stores PUT and POST bodies.
    var uploads: String!
    /// Where the tests download to.
    var downloads: String!
    private var servers: [FixtureServer] = []

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory()
        served = try temporary.directory("served")
        uploads = try temporary.directory("uploads")
        downloads = try temporary.directory("downloads")
    }

    override func tearDown() {
        for server in servers { server.stop() }
        servers = []
        temporary?.remove()
    }

    /// Writes `bytes` as `name` in the served folder.
    func serve(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: served + "/" + name))
    }

    /// Starts the HTTP server (HTTPS with `certificate` and `key`), with extra `arguments`.
    func startHTTP(certificate: String? = nil, key: String? = nil, _ arguments: [String] = []) throws -> FixtureServer {
        var all: [String] = ["--root", served, "--uploads", uploads] + arguments
        if let certificate, let key { all += ["--cert", certificate, "--key", key] }
        let server = try FixtureServer("http_server.py", all)
        servers.append(server)
        return server
    }

    /// Starts the FTP server (anonymous, and user `station` with password `s3cret`).
    func startFTP() throws -> FixtureServer {
        let server = try FixtureServer("ftp_server.py", ["--root", served!, "--user", "station", "--password", "s3cret"])
        servers.append(server)
        return server
    }

    /// Makes a self-signed certificate for 127.0.0.1 and localhost with openssl; returns the
    /// certificate's and the key's paths.
    func makeCertificate() throws -> (certificate: String, key: String) {
        let certificate = temporary.file("server.pem")
        let key = temporary.file("server.key")
        try runCommand("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=ChargeStation test CA",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        return (certificate, key)
    }

    /// The content of the file at `path`, or nil when there is none.
    func contents(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Bytes of a test file: `count` bytes of a repeating pattern.
    func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 251) } }

    /// The error a transfer threw, or nil when it succeeded.
    func transferError(_ body: () async throws(TransferError) -> Void) async -> TransferError? {
        do throws(TransferError) {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    /// The names in the downloads folder that are not `keeping` (left-over temporary files).
    func strayDownloads(keeping: Set<String> = []) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: downloads)) ?? []).filter { !keeping.contains($0) }.sorted()
    }
}
