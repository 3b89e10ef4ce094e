// A python fixture server of the tests (the `ocpp` central system, the HTTP(S)/FTP transfer
// servers): a PythonScript that announces its port. Every wait is bounded.

public import Foundation

/// A python fixture server: a `PythonScript` that prints a line `<portLinePrefix><port>` (for
/// example `PORT 8080`) once it listens.
public final class PythonFixture: Sendable {
    /// The running script.
    public let running: PythonScript
    /// The port the script announced.
    public let port: Int

    /// The package's root (see `PythonScript.packageRoot`).
    public static var packageRoot: URL { PythonScript.packageRoot }

    /// The virtual environment's python; throws when it is missing.
    public static func python() throws(PythonFixtureError) -> URL { try PythonScript.python() }

    /// Starts `script` (a path relative to the package root) with `arguments` and waits, at most
    /// `timeout` seconds, until it printed a line starting with `portLinePrefix` followed by its
    /// port. Throws `PythonFixtureError` when python is missing, the script cannot be started, or
    /// it does not announce its port in time (it is then stopped).
    public init(script: String, arguments: [String] = [], portLinePrefix: String, timeout: TimeInterval) throws(PythonFixtureError) {
        running = try PythonScript(script: script, arguments: arguments)
        guard let line = running.waitForLine(startingWith: portLinePrefix, timeout: timeout), let port = Int(line.dropFirst(portLinePrefix.count)) else {
            let exited = !running.isRunning
            running.stop()
            throw PythonFixtureError(
                script: script,
                failure: exited ? "exited before printing \"\(portLinePrefix)<port>\"" : "did not print \"\(portLinePrefix)<port>\" within \(timeout) s"
            )
        }
        self.port = port
    }

    /// The running python process.
    public var process: Process { running.process }
    /// The script's path relative to the package root.
    public var script: String { running.script }
    /// The lines the script printed so far, in order, without their newlines.
    public var lines: [String] { running.lines }
    /// Whether the script is still running.
    public var isRunning: Bool { running.isRunning }

    /// Stops the script and waits for it to end (see `PythonScript.stop()`).
    public func stop() { running.stop() }
}

/// A python fixture that could not be started: the script and what failed.
public struct PythonFixtureError: Error, CustomStringConvertible {
    /// The script's path relative to the package root (`python` when only python was looked for).
    public let script: String
    /// What failed.
    public let failure: String

    /// The error for `script`, which failed as `failure` says.
    public init(script: String, failure: String) {
        self.script = script
        self.failure = failure
    }

    /// `<script>: <failure>`.
    public var description: String { "\(script): \(failure)" }
}
