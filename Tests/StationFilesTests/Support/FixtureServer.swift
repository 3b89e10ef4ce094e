// Runs the python servers of Tests/Fixtures/transfer (HTTP(S) and FTP) as real peers for the
// transfer tests (through StationTesting's launcher), reads the lines they print, and stops them;
// plus small helpers for temporary directories and commands. Every wait is bounded.

import Foundation
import StationTesting

/// The lines a fixture server printed so far.
struct PrintedLines {
    fileprivate let fixture: PythonFixture

    var all: [String] { fixture.lines }
}

/// A python fixture server process.
final class FixtureServer: Sendable {
    private let fixture: PythonFixture

    /// The package's root (the directory holding Package.swift).
    static var packageRoot: URL { PythonFixture.packageRoot }

    /// The virtual environment's python (made by scripts/bootstrap).
    static func python() throws -> URL { try PythonScript.python() }

    /// Starts `Tests/Fixtures/transfer/<script>` with `arguments` and waits (bounded) until it
    /// printed its port.
    init(_ script: String, _ arguments: [String]) throws {
        fixture = try PythonFixture(script: "Tests/Fixtures/transfer/\(script)", arguments: arguments, portLinePrefix: "PORT ", timeout: .seconds(20))
    }

    /// The port it listens on.
    var port: Int { fixture.port }
    /// The lines it printed.
    var printed: PrintedLines { PrintedLines(fixture: fixture) }

    /// Stops the server and waits for it to end.
    func stop() { fixture.stop() }

    /// Waits (at most 20 s) until the server printed a line starting with `prefix`.
    func waitForLine(startingWith prefix: String) -> Bool {
        fixture.process.waitForLine(startingWith: prefix, timeout: .seconds(20)) != nil
    }
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
    let command = try TestProcess.run(URL(fileURLWithPath: executable), arguments: arguments, errors: .discarded, timeout: .seconds(60))
    guard command.succeeded else { throw FixtureFailure("\(executable) \(arguments) \(command.termination)") }
    return command.lines.map { $0 + "\n" }.joined()
}
