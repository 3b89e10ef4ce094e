// Routing of status notifications: the status of each connector (and of connector 0, the
// station) is derived after every input and handed to the StatusReporter, which decides what goes
// out; only a registered station sends.

import OCPP

extension Station {
    /// The status to report for `connectorId` (0 = the charge point as a whole, which only ever
    /// reports Available, Unavailable or Faulted).
    func effectiveStatus(of connectorId: Int) -> StatusReport {
        if connectorId == 0 {
            return StatusReport(status: charger.phase.ocpp16Status, errorCode: charger.reportedFault?.errorCode ?? .noError)
        }
        let machine = connectors[connectorId - 1]
        return StatusReport(status: machine.status, errorCode: machine.errorCode)
    }

    /// Sends the statuses that changed since they were last notified.
    func publishStatuses() {
        guard registration.isAccepted else { return }
        for connectorId in 0...connectors.count {
            publishStatus(connectorId: connectorId, stableFor: false)
        }
    }

    /// Sends the status of one connector if it changed. With MinimumStatusDuration set, a change
    /// is sent only once it has lasted that long (`stableFor` is true when that timer fired).
    func publishStatus(connectorId: Int, stableFor timerFired: Bool) {
        guard registration.isAccepted else { return }
        perform(statuses.publish(
            connectorId: connectorId, current: effectiveStatus(of: connectorId), minimumDuration: configuration.int(.minimumStatusDuration),
            timerFired: timerFired
        ))
    }

    /// Sends `report` as the status of `connectorId` (a triggered or conflict report).
    func sendStatus(connectorId: Int, _ report: StatusReport) {
        perform(statuses.sent(connectorId: connectorId, report))
    }

    /// Performs the StatusReporter's actions.
    func perform(_ actions: [StatusReporter.Action]) {
        for action in actions {
            switch action {
            case .send(let connectorId, let report):
                let info: CiString<50>? = connectorId == 0 && charger.faults.contains(.emergencyStop) ? "EmergencyStop" : nil
                let request = StatusNotification.Request(connectorId: connectorId, errorCode: report.errorCode, info: info, status: report.status, timestamp: now)
                enqueue(.statusNotification(request, report))
            case .holdBack(let connectorId, let seconds): startTimer(.minimumStatusDuration(connectorId: connectorId), after: .seconds(seconds))
            case .cancelHoldBack(let connectorId): cancelTimer(.minimumStatusDuration(connectorId: connectorId))
            }
        }
    }
}
