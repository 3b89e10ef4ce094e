// The 2.0.1 station's own CALLs that need no answer back (StatusNotification, a triggered
// Heartbeat, NotifyReport parts): sent in the order they were made by one task, so that the
// central system sees Occupied before Available, never the other way.

import OCPP201
import StationHAL

/// One CALL waiting in the outbox.
typealias OutboxCall201 = @Sendable () async -> Void

extension Station201 {
    /// Queues `request`; it is sent after every CALL queued before it. A CALL that finds the link
    /// down is dropped (statuses are sent again on every reconnect).
    func send<R: OCPPRequest>(_ request: R) {
        let link = link
        outbox.continuation.yield { _ = try? await link.call(request) }
    }

    /// Sends the outbox's CALLs one after the other until the station stops.
    func startOutbox() -> Task<Void, Never> {
        let stream = outbox.stream
        return StationTask.spawn {
            for await call in stream { await call() }
        }
    }
}
