// A clock that moves only when told: drives stations and simulated hardware in virtual time
// (tests, accelerated simulation). Sleepers wake in deadline order as time is advanced.

public import FoundationEssentials
public import StationHAL
import Synchronization

/// A `StationClock` whose time advances only through `advance(by:)` / `advance(to:)`.
/// Safe to use from any isolation.
public final class ManualClock: StationClock {
    /// A point on the manual time line: the offset from the clock's start.
    public struct Instant: InstantProtocol, Sendable, Hashable, CustomStringConvertible {
        /// Time since the clock's start.
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public var description: String { "t+\(offset)" }
    }

    private struct Sleeper {
        let id: UInt64
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var nextId: UInt64 = 0
        /// Who waits for at least so many sleepers.
        var sleeperWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// The waiters whose count is reached now (removed).
        mutating func satisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
            let ready = sleeperWaiters.filter { $0.count <= sleepers.count }.map(\.continuation)
            sleeperWaiters.removeAll { $0.count <= sleepers.count }
            return ready
        }
    }

    private let state = Mutex(State())
    /// How `settle()` lets woken work run: a virtual-time world's idleness when one is installed.
    private let settler = Mutex<(@Sendable () async -> Void)?>(nil)
    private let epoch: Date

    /// A clock starting at wall time `start` (default 2026-11-21T10:00:00Z).
    public init(start: Date = Date(timeIntervalSince1970: 1_795_255_200)) {
        epoch = start
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }
    public var wallTime: Date { epoch.addingTimeInterval(now.offset.secondsValue) }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            state.nextId += 1
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // A cancellation that came before the sleeper is registered found nothing to
                // cancel: the task's flag, set before the handler runs, is checked under the same
                // lock, so the sleep always ends.
                let (start, waiters) = state.withLock { state -> (Result<Bool, CancellationError>, [CheckedContinuation<Void, Never>]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(true), []) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return (.success(false), state.satisfiedWaiters())
                }
                for waiter in waiters { waiter.resume() }
                switch start {
                case .failure(let error): continuation.resume(throwing: error)
                case .success(true): continuation.resume()
                case .success(false): break
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// A clock for code that runs no tasks of its own (simulations driven by the test): advancing
    /// it only moves time, with nothing to wait for between steps.
    public static func taskless() -> ManualClock {
        let clock = ManualClock()
        clock.settle(with: {})
        return clock
    }

    /// Makes `settle()` (and every step of `advance`) wait for `settle` instead of yielding and
    /// sleeping a moment of real time: a `VirtualTimeWorld`'s `idle()`.
    public func settle(with settle: @escaping @Sendable () async -> Void) {
        settler.withLock { $0 = settle }
    }

    /// Lets the work that time or an input woke run until it blocks again: the installed
    /// world's idleness, or else `ManualClock.settle()`.
    public func settle() async {
        if let settle = settler.withLock({ $0 }) {
            await settle()
        } else {
            await Self.settle()
        }
    }

    /// Returns once at least `count` tasks sleep on this clock (at once when they already do):
    /// a test waits for a component to reach its next timer without polling.
    public func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.sleeperWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Moves time forward by `duration`, waking sleepers one deadline at a time and letting woken
    /// tasks run (and sleep again) before moving on.
    public func advance(by duration: Duration) async {
        await advance(to: now.advanced(by: duration))
    }

    /// Moves time forward to `target` (never backwards), as `advance(by:)` does.
    public func advance(to target: Instant) async {
        await settle()
        while true {
            let due = state.withLock { state -> [Sleeper] in
                guard let next = state.sleepers.map(\.deadline).min(), next <= target else { return [] }
                state.now = max(state.now, next)
                let due = state.sleepers.filter { $0.deadline <= next }
                state.sleepers.removeAll { $0.deadline <= next }
                return due
            }
            if due.isEmpty { break }
            for sleeper in due { sleeper.continuation.resume() }
            await settle()
        }
        state.withLock { $0.now = max($0.now, target) }
        await settle()
    }

    /// Gives other tasks a chance to run until they block again, for tests without a
    /// `VirtualTimeWorld`: yields, then a moment of real time for work that hops between
    /// executors (this bounds how long one step of virtual time takes; it asserts nothing about
    /// timing). A station harness installs its world's idleness instead (`settle(with:)`).
    public static func settle() async {
        for _ in 0..<20 { await Task.yield() }
        try? await Task.sleep(for: .milliseconds(1))
        for _ in 0..<20 { await Task.yield() }
    }
}
