// What the station asks of its link from outside the link's actor (messages queued, delivery on
// or off, the retry policy), kept in the order asked, and the wake-up of the queue runner that
// applies them: no task of its own waits for these commands.

import Synchronization

/// The commands for the link and the queue runner's wake-up. Safe to use from any isolation.
final class LinkMailbox: Sendable {
    private struct State {
        var commands: [LinkCommand] = []
        /// The queue runner, while it waits for a signal.
        var waiter: CheckedContinuation<Void, Never>?
        /// A signal came while the runner was not waiting: its next wait returns at once.
        var signalled = false

        /// The waiting runner to resume, or nil after noting the signal for the next wait.
        mutating func wakeUp() -> CheckedContinuation<Void, Never>? {
            guard let waiter else {
                signalled = true
                return nil
            }
            self.waiter = nil
            return waiter
        }
    }

    private let state = Mutex(State())

    /// Adds `command` (applied after the ones before it) and wakes the runner.
    func post(_ command: LinkCommand) {
        let waiter = state.withLock { state in
            state.commands.append(command)
            return state.wakeUp()
        }
        waiter?.resume()
    }

    /// Wakes the runner, or makes its next wait return at once.
    func signal() {
        state.withLock { $0.wakeUp() }?.resume()
    }

    /// Returns once signalled (at once if a signal came since the last wait).
    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                guard state.signalled else {
                    state.waiter = continuation
                    return false
                }
                state.signalled = false
                return true
            }
            if now { continuation.resume() }
        }
    }

    /// The commands posted since the last call, in order.
    func take() -> [LinkCommand] {
        state.withLock { state in
            defer { state.commands = [] }
            return state.commands
        }
    }
}
