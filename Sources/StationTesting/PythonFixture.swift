// A python fixture server of the tests (the `ocpp` central system, the HTTP(S)/FTP transfer
// servers): a python script started as a `TestProcess` that announces its port. Every wait is
// bounded.

public import Foundation

/// A python fixture server: a script that prints a line `<portLinePrefix><port>` (for example
/// `PORT 8080`) once it listens.
public final class PythonFixture: Sendable {
    /// The running script.
    public let process: TestProcess
    /// The port the script announced.
    public let port: Int

    /// The package's root (see `PythonScript.packageRoot`).
    public static var packageRoot: URL { PythonScript.packageRoot }

    /// Starts `script` (a path relative to the package root) with `arguments` and waits, at most
    /// `timeout`, until it printed a line starting with `portLinePrefix` followed by its port.
    /// Throws `TestProcessError` when python is missing, the script cannot be started, or it
    /// does not announce its port in time (it is then stopped).
    public init(script: String, arguments: [String] = [], portLinePrefix: String, timeout: Duration) throws(TestProcessError) {
        process = try PythonScript.start(script, arguments: arguments)
        guard let line = process.waitForLine(startingWith: portLinePrefix, timeout: timeout), let port = Int(line.dropFirst(portLinePrefix.count)) else {
            let exited = process.termination != nil
            process.stop()
            throw TestProcessError(
                process: script,
                failure: exited ? "exited before printing \"\(portLinePrefix)<port>\"" : "did not print \"\(portLinePrefix)<port>\" within \(timeout)"
            )
        }
        self.port = port
    }

    /// The lines the script printed so far, in order, without their newlines.
    public var lines: [String] { process.lines }

    /// Waits at most `timeout` until `condition` (on what the script printed) holds; see
    /// `TestProcess.waitUntil(timeout:_:)`.
    public func waitUntil(timeout: Duration, _ condition: () -> Bool) -> Bool { process.waitUntil(timeout: timeout, condition) }

    /// Stops the script and waits for it to end (see `TestProcess.stop(gracePeriod:)`).
    public func stop() { process.stop() }
}
