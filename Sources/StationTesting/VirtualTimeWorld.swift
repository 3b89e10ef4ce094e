// One thread that runs every task of a station under test, so that the test can tell when the
// station has nothing left to do: "idle" is an empty run queue, an explicit signal instead of
// yields and real sleeps. Tasks join the world through `StationTask.executor`.

import Foundation
import StationHAL

/// A serial task executor on a thread of its own, which reports when it has run out of work.
/// Safe to use from any isolation.
public final class VirtualTimeWorld: TaskExecutor, SerialExecutor, @unchecked Sendable {
    /// Guards the fields below it (hence `@unchecked Sendable`).
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var running = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var stopped = false

    /// Starts the world's thread.
    public init() {
        let thread = Thread { self.runLoop() }
        thread.name = "virtual-time-world"
        thread.start()
    }

    /// Ends the world's thread once its queue is empty.
    public func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Returns once the world has no job to run and none running: every task of it waits for
    /// something only the test (time, hardware, the central system) can bring.
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            let now = jobs.isEmpty && !running
            if !now { idleWaiters.append(continuation) }
            condition.unlock()
            if now { continuation.resume() }
        }
    }

    /// Starts `operation` in the world: it, and every task it starts through `StationTask`,
    /// runs on the world's thread.
    @discardableResult
    public func start<T: Sendable>(_ operation: sending @escaping () async -> T) -> Task<T, Never> {
        Task(executorPreference: self) {
            await StationTask.$executor.withValue(self) { await operation() }
        }
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobs.isEmpty, !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            running = true
            condition.unlock()
            job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
            condition.lock()
            running = false
            var waiters: [CheckedContinuation<Void, Never>] = []
            if jobs.isEmpty {
                waiters = idleWaiters
                idleWaiters = []
            }
            condition.unlock()
            for waiter in waiters { waiter.resume() }
        }
    }
}
