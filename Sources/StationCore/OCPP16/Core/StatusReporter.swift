// StatusNotification rules as a value: which status of each connector (0 = the charge point)
// goes out and when. A status is sent when it differs from the one last sent; with
// MinimumStatusDuration set, a change is sent only once it has lasted that long; a connector's
// status waits while its StartTransaction or StopTransaction is undelivered, so that the central
// system sees StartTransaction before Charging and StopTransaction before Finishing.

import OCPP

/// A status as reported in StatusNotification.
struct StatusReport: Equatable, Sendable {
    var status: ChargePointStatus
    var errorCode: ChargePointErrorCode
}

/// What the station told the central system about its statuses. Owned by the Station actor.
struct StatusReporter {
    /// What the owner must do.
    enum Action: Equatable {
        /// Send StatusNotification for the connector.
        case send(connectorId: Int, StatusReport)
        /// Fire `minimumStatusDuration` for the connector after this many seconds.
        case holdBack(connectorId: Int, seconds: Int)
        case cancelHoldBack(connectorId: Int)
    }

    /// Statuses sent (or waiting for MinimumStatusDuration), by connector.
    private var notified: [Int: StatusReport] = [:]
    /// Statuses the central system acknowledged, by connector.
    private var acknowledged: [Int: StatusReport] = [:]
    /// Connectors whose changed status waits for MinimumStatusDuration.
    private var heldBack: Set<Int> = []
    /// Connectors whose changed status has lasted MinimumStatusDuration (and may wait for a
    /// transaction message).
    private var lasted: Set<Int> = []
    /// Transactions whose StartTransaction or StopTransaction is not delivered yet, by connector.
    private var undelivered: [Int: [Int64]] = [:]

    /// Decides about connector `connectorId`'s `current` status; `minimumDuration` is
    /// MinimumStatusDuration in seconds, `timerFired` true when its hold-back timer fired.
    mutating func publish(connectorId: Int, current: StatusReport, minimumDuration: Int, timerFired: Bool) -> [Action] {
        if timerFired, heldBack.remove(connectorId) != nil { lasted.insert(connectorId) }
        guard current != notified[connectorId] else {
            lasted.remove(connectorId)
            guard heldBack.remove(connectorId) != nil else { return [] }
            return [.cancelHoldBack(connectorId: connectorId)]
        }
        let isFirstReport = notified[connectorId] == nil
        if minimumDuration > 0, !isFirstReport, !lasted.contains(connectorId) {
            // Measured from the change (also while a transaction message is undelivered): a
            // timer already running is not restarted.
            guard heldBack.insert(connectorId).inserted else { return [] }
            return [.holdBack(connectorId: connectorId, seconds: minimumDuration)]
        }
        guard undelivered[connectorId]?.isEmpty ?? true else { return [] }
        return sent(connectorId: connectorId, current)
    }

    /// `report` goes out as connector `connectorId`'s status (also a triggered or conflict report).
    mutating func sent(connectorId: Int, _ report: StatusReport) -> [Action] {
        notified[connectorId] = report
        lasted.remove(connectorId)
        let cancel: [Action] = heldBack.remove(connectorId) != nil ? [.cancelHoldBack(connectorId: connectorId)] : []
        return cancel + [.send(connectorId: connectorId, report)]
    }

    /// The central system acknowledged `report` for the connector.
    mutating func acknowledged(connectorId: Int, _ report: StatusReport) {
        acknowledged[connectorId] = report
    }

    /// Accepted after a boot: every status goes out again.
    mutating func registered() {
        notified = [:]
    }

    /// Reconnected: statuses whose last notification was not acknowledged go out again.
    mutating func reconnected() {
        for (connectorId, report) in notified where acknowledged[connectorId] != report {
            notified[connectorId] = nil
        }
    }

    /// A transaction message of `localId` on `connectorId` was queued: its status waits for it.
    mutating func awaitDelivery(of localId: Int64, connectorId: Int) {
        undelivered[connectorId, default: []].append(localId)
    }

    /// Whether a StartTransaction or StopTransaction is still on its way to the central system.
    var transactionMessagesUndelivered: Bool { undelivered.values.contains { !$0.isEmpty } }

    /// The StartTransaction or StopTransaction of `localId` is out of the queue.
    mutating func delivered(_ localId: Int64) {
        for (connectorId, waiting) in undelivered {
            guard let index = waiting.firstIndex(of: localId) else { continue }
            undelivered[connectorId]?.remove(at: index)
        }
    }
}
