// One station-initiated CALL in flight at a time: callers wait their turn in arrival order.

/// A first-come, first-served lock for the single outgoing CALL. Call from any isolation.
actor CallSlot {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Waits until the slot is free and takes it.
    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Frees the slot for the next waiter.
    func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
