// Runs a python script of the package from the virtual environment made by scripts/bootstrap and
// collects the lines it prints on a reader thread: the base of the fixture servers of the tests
// and of the python peers of the benchmarks. Every wait is bounded.

public import Foundation

/// A running python script, started from `.venv/bin/python` at the package root. Every line it
/// prints on standard output is kept in `lines`; closing its standard input (done by `stop()`)
/// asks it to end.
///
/// Safe to use from any thread: the printed lines are behind a lock, and the process and the
/// pipe are only started in `init` and ended in `stop()`.
public final class PythonScript: @unchecked Sendable {
    /// The running python process.
    public let process = Process()
    /// The script's path relative to the package root, as given to `init`.
    public let script: String
    private let printed = Locked<[String]>([])
    /// Whether the script's standard output was read to its end (every line is in `printed`).
    private let outputEnded = Locked(false)
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

    /// Starts `script` (a path relative to the package root) with `arguments`; its standard
    /// error is discarded when `quiet`. Throws when python is missing or the script cannot start.
    public init(script: String, arguments: [String] = [], quiet: Bool = false) throws(PythonFixtureError) {
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
        if quiet { process.standardError = FileHandle(forWritingAtPath: "/dev/null") }
        do {
            try process.run()
        } catch {
            throw PythonFixtureError(script: script, failure: "could not be started: \(error)")
        }
        let printed = self.printed, outputEnded = self.outputEnded
        let handle = output.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty {
                    outputEnded.withLock { $0 = true }
                    break
                }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    printed.withLock { $0.append(line) }
                }
            }
        }
    }

    deinit { stop() }

    /// The lines the script printed so far, in order, without their newlines.
    public var lines: [String] { printed.value }

    /// Whether the script is still running.
    public var isRunning: Bool { process.isRunning }

    /// The first printed line starting with `prefix`, waiting at most `timeout` seconds for it;
    /// nil when it did not come in time or the script's output ended without it.
    public func waitForLine(startingWith prefix: String, timeout: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let ended = outputEnded.value
            if let line = printed.value.first(where: { $0.hasPrefix(prefix) }) { return line }
            if ended || Date() >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Stops the script (closes its standard input, terminates it) and waits for it to end: at
    /// most 10 seconds, then it is killed. Does nothing once it ended.
    public func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
