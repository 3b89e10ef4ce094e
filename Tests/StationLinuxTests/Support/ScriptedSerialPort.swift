// A serial port whose device side is a script: each request written gets the next scripted
// answer (or silence). For driver logic in virtual time; the real-peer tests use socat.

import StationLinux
import Synchronization

/// A serial port answering writes from a script. Safe to use from any isolation.
final class ScriptedSerialPort: SerialPort {
    let name = "scripted"
    private struct State {
        var answers: [[UInt8]?]
        var written: [[UInt8]] = []
        var pending: [UInt8] = []
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    /// A port that answers the n-th write with `answers[n]` (nil: says nothing).
    init(answers: [[UInt8]?]) {
        state = Mutex(State(answers: answers))
    }

    /// Everything written so far.
    var written: [[UInt8]] { state.withLock { $0.written } }

    func write(_ bytes: [UInt8]) async throws(SerialPortError) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.written.append(bytes)
            if !state.answers.isEmpty, let answer = state.answers.removeFirst() { state.pending += answer }
            defer { state.waiter = nil }
            return state.pending.isEmpty ? nil : state.waiter
        }
        waiter?.resume()
    }

    func read() async throws(SerialPortError) -> [UInt8] {
        while true {
            let bytes = state.withLock { state -> [UInt8] in
                defer { state.pending.removeAll() }
                return state.pending
            }
            if !bytes.isEmpty { return bytes }
            if Task.isCancelled { throw .cancelled }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let now = state.withLock { state -> Bool in
                        if !state.pending.isEmpty || Task.isCancelled { return true }
                        state.waiter = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
        }
    }

    func discardInput() {}

    func close() {}
}
