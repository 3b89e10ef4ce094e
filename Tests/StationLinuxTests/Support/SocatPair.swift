// A real pseudo-terminal pair made by socat (started through StationTesting's launcher): the
// driver opens one end, the test (or a Python peer) the other. Waits are bounded.

import Foundation
import StationTesting
import XCTest

/// Two linked pseudo-terminals `<directory>/device` and `<directory>/peer` bridged by a socat
/// process.
final class SocatPair {
    let directory: URL
    var deviceEnd: String { directory.appendingPathComponent("device").path }
    var peerEnd: String { directory.appendingPathComponent("peer").path }
    private var socat: TestProcess?

    /// Creates the pair in a fresh temporary directory and starts socat.
    /// - Throws: `XCTSkip` when socat is not installed; an error when it does not come up in 5 s.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("socat-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    static var executable: String? {
        ["/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts socat (again), creating both links. With `-d -d` socat reports on standard error
    /// that it starts its data transfer loop, which it does once both pseudo-terminals and their
    /// links exist: that line is the ready signal.
    func start() throws {
        guard let executable = Self.executable else { throw XCTSkip("socat is not installed (scripts/bootstrap installs it)") }
        let socat = try TestProcess(
            URL(fileURLWithPath: executable), arguments: ["-d", "-d", "pty,raw,echo=0,link=\(deviceEnd)", "pty,raw,echo=0,link=\(peerEnd)"],
            errors: .captured, name: "socat"
        )
        self.socat = socat
        let ready = socat.waitUntil(timeout: .seconds(5)) { socat.errorLines.contains { $0.contains("starting data transfer loop") } }
        guard ready, FileManager.default.fileExists(atPath: deviceEnd), FileManager.default.fileExists(atPath: peerEnd) else {
            throw WaitTimeout(what: "socat did not create \(deviceEnd) and \(peerEnd)")
        }
    }

    /// Stops socat; both pseudo-terminals vanish. SIGKILL: a process spawned from the test
    /// runner may inherit a mask that blocks SIGTERM.
    func stop() {
        guard let socat else { return }
        self.socat = nil
        socat.kill()
        try? FileManager.default.removeItem(atPath: deviceEnd)
        try? FileManager.default.removeItem(atPath: peerEnd)
    }

    /// Writes `bytes` to the peer end, as the device would send them.
    func sendFromPeer(_ bytes: [UInt8]) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: peerEnd), "cannot open \(peerEnd)")
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(bytes))
    }
}

/// Polls `condition` every 10 ms for at most `seconds` without blocking a thread.
func waitUntil(seconds: Double, _ what: String, _ condition: @Sendable () async -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while await !condition() {
        guard Date() < deadline else { throw WaitTimeout(what: what) }
        try await Task.sleep(for: .milliseconds(10))
    }
}

struct WaitTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting: \(what)" }
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
