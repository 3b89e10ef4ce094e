// A reboot the station owes, as a value: asked for by Reset (soft or hard) or by a finished
// firmware installation, it happens once the station's own messages about it are out (the
// StopTransactions queued by the reset, the FirmwareStatusNotification Installing), or while the
// link is down (they wait in the store for the next boot), or at a bounded deadline.

import OCPP

/// The pending reboot and the decision to leave `run()` for it. Owned by the Station actor.
struct RebootPlan {
    /// The reset asked for, until the station reboots.
    private(set) var pending: Reset.ResetType?
    /// Set once the station leaves its run loop: the reset it reboots for.
    private(set) var exit: StationExit?

    /// Whether a reboot is pending (no new session, no new reservation).
    var isPending: Bool { pending != nil }

    /// Asks for a reboot of `type`.
    mutating func request(_ type: Reset.ResetType) {
        pending = type
    }

    /// Decides whether to reboot now: `deadlinePassed` when the bounded wait ended; otherwise only
    /// once no FirmwareStatusNotification is on its way and either the link cannot deliver
    /// (`online` false) or no transaction message waits (`queuedMessages` 0). True when the
    /// station must leave its run loop.
    mutating func decide(deadlinePassed: Bool, notificationsInFlight: Int, online: Bool, queuedMessages: Int) -> Bool {
        guard let type = pending, deadlinePassed || notificationsInFlight == 0 else { return false }
        guard deadlinePassed || !online || queuedMessages == 0 else { return false }
        exit = .reset(type)
        return true
    }
}
