// What a `TestProcess` printed and how it ended, behind one condition variable: the reader
// threads and the exit handler signal it, and the launcher's bounded waits sleep on it.

import Foundation

/// The lines a child process printed on each captured stream, whether each stream ended, and
/// its exit. Safe to use from any thread: every field is behind `condition`.
final class ProcessLog: @unchecked Sendable {
    /// A captured output stream of the child.
    enum Stream: Sendable { case output, error }

    private let condition = NSCondition()
    private var outputLines: [String] = []
    private var errorLines: [String] = []
    private var openStreams = 0
    private var termination: TestProcess.Termination?
    /// Counts every change, so that a wait knows whether something happened since it looked.
    private var changes = 0

    /// The complete lines printed on `stream` so far, in order, without their newlines.
    func lines(_ stream: Stream) -> [String] {
        locked { stream == .output ? outputLines : errorLines }
    }

    /// How the process ended, or nil while it runs.
    var ended: TestProcess.Termination? { locked { termination } }

    /// Whether nothing more can change: the process ended and every captured stream was read
    /// to its end.
    var isComplete: Bool { locked { termination != nil && openStreams == 0 } }

    /// The change count, to pass to `waitForChange(after:until:)`.
    var changeCount: Int { locked { changes } }

    /// Reads `handle` to its end on a thread of its own, adding each line to `stream`; a last
    /// line without a newline is added at the end.
    func read(_ handle: FileHandle, into stream: Stream) {
        locked { openStreams += 1 }
        Thread.detachNewThread { [self] in
            var buffer: [UInt8] = []
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(contentsOf: chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[..<newline], as: UTF8.self)
                    buffer.removeSubrange(...newline)
                    changed { append(line, to: stream) }
                }
            }
            let rest = buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
            changed {
                if let rest { append(rest, to: stream) }
                openStreams -= 1
            }
        }
    }

    /// Records that the process ended as `termination`.
    func recordTermination(_ termination: TestProcess.Termination) {
        changed { self.termination = termination }
    }

    /// Sleeps until the change count passes `seen` or `deadline` comes; returns false at the
    /// deadline.
    func waitForChange(after seen: Int, until deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while changes == seen {
            if !condition.wait(until: deadline) { return changes != seen }
        }
        return true
    }

    private func append(_ line: String, to stream: Stream) {
        if stream == .output { outputLines.append(line) } else { errorLines.append(line) }
    }

    private func changed(_ body: () -> Void) {
        condition.lock()
        body()
        changes += 1
        condition.broadcast()
        condition.unlock()
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
