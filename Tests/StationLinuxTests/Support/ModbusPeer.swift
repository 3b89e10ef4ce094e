// The pymodbus meter server of Tests/Fixtures/hardware/modbus_meter_server.py, run as a real
// Modbus-RTU peer on the peer end of a socat pair. Started and stopped by the test.

import Foundation
import XCTest

/// A running pymodbus server serving the fixture meters.
final class ModbusPeer {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lines = LineCollector()

    /// Starts the server on `port` and waits (at most 15 s) until it serves.
    /// - Throws: `XCTSkip` when the project's Python environment is missing.
    init(port: String) throws {
        let python = repositoryRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw XCTSkip("no .venv with pymodbus (scripts/bootstrap creates it)")
        }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            repositoryRoot.appendingPathComponent("Tests/Fixtures/hardware/modbus_meter_server.py").path, "--port", port,
        ]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let lines = lines
        output.fileHandleForReading.readabilityHandler = { handle in
            lines.append(String(decoding: handle.availableData, as: UTF8.self))
        }
        try process.run()
        try waitUntilBlocking(seconds: 15, "pymodbus server ready") { lines.contains("ready") || !process.isRunning }
        guard process.isRunning else { throw WaitTimeout(what: "pymodbus server exited at start") }
    }

    deinit {
        stop()
    }

    /// Sends a command line (see the fixture) and waits (at most 5 s) for its acknowledgement.
    func command(_ line: String) throws {
        let name = line.split(separator: " ").first.map(String.init) ?? line
        let before = lines.count(of: "ok \(name)")
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
        try waitUntilBlocking(seconds: 5, "server acknowledged \(line)") { lines.count(of: "ok \(name)") > before }
    }

    /// Stops the server (the meter goes silent).
    func stop() {
        output.fileHandleForReading.readabilityHandler = nil
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        try? waitUntilBlocking(seconds: 5, "pymodbus server exited") { !process.isRunning }
    }
}

/// Text received from a process, searchable from any thread.
private final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""

    func append(_ chunk: String) { lock.withLock { text += chunk } }
    func contains(_ word: String) -> Bool { lock.withLock { text.contains(word) } }
    func count(of word: String) -> Int { lock.withLock { text.components(separatedBy: word).count - 1 } }
}
