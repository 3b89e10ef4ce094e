// A reboot as the central system sees it: the old WebSocket ends with a Close frame (going away)
// and a new connection opens before the BootNotification, as a rebooting board's would.

extension LinkClient {
    /// Closes the connection as a rebooting charger does and connects again at once (no backoff).
    ///
    /// Waits first until every answer to a central-system CALL has been written (the Reset's answer
    /// goes out on the old connection) and `settings.rebootDelay` has passed, then sends a Close
    /// frame with 1001 (going away), waits for the closing handshake (bounded) and returns once
    /// the old connection is gone: whatever the station sends from then on (its BootNotification)
    /// goes over the new connection. When no connection is open the client is reconnecting already
    /// and this returns at once. Call after the old station stopped and before the new one is
    /// attached.
    public func reconnectForReboot() async {
        await answersWritten()
        if settings.rebootDelay > .zero {
            try? await clock.sleep(until: clock.now.advanced(by: settings.rebootDelay), tolerance: nil)
            // Requests that came meanwhile (the stopped station refuses them) are answered first too.
            await answersWritten()
        }
        guard let opened = connection else { return }
        let closedBefore = disconnections
        reconnectAtOnce = true
        log("rebooting: closing the connection to the central system")
        await opened.close(.goingAway)
        while disconnections == closedBefore {
            await withCheckedContinuation { disconnectionWaiters.append($0) }
        }
    }

    /// The run loop let go of a connection.
    func connectionClosed() {
        disconnections += 1
        let waiting = disconnectionWaiters
        disconnectionWaiters = []
        for waiter in waiting { waiter.resume() }
    }
}
