// The one process launcher of the tests and benchmarks: starts a program with its arguments,
// environment and working directory, collects the lines it prints, waits (bounded) for a line
// or for its exit, and stops or kills it. Every wait wakes on output or exit, never on a timer.

public import Foundation

/// A child process started by a test: the python fixture servers, socat, the `station`
/// executable, command-line tools. Standard output and standard error are each captured
/// (line by line), discarded, inherited or appended to a file; standard input is a pipe the
/// test writes to, or inherited. When the object goes away a process still running is stopped.
///
/// Safe to use from any thread; the waits block the calling thread (at most for their timeout).
public final class TestProcess: @unchecked Sendable {
    /// Where a standard output stream of the process goes.
    public enum Output: Sendable {
        /// Read line by line into `lines` (standard output) or `errorLines` (standard error).
        case captured
        /// To /dev/null.
        case discarded
        /// To the same stream of the test process.
        case inherited
        /// Appended to the file at this URL, which is created when it is missing.
        case appended(to: URL)
    }

    /// Where the standard input of the process comes from.
    public enum Input: Sendable {
        /// A pipe: `write(_:)` sends text, `closeInput()` ends it.
        case pipe
        /// The test process's standard input.
        case inherited
    }

    /// How a process ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// This signal ended it.
        case signalled(Int32)

