// Runs a python script of the package (a fixture server such as the `ocpp` central system or the
// HTTP(S)/FTP transfer servers) from the virtual environment made by scripts/bootstrap: collects
// the lines it prints on a reader thread, waits until it announces its port, and stops it.
// Every wait is bounded.

public import Foundation

/// A python fixture server process, started from `.venv/bin/python` at the package root.
///
/// The script must print a line `<portLinePrefix><port>` (for example `PORT 8080`) once it
/// listens; every line it prints on standard output is kept in `lines`. Closing its standard
/// input (done by `stop()`) asks it to end.
///
/// Safe to use from any thread: the printed lines are behind a lock, and the process and the
/// pipe are only started in `init` and ended in `stop()`.
public final class PythonFixture: @unchecked Sendable {
    /// The running python process.
    public let process = Process()
    /// The port the script announced.
    public let port: Int
    /// The script's path relative to the package root, as given to `init`.
    public let script: String
    private let printed = Locked<[String]>([])
    private let input = Pipe()

    /// The package's root: the nearest directory above this source file holding Package.swift.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The virtual environment's python (made by scripts/bootstrap); throws when it is missing.
    public static func python() throws(PythonFixtureError) -> URL {
        let python = packageRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw PythonFixtureError(script: "python", failure: "\(python.path) missing: run scripts/bootstrap")
        }
        return python
    }

    /// Starts `script` (a path relative to the package root) with `arguments` and waits, at most
    /// `timeout` seconds, until it printed a line starting with `portLinePrefix` followed by its
    /// port. Throws `PythonFixtureError` when python is missing, the script cannot be started, or
    /// it does not announce its port in time (it is then stopped).
    public init(script: String, arguments: [String] = [], portLinePrefix: String, timeout: TimeInterval) throws(PythonFixtureError) {
        self.script = script
        do {
            process.executableURL = try Self.python()
        } catch {
            throw PythonFixtureError(script: script, failure: error.failure)
        }
        process.arguments = [Self.packageRoot.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        do {
            try process.run()
        } catch {
            throw PythonFixtureError(script: script, failure: "could not be started: \(error)")
        }
        let printed = self.printed
        let handle = output.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    printed.withLock { $0.append(line) }
                }
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        var found: Int?
        while true {
            found = printed.value.lazy.filter { $0.hasPrefix(portLinePrefix) }.compactMap { Int($0.dropFirst(portLinePrefix.count)) }.first
            if found != nil || !process.isRunning || Date() >= deadline { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard let found else {
            let exited = !process.isRunning
            Self.end(process, input: input)
            throw PythonFixtureError(
                script: script,
                failure: exited ? "exited before printing \"\(portLinePrefix)<port>\"" : "did not print \"\(portLinePrefix)<port>\" within \(timeout) s"
            )
        }
        port = found
    }

    deinit { stop() }

    /// The lines the script printed so far, in order, without their newlines.
    public var lines: [String] { printed.value }

    /// Whether the script is still running.
    public var isRunning: Bool { process.isRunning }

    /// Stops the script (closes its standard input, terminates it) and waits for it to end.
    /// Does nothing once it ended.
    public func stop() {
        if process.isRunning { Self.end(process, input: input) }
    }

    /// Closes `input`, terminates `process` and waits for it to end: at most 10 seconds, then
    /// it is killed.
    private static func end(_ process: Process, input: Pipe) {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
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
