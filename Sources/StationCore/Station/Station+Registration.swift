// Registration with the central system (BootNotification: Accepted, Pending, Rejected), the
// heartbeat, and what the link reports (connection changes, answers to transaction messages).

import OCPP

extension Station {
    func sendBootNotification() {
        guard !bootInFlight else { return }
        bootInFlight = true
        var identity = settings.identity
        if let version = firmware.installedVersion { identity.firmwareVersion = CiString(truncating: version) }
        enqueue(.bootNotification(identity))
    }

    func handleBootAnswer(_ result: Result<BootNotification.Response, LinkError>) {
        bootInFlight = false
        switch result {
        case .failure(let error):
            log("BootNotification not answered (\(error)); again in \(settings.bootRetryInterval)")
            startTimer(.bootRetry, after: settings.bootRetryInterval)
        case .success(let response):
            registration = response.status
            switch response.status {
            case .accepted:
                wallClockOffset = Double(response.currentTime.millisecondsSince1970 - Timestamp(clock.wallTime).millisecondsSince1970) / 1000
                if response.interval > 0 {
                    if case .accepted = configuration.change(ConfigurationKey.heartbeatInterval.rawValue, to: String(response.interval)) {
                        try? store.saveConfiguration(.heartbeatInterval, value: String(response.interval))
                    }
                }
                log("registration accepted; heartbeat every \(configuration.int(.heartbeatInterval)) s")
                cancelTimer(.bootRetry)
                perform(firmware.bootAccepted())
                // Every connector's status goes out after acceptance.
                notified = [:]
                scheduleHeartbeat()
                link.setTransactionMessageDelivery(enabled: true)
            case .pending, .rejected:
                let wait = response.interval > 0 ? response.interval : Int(settings.bootRetryInterval.components.seconds)
                log("registration \(response.status.rawValue); BootNotification again in \(wait) s")
                link.setTransactionMessageDelivery(enabled: false)
                cancelTimer(.heartbeat)
                startTimer(.bootRetry, after: .seconds(wait))
            }
        }
    }

    /// Restarts the heartbeat timer: a Heartbeat goes out when nothing was sent for
    /// HeartbeatInterval seconds.
    func scheduleHeartbeat() {
        let interval = configuration.int(.heartbeatInterval)
        guard registration == .accepted, interval > 0 else {
            cancelTimer(.heartbeat)
            return
        }
        startTimer(.heartbeat, after: .seconds(interval))
    }

    func sendHeartbeat() {
        guard registration == .accepted, connected else {
            scheduleHeartbeat()
            return
        }
        enqueue(.heartbeat)
        scheduleHeartbeat()
    }

    func handleLink(_ event: LinkEvent) async {
        switch event {
        case .connected:
            connected = true
            if registration != .accepted {
                // Never answered yet: boot now. Pending or Rejected: wait for the interval.
                if registration == nil {
                    cancelTimer(.bootRetry)
                    sendBootNotification()
                }
                return
            }
            // After a reconnect (not a reboot): no BootNotification; statuses that changed while
            // offline are sent again with their current value.
            for connectorId in 0...connectors.count where acknowledged[connectorId] != notified[connectorId] {
                notified[connectorId] = nil
            }
            scheduleHeartbeat()
        case .disconnected:
            connected = false
        case .startTransactionAnswered(let localId, let response):
            delivered(localId)
            let connectorId = (connectors.firstIndex(where: { $0.transaction?.localId == localId }) ?? -1) + 1
            learnIdTagInfo(of: transactionIdTag(localId: localId), response.idTagInfo, connectorId: connectorId)
            guard let index = connectors.firstIndex(where: { $0.transaction?.localId == localId }) else { return }
            _ = connectors[index].handle(.startConfirmed(transactionId: response.transactionId))
            if let record = connectors[index].transaction { try? store.updateTransaction(record) }
            installPendingTxProfile(connectorId: index + 1)
            if response.idTagInfo.status != .accepted {
                log("connector \(index + 1): central system refused the idTag of transaction \(response.transactionId): \(response.idTagInfo.status.rawValue)")
                await handleRefusedTransaction(connectorId: index + 1)
            }
        case .stopTransactionAnswered(let localId, let idTag, let response):
            delivered(localId)
            if let idTag, let info = response.idTagInfo { learnIdTagInfo(of: idTag, info, connectorId: 0) }
        case .transactionMessageDropped(let localId, let action):
            if action != .meterValues { delivered(localId) }
        }
    }

    /// The StartTransaction or StopTransaction of `localId` is out of the queue: the connector's
    /// status may follow it.
    private func delivered(_ localId: Int64) {
        for (connectorId, waiting) in awaitingDelivery {
            guard let index = waiting.firstIndex(of: localId) else { continue }
            awaitingDelivery[connectorId]?.remove(at: index)
        }
    }

    private func transactionIdTag(localId: Int64) -> IdToken? {
        connectors.first(where: { $0.transaction?.localId == localId })?.transaction?.authorization.idToken.idTag
    }
}