        /// `exited with status N` or `was ended by signal N`.
        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "was ended by signal \(signal)"
            }
        }
    }

    /// A short name of the process for messages (the program's file name unless given).
    public let name: String
    private let process = Process()
    let log = ProcessLog()
    private let input: Pipe?

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - environment: the whole environment of the process; nil: this process's environment.
    ///   - workingDirectory: its working directory; nil: this process's.
    ///   - input: its standard input (`.pipe` to write to it).
    ///   - output: where its standard output goes (`.captured` for `lines`).
    ///   - errors: where its standard error goes (`.captured` for `errorLines`).
    ///   - name: the name used in messages; the executable's file name when nil.
    /// - Throws: `TestProcessError` when the process cannot be started.
    public init(
        _ executable: URL, arguments: [String] = [], environment: [String: String]? = nil, workingDirectory: URL? = nil,
        input: Input = .inherited, output: Output = .captured, errors: Output = .inherited, name: String? = nil
    ) throws(TestProcessError) {
        self.name = name ?? executable.lastPathComponent
        self.input = input == .pipe ? Pipe() : nil
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if let pipe = self.input { process.standardInput = pipe }
        let log = self.log
        process.terminationHandler = { process in
            log.recordTermination(process.terminationReason == .exit ? .exited(process.terminationStatus) : .signalled(process.terminationStatus))
        }
        let outputTarget = try Self.target(output, for: self.name)
        let errorTarget = try Self.target(errors, for: self.name)
        if let outputTarget { process.standardOutput = outputTarget.standard }
        if let errorTarget { process.standardError = errorTarget.standard }
        do {
            try process.run()
        } catch {
            throw TestProcessError(process: self.name, failure: "could not be started: \(error)")
        }
        for (target, stream) in [(outputTarget, ProcessLog.Stream.output), (errorTarget, .error)] {
            if let pipe = target?.standard as? Pipe { log.read(pipe.fileHandleForReading, into: stream) }
            if let file = target?.fileToClose { try? file.close() }
        }
    }

    deinit { stop() }

    /// The process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// How the process ended, or nil while it runs.
    public var termination: Termination? { log.ended }

    /// The complete lines printed on standard output so far (when captured), without newlines.
    public var lines: [String] { log.lines(.output) }

    /// The complete lines printed on standard error so far (when captured), without newlines.
    public var errorLines: [String] { log.lines(.error) }

    /// Waits at most `timeout` until `condition` holds; it is evaluated now and again each time
    /// the process prints a line or ends. Returns whether it held (false as soon as the process
    /// ended, its output was read and it still does not hold).
    public func waitUntil(timeout: Duration, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(Self.seconds(timeout))
        while true {
            let seen = log.changeCount
            let complete = log.isComplete
            if condition() { return true }
            if complete || !log.waitForChange(after: seen, until: deadline) { return condition() }
        }
    }

    /// The first line of standard output starting with `prefix`, waiting at most `timeout` for
    /// it; nil when it did not come in time or the process ended without printing it.
    public func waitForLine(startingWith prefix: String, timeout: Duration) -> String? {
        var found: String?
        _ = waitUntil(timeout: timeout) {
            found = lines.first { $0.hasPrefix(prefix) }
            return found != nil
        }
        return found
    }

    /// Waits at most `timeout` for the process to end; returns how it ended, nil when it still runs.
    @discardableResult
    public func waitForExit(timeout: Duration) -> Termination? {
        _ = waitUntil(timeout: timeout) { log.ended != nil }
        return log.ended
    }

    /// Writes `text` to the standard input (a `.pipe`). Throws when the pipe is closed.
    public func write(_ text: String) throws(TestProcessError) {
        guard let input else { throw TestProcessError(process: name, failure: "has no standard input pipe") }
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        } catch {
            throw TestProcessError(process: name, failure: "standard input cannot be written: \(error)")
        }
    }

    /// Closes the standard input (a `.pipe`): the process reads its end.
    public func closeInput() {
        try? input?.fileHandleForWriting.close()
    }

    /// Whether the process was started (false while `init` fails: `deinit` then has nothing to do).
    private var started: Bool { process.processIdentifier > 0 }

    /// Sends `signal` (SIGSTOP, SIGCONT, ...) to the process while it runs.
    public func send(_ signal: Int32) {
        // Never signal pid 0 (that is the whole process group, the test runner included).
        if started, termination == nil { signalProcess(process.processIdentifier, signal) }
    }

    /// Sends SIGTERM.
    public func terminate() { send(SIGTERM) }

    /// Sends SIGKILL and waits (at most 10 s) until the process is gone.
    public func kill() {
        guard started else { return }
        send(SIGKILL)
        waitForExit(timeout: .seconds(10))
    }

    /// Stops the process: closes its standard input, sends SIGTERM and waits at most
    /// `gracePeriod` for it to end, then kills it (SIGKILL). Does nothing once it ended.
    public func stop(gracePeriod: Duration = .seconds(10)) {
        guard started, termination == nil else { return }
        closeInput()
        terminate()
        if waitForExit(timeout: gracePeriod) == nil { kill() }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The `standardOutput`/`standardError` value for `output` (nil: inherited), and a file
    /// handle to close once the child has its own copy.
    private static func target(_ output: Output, for name: String) throws(TestProcessError) -> (standard: Any, fileToClose: FileHandle?)? {
        switch output {
        case .captured:
            return (Pipe(), nil)
        case .discarded:
            return (FileHandle.nullDevice, nil)
        case .inherited:
            return nil
        case .appended(let url):
            if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
            do {
                let handle = try FileHandle(forWritingTo: url)
                try handle.seekToEnd()
                return (handle, handle)
            } catch {
                throw TestProcessError(process: name, failure: "cannot append its output to \(url.path): \(error)")
            }
        }
    }
}

/// Sends `signal` to the process `pid` (outside `TestProcess`, whose `kill()` hides the C call).
private func signalProcess(_ pid: Int32, _ signal: Int32) {
    _ = kill(pid, signal)
}

/// A test process that could not be started or driven: which one and what failed.
public struct TestProcessError: Error, CustomStringConvertible {
    /// The process's name (or a script's path).
    public let process: String
    /// What failed.
    public let failure: String

    /// The error for `process`, which failed as `failure` says.
    public init(process: String, failure: String) {
        self.process = process
        self.failure = failure
    }

    /// `<process>: <failure>`.
    public var description: String { "\(process): \(failure)" }
}
