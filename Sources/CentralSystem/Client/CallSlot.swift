// One station-initiated CALL in flight at a time: callers wait their turn in arrival order.

/// A first-come, first-served lock for the single outgoing CALL, owned by the client actor (a
/// value in its state, not an actor of its own: taking and freeing it costs no hop per message).
struct CallSlot {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Takes the slot when it is free; false when the caller must `wait`.
    mutating func take() -> Bool {
        guard !busy else { return false }
        busy = true
        return true
    }

    /// Parks a caller until the slot is handed to it by `release`.
    mutating func wait(_ continuation: CheckedContinuation<Void, Never>) {
        waiters.append(continuation)
    }

    /// Frees the slot, or hands it to the next waiter.
    mutating func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
