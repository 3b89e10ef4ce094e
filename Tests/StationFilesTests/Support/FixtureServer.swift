// Runs the python servers of Tests/Fixtures/transfer (HTTP(S) and FTP) as real peers for the
// transfer tests, reads the lines they print, and stops them; plus small helpers for temporary
// directories and commands. Every wait is bounded.

import Foundation
import Synchronization

/// The lines a child process printed, collected by a reader thread.
final class PrintedLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A python fixture server process.
final class FixtureServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    let printed = PrintedLines()
    private let input = Pipe()

    /// The package's root (the directory holding Package.swift).
    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { url.deleteLastPathComponent() }
        return url
    }

    /// The virtual environment's python (made by scripts/bootstrap).
    static func python() throws -> URL {
        let python = packageRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { throw FixtureFailure("\(python.path) missing: run scripts/bootstrap") }
        return python
    }

    /// Starts `Tests/Fixtures/transfer/<script>` with `arguments` and waits (bounded) until it
    /// printed its port.
    init(_ script: String, _ arguments: [String]) throws {
        process.executableURL = try Self.python()
        process.arguments = [Self.packageRoot.appendingPathComponent("Tests/Fixtures/transfer/\(script)").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let printed = self.printed
        let handle = output.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    printed.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...newline)
                }
            }
        }
        var found: Int?
        let process = self.process
        _ = waitUntil {
            found = printed.all.first { $0.hasPrefix("PORT ") }.flatMap { Int($0.dropFirst(5)) }
            return found != nil || !process.isRunning
        }
        guard let found else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw FixtureFailure("\(script) did not start")
        }
        port = found
    }

    deinit { stop() }

    /// Stops the server and waits for it to end.
    func stop() {
        if process.isRunning {
            try? input.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Waits (bounded) until the server printed a line starting with `prefix`.
    func waitForLine(startingWith prefix: String) -> Bool {
        waitUntil { printed.all.contains { $0.hasPrefix(prefix) } }
    }
}

/// Waits (bounded by `seconds` of real time) until `condition` holds; returns whether it did.
func waitUntil(seconds: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return condition()
}

/// A test's failure to set up a peer.
struct FixtureFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A fresh temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("StationFilesTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    /// `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Creates the subdirectory `name` and returns its path.
    func directory(_ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: file(name), withIntermediateDirectories: true)
        return file(name)
    }

    /// The names in the directory.
    func contents() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `executable` with `arguments` and returns its standard output; throws when it does not
/// exit 0 within 60 seconds.
@discardableResult
func runCommand(_ executable: String, _ arguments: [String]) throws -> String {
    // The output goes to a file, not a pipe, so that the wait below is the only one (bounded).
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("StationFilesTests-\(UUID().uuidString).out")
    _ = FileManager.default.createFile(atPath: outputPath.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outputPath) }
    let output = try FileHandle(forWritingTo: outputPath)
    defer { try? output.close() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    guard waitUntil(seconds: 60, { !process.isRunning }) else {
        process.terminate()
        throw FixtureFailure("\(executable) did not finish")
    }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw FixtureFailure("\(executable) \(arguments) exited with \(process.terminationStatus)") }
    return String(decoding: try Data(contentsOf: outputPath), as: UTF8.self)
}
