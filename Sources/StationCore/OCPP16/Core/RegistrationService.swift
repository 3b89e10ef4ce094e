// Registration with the central system as a value: BootNotification after every (re)boot and its
// answer (Accepted, Pending, Rejected), the retry interval, the heartbeat, the central system's
// clock, and what a connection change means. No I/O: the owner sends, schedules and enables
// delivery as the returned actions say.
//
// Choices where OCPP 1.6 leaves one:
// - A BootNotification without an answer is sent again after the station's boot retry interval.
// - Pending and Rejected wait the answer's interval (the retry interval when it is 0), send
//   nothing of their own meanwhile, then boot again.
// - Accepted adopts `interval` as HeartbeatInterval (when above 0) and the central system's clock.
// - After a reconnect (not a reboot) no BootNotification is sent; statuses that changed while
//   offline are sent again.

import OCPP

/// The station's registration. Owned by the Station actor.
struct RegistrationService {
    /// What the owner must do, in order.
    enum Action: Equatable {
        /// Send BootNotification.
        case sendBootNotification
        /// Send BootNotification again after this delay.
        case retryBoot(after: Duration)
        case cancelBootRetry
        /// Adopt the answer's interval as HeartbeatInterval.
        case adoptHeartbeatInterval(Int)
        /// Restart (or stop, when not accepted) the heartbeat timer.
        case scheduleHeartbeat
        case stopHeartbeat
        /// Start or pause the delivery of queued transaction messages.
        case deliverTransactionMessages(Bool)
        /// The station was accepted: every status goes out again, an installed firmware is reported.
        case accepted
        /// Reconnected while accepted: statuses that changed while offline go out again.
        case reconnected
        case log(String)
    }

    /// The answer to the last BootNotification: nil until one was answered.
    private(set) var status: BootNotification.RegistrationStatus?
    /// Whether the link to the central system is up.
    private(set) var connected = false
    /// Whether a BootNotification waits for its answer.
    private(set) var bootInFlight = false
    /// The central system's clock minus the station's, ms (0 until accepted).
    private(set) var clockOffsetMilliseconds: Int64 = 0

    /// Whether the station is accepted.
    var isAccepted: Bool { status == .accepted }

    /// Whether the station may ask the central system now (connected and accepted).
    var canAskCentralSystem: Bool { connected && isAccepted }

    /// A BootNotification is due (boot, retry timer or TriggerMessage).
    mutating func bootDue() -> [Action] {
        guard !bootInFlight else { return [] }
        bootInFlight = true
        return [.sendBootNotification]
    }

    /// The BootNotification was answered (or not) when the station's clock read `stationTime`;
    /// without an answer it is retried after `retryInterval`.
    mutating func bootAnswered(_ result: Result<BootNotification.Response, LinkError>, stationTime: Timestamp, retryInterval: Duration) -> [Action] {
        bootInFlight = false
        switch result {
        case .failure(let error):
            return [.log("BootNotification not answered (\(error)); again in \(retryInterval)"), .retryBoot(after: retryInterval)]
        case .success(let response):
            status = response.status
            switch response.status {
            case .accepted:
                clockOffsetMilliseconds = response.currentTime.millisecondsSince1970 - stationTime.millisecondsSince1970
                let adopt: [Action] = response.interval > 0 ? [.adoptHeartbeatInterval(response.interval)] : []
                return adopt + [.cancelBootRetry, .accepted, .scheduleHeartbeat, .deliverTransactionMessages(true)]
            case .pending, .rejected:
                let wait = response.interval > 0 ? response.interval : Int(retryInterval.components.seconds)
                return [
                    .log("registration \(response.status.rawValue); BootNotification again in \(wait) s"), .deliverTransactionMessages(false), .stopHeartbeat,
                    .retryBoot(after: .seconds(wait)),
                ]
            }
        }
    }

    /// The link came up.
    mutating func linkConnected() -> [Action] {
        connected = true
        switch status {
        case nil:
            // Never answered yet: boot now.
            return [.cancelBootRetry] + bootDue()
        case .pending, .rejected:
            return []   // The interval of the answer decides when to boot again.
        case .accepted:
            return [.reconnected, .scheduleHeartbeat]
        }
    }

    /// The link went down.
    mutating func linkDisconnected() {
        connected = false
    }

    /// The heartbeat timer fired: a Heartbeat is due while connected and accepted.
    func heartbeatDue() -> Bool { canAskCentralSystem }
}
