// One sleep on the system clock as a libdispatch timer: a sleeping task then costs a small block
// in dispatch's timer list, not the timer task that `Task.sleep` creates per sleep (thousands of
// fleet stations sleep at once). A cancelled sleep resumes at once; its block stays, inert, until
// its deadline.

import Dispatch
import Synchronization

/// Resumes one sleeping task when its time has come, or at once when it is cancelled. Safe to use
/// from any isolation.
final class SleepTimer: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Void, any Error>)
        case cancelled
        case done
    }

    private let state = Mutex(State.idle)
    /// Where every timer fires: its work only resumes a continuation.
    private static let queue = DispatchQueue(label: "station.sleep-timers")

    /// Sleeps for `duration`, or throws `CancellationError` once the task is cancelled.
    static func sleep(for duration: Duration) async throws {
        let timer = SleepTimer()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                timer.start(continuation, after: duration)
            }
        } onCancel: {
            timer.cancel()
        }
    }

    private func start(_ continuation: CheckedContinuation<Void, any Error>, after duration: Duration) {
        let started = state.withLock { state -> Bool in
            guard case .idle = state else { return false }
            state = .waiting(continuation)
            return true
        }
        guard started else {
            continuation.resume(throwing: CancellationError())
            return
        }
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        Self.queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: max(0, nanoseconds))), ) { [self] in fire() }
    }

    private func fire() {
        guard let continuation = take(next: .done) else { return }
        continuation.resume()
    }

    private func cancel() {
        guard let continuation = take(next: .cancelled) else { return }
        continuation.resume(throwing: CancellationError())
    }

    /// Moves to `next` if the sleep has not ended yet; returns the waiting continuation, if any.
    private func take(next: State) -> CheckedContinuation<Void, any Error>? {
        state.withLock { state -> CheckedContinuation<Void, any Error>? in
            switch state {
            case .done, .cancelled:
                return nil
            case .idle:
                state = next
                return nil
            case .waiting(let continuation):
                state = next
                return continuation
            }
        }
    }
}
