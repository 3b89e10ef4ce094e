// The response timeout of station CALLs: one task watches the deadlines of the CALLs on the wire,
// instead of a timer task per CALL that its answer must cancel (a wake-up of its own per message,
// which a queue drained at the speed of the link cannot afford).

import OCPP
import StationHAL

extension LinkClient {
    /// Starts the response timeout of the CALL `id`, just written. Call on the client actor.
    func startTimeout(for id: MessageId) {
        guard pending[id] != nil else { return }
        deadlines[id] = clock.now.advanced(by: settings.responseTimeout)
        guard deadlineWatch == nil else { return }
        deadlineWatch = StationTask.spawn { await self.watchDeadlines() }
    }

    /// Sleeps until the earliest deadline, fails the CALLs past theirs with `.timeout`, and ends
    /// when no deadline is left (or when cancelled: the connection closed).
    private func watchDeadlines() async {
        while let earliest = deadlines.values.min() {
            do {
                try await clock.sleep(until: earliest, tolerance: nil)
            } catch {
                return
            }
            let now = clock.now
            for (id, deadline) in deadlines where deadline <= now {
                resolveIfPending(id, .failure(.timeout))
            }
        }
        deadlineWatch = nil
    }
}
