// Running a command to its end: the validator, openssl, python one-liners. A facet of the one
// test process launcher, bounded like its other waits.

public import Foundation

extension TestProcess {
    /// A process that ran to its end: how it ended and what it printed.
    public struct Completed: Sendable {
        /// How it ended.
        public let termination: Termination
        /// The lines of its standard output, without newlines.
        public let lines: [String]
        /// The lines of its standard error (when captured), without newlines.
        public let errorLines: [String]

        /// Whether it exited with status 0.
        public var succeeded: Bool { termination == .exited(0) }
    }

    /// Runs `executable` with `arguments` to its end: writes `input` (when given) to its standard
    /// input and closes it, captures its standard output, and waits at most `timeout` for it to
    /// end and its output to be read. Blocks the calling thread.
    /// - Throws: `TestProcessError` when it cannot start or does not end in time (it is then
    ///   killed).
    public static func run(
        _ executable: URL, arguments: [String] = [], input: String? = nil, errors: Output = .inherited, timeout: Duration
    ) throws(TestProcessError) -> Completed {
        let process = try TestProcess(executable, arguments: arguments, input: input == nil ? .inherited : .pipe, output: .captured, errors: errors)
        if let input {
            try process.write(input)
            process.closeInput()
        }
        guard process.waitUntil(timeout: timeout, { process.log.isComplete }), let termination = process.termination else {
            process.kill()
            throw TestProcessError(process: process.name, failure: "did not finish within \(timeout)")
        }
        return Completed(termination: termination, lines: process.lines, errorLines: process.errorLines)
    }
}
