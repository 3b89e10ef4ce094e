// Blocking work (a libcurl transfer, waiting for a child process) run on a thread of its own so
// that it never occupies a thread of Swift's cooperative pool, and a flag that lets a cancelled
// task tell that work to stop.

import Dispatch
import Synchronization

/// Runs blocking work off the cooperative pool.
///
/// Why not `Task.detached`: a detached task still runs on the cooperative pool, which has one
/// thread per core (two on our boards); two stalled downloads would stop every actor of the
/// station. Why not `DispatchQueue.global()`: its width is limited too, and the work here may
/// block for minutes (a slow firmware download, an installer writing a flash partition).
enum BlockingWork {
    /// Runs `work` on a new serial dispatch queue and suspends until it returns. A serial queue
    /// made with `DispatchQueue(label:)` targets libdispatch's overcommitting root queue, so each
    /// piece of blocking work gets a thread of its own instead of waiting for a free one. The
    /// queue is released when the work has ended.
    /// - Parameter label: names the thread in a debugger or a stack dump.
    static func run<Value: Sendable>(_ label: String, _ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue(label: label).async {
                continuation.resume(returning: work())
            }
        }
    }

    /// Like `run`, and when the calling task is cancelled, sets `flag` so that `work` can stop
    /// early (work that has already started is never abandoned: its result is awaited).
    static func run<Value: Sendable>(_ label: String, cancelling flag: CancelFlag, _ work: @escaping @Sendable () -> Value) async -> Value {
        await withTaskCancellationHandler {
            await run(label, work)
        } onCancel: {
            flag.cancel()
        }
    }
}

/// Set once when the task that waits for some blocking work is cancelled; read by that work.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    init() {}

    /// Asks the work to stop.
    func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether the work was asked to stop.
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
