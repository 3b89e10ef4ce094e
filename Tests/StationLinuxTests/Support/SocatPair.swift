// A real pseudo-terminal pair made by socat: the driver opens one end, the test (or a Python
// peer) the other. Started and stopped by the test; waits are bounded.

import Foundation
import XCTest

/// Two linked pseudo-terminals `/tmp/.../a` and `/tmp/.../b` bridged by a socat process.
final class SocatPair {
    let directory: URL
    var deviceEnd: String { directory.appendingPathComponent("device").path }
    var peerEnd: String { directory.appendingPathComponent("peer").path }
    private var process: Process?

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

    /// Starts socat (again), creating both links.
    func start() throws {
        guard let socat = Self.executable else { throw XCTSkip("socat is not installed (scripts/bootstrap installs it)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: socat)
        process.arguments = ["pty,raw,echo=0,link=\(deviceEnd)", "pty,raw,echo=0,link=\(peerEnd)"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        try waitUntilBlocking(seconds: 5, "socat did not create \(deviceEnd) and \(peerEnd)") {
            FileManager.default.fileExists(atPath: self.deviceEnd) && FileManager.default.fileExists(atPath: self.peerEnd)
        }
    }

    /// Stops socat; both pseudo-terminals vanish. SIGKILL: a process spawned from the test
    /// runner may inherit a mask that blocks SIGTERM.
    func stop() {
        guard let process else { return }
        self.process = nil
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? waitUntilBlocking(seconds: 5, "socat exited") { !process.isRunning }
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

/// Polls `condition` every 10 ms for at most `seconds` (a bounded wait for an external process
/// or serial I/O), blocking the thread; throws naming `what` if it never held.
func waitUntilBlocking(seconds: Double, _ what: String, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        guard Date() < deadline else { throw WaitTimeout(what: what) }
        usleep(10_000)
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
