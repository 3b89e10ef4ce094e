// The link's timer: one task watches the deadlines of the CALLs on the wire and the connection's
// keep-alive (WebSocket pings), instead of a timer task per CALL that its answer must cancel (a
// wake-up of its own per message, which a queue drained at the speed of the link cannot afford)
// and a ping task per connection.

import OCPP
import StationHAL

extension LinkClient {
    /// Starts the response timeout of the CALL `id`, just written. Call on the client actor.
    func startTimeout(for id: MessageId) {
        guard pending[id] != nil else { return }
        let deadline = clock.now.advanced(by: settings.responseTimeout)
        deadlines[id] = deadline
        watch(until: deadline)
    }

    /// Sends the first keep-alive of `opened` one interval from now, and each next one an
    /// interval later, while it stays open.
    func startKeepAlive(for opened: any FrameConnection) {
        guard let interval = opened.keepAliveInterval else { return }
        let due = clock.now.advanced(by: interval)
        nextKeepAlive = due
        watch(until: due)
    }

    /// Makes sure the watcher wakes no later than `time`. A CALL's deadline comes after every
    /// earlier one, so the watcher is restarted only when it sleeps until a later keep-alive.
    private func watch(until time: C.Instant) {
        if deadlineWatch != nil, let target = watchTarget, target <= time { return }
        deadlineWatch?.cancel()
        watchTarget = time
        deadlineWatch = StationTask.spawn { await self.watchTimes() }
    }

    /// The earliest time the watcher must act at, if any.
    private var nextWake: C.Instant? {
        [deadlines.values.min(), nextKeepAlive].compactMap { $0 }.min()
    }

    /// Sleeps until the next time, fails the CALLs past their deadline with `.timeout`, sends the
    /// keep-alive when it is due, and ends when nothing is left to watch (or when cancelled: the
    /// connection closed, or an earlier time came in).
    private func watchTimes() async {
        while let earliest = nextWake {
            watchTarget = earliest
            do {
                try await clock.sleep(until: earliest, tolerance: nil)
            } catch {
                return
            }
            let now = clock.now
            for (id, deadline) in deadlines where deadline <= now {
                resolveIfPending(id, .failure(.timeout))
            }
            if let due = nextKeepAlive, due <= now {
                keepAliveDue(at: due)
            }
        }
        deadlineWatch = nil
        watchTarget = nil
    }

    /// Sends the connection's keep-alive and plans the next one; none after a connection that
    /// found its peer gone (it is closing).
    private func keepAliveDue(at due: C.Instant) {
        guard let connection, let interval = connection.keepAliveInterval, connection.keepAlive() else {
            nextKeepAlive = nil
            return
        }
        nextKeepAlive = due.advanced(by: interval)
    }
}
