// What a `Type=notify` unit learns from the station: READY=1 once it runs, WATCHDOG=1 while the
// station's input loop answers, STOPPING=1 at graceful shutdown.

public import ServiceLifecycle
public import StationHAL

/// Reports a station's life to systemd. Runs as a service beside the station's runner.
///
/// Behaviour choices:
/// - READY=1 is sent as soon as this service runs: the runner it watches is built, which means its
///   hardware and its store are (a failure there ends the process before this service exists).
/// - WATCHDOG=1 is sent every half WATCHDOG_USEC, each time after `alive` answered `true`. `alive`
///   goes through the station's input loop, so a loop that is stuck stops the pings and systemd
///   restarts the station (transactions survive that as they survive kill -9). A station being
///   rebuilt after a Reset answers `false` and skips a ping; it is back well within the interval.
/// - A notification that cannot be sent is logged the first time only; later ones are still tried.
public struct ServiceManagerNotifications<C: StationClock>: Service {
    let notifier: SystemdNotifier
    let clock: C
    let alive: @Sendable () async -> Bool
    let log: @Sendable (String) -> Void

    /// Notifications through `notifier`, pinging at the pace of `clock` while `alive` says so.
    public init(notifier: SystemdNotifier, clock: C, alive: @escaping @Sendable () async -> Bool, log: @escaping @Sendable (String) -> Void) {
        self.notifier = notifier
        self.clock = clock
        self.alive = alive
        self.log = log
    }

    /// Sends READY=1, pings until graceful shutdown, then sends STOPPING=1.
    public func run() async throws {
        var failed = send("READY=1", failedBefore: false)
        if let interval = notifier.watchdogInterval {
            log("watchdog: pinging the service manager every \(interval / 2)")
            failed = await cancelWhenGracefulShutdown { [failed] in
                var failedNow = failed
                while !Task.isCancelled {
                    do {
                        try await clock.sleep(for: interval / 2)
                    } catch {
                        break
                    }
                    if await alive() { failedNow = send("WATCHDOG=1", failedBefore: failedNow) }
                }
                return failedNow
            }
        } else {
            try? await gracefulShutdown()
        }
        _ = send("STOPPING=1", failedBefore: failed)
    }

    /// Sends `state`; returns whether a send failed, this one or one before (logged the first time).
    private func send(_ state: String, failedBefore: Bool) -> Bool {
        do {
            try notifier.send(state)
            return failedBefore
        } catch {
            if !failedBefore { log("\(error)") }
            return true
        }
    }
}
