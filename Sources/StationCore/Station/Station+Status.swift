// Status notifications: the status of each connector (and of connector 0, the station) is
// derived after every input and sent when it changed, after MinimumStatusDuration when set,
// and only once the station is registered.

import OCPP

extension Station {
    /// The status to report for `connectorId` (0 = the charge point as a whole, which only ever
    /// reports Available, Unavailable or Faulted).
    func effectiveStatus(of connectorId: Int) -> StatusReport {
        if connectorId == 0 {
            let fatal = stationFaults.filter(\.isFatal)
            let errorCode = (fatal.isEmpty ? stationFaults : fatal).map(\.errorCode).sorted { $0.rawValue < $1.rawValue }.first ?? .noError
            if !fatal.isEmpty { return StatusReport(status: .faulted, errorCode: errorCode) }
            return StatusReport(status: stationAvailability == .inoperative ? .unavailable : .available, errorCode: errorCode)
        }
        let machine = connectors[connectorId - 1]
        return StatusReport(status: machine.status, errorCode: machine.errorCode)
    }

    /// Sends the statuses that changed since they were last notified.
    func publishStatuses() async {
        guard registration.isAccepted else { return }
        for connectorId in 0...connectors.count {
            await publishStatus(connectorId: connectorId, stableFor: false)
        }
    }

    /// Sends the status of one connector if it changed. With MinimumStatusDuration set, a change
    /// is sent only once it has lasted that long (`stableFor` is true when that timer fired).
    func publishStatus(connectorId: Int, stableFor timerFired: Bool) async {
        guard registration.isAccepted, awaitingDelivery[connectorId]?.isEmpty ?? true else { return }
        let current = effectiveStatus(of: connectorId)
        guard current != notified[connectorId] else {
            cancelTimer(.minimumStatusDuration(connectorId: connectorId))
            return
        }
        let minimum = configuration.int(.minimumStatusDuration)
        let isFirstReport = notified[connectorId] == nil
        if minimum > 0, !timerFired, !isFirstReport {
            if !isTimerSet(.minimumStatusDuration(connectorId: connectorId)) || statusChangedAt[connectorId] == nil {
                statusChangedAt[connectorId] = clock.now
            }
            startTimer(.minimumStatusDuration(connectorId: connectorId), after: .seconds(minimum))
            return
        }
        statusChangedAt[connectorId] = nil
        sendStatus(connectorId: connectorId, current)
    }

    /// Sends `report` as the status of `connectorId` and remembers it as notified.
    func sendStatus(connectorId: Int, _ report: StatusReport) {
        notified[connectorId] = report
        let info: CiString<50>? = connectorId == 0 && stationFaults.contains(.emergencyStop) ? "EmergencyStop" : nil
        let request = StatusNotification.Request(connectorId: connectorId, errorCode: report.errorCode, info: info, status: report.status, timestamp: now)
        enqueue(.statusNotification(request, report))
    }
}
