// Registration with the central system (BootNotification: Accepted, Pending, Rejected), the
// heartbeat, and what the link reports (connection changes, answers to transaction messages).

import OCPP

extension Station {
    func sendBootNotification() {
        perform(registration.bootDue())
    }

    func handleBootAnswer(_ result: Result<BootNotification.Response, LinkError>) {
        let offset = registration.clockOffsetMilliseconds
        perform(registration.bootAnswered(result, stationTime: Timestamp(clock.wallTime), retryInterval: settings.bootRetryInterval))
        clockSet(from: offset)
    }

    /// Restarts the heartbeat timer: a Heartbeat goes out when nothing was sent for
    /// HeartbeatInterval seconds.
    func scheduleHeartbeat() {
        let interval = configuration.int(.heartbeatInterval)
        guard registration.isAccepted, interval > 0 else {
            cancelTimer(.heartbeat)
            return
        }
        startTimer(.heartbeat, after: .seconds(interval))
    }

    func sendHeartbeat() {
        if registration.heartbeatDue() { enqueue(.heartbeat) }
        scheduleHeartbeat()
    }

    /// Performs the RegistrationService's actions in order.
    func perform(_ actions: [RegistrationService.Action]) {
        for action in actions {
            switch action {
            case .sendBootNotification:
                var identity = settings.identity
                if let version = firmware.installedVersion { identity.firmwareVersion = CiString(truncating: version) }
                enqueue(.bootNotification(identity))
            case .retryBoot(let delay): startTimer(.bootRetry, after: delay)
            case .cancelBootRetry: cancelTimer(.bootRetry)
            case .adoptHeartbeatInterval(let interval):
                if case .accepted = configuration.change(ConfigurationKey.heartbeatInterval.rawValue, to: String(interval)) {
                    try? store.saveConfiguration(.heartbeatInterval, value: String(interval))
                }
            case .scheduleHeartbeat: scheduleHeartbeat()
            case .stopHeartbeat: cancelTimer(.heartbeat)
            case .deliverTransactionMessages(let enabled): link.setTransactionMessageDelivery(enabled: enabled)
            case .accepted:
                log("registration accepted; heartbeat every \(configuration.int(.heartbeatInterval)) s")
                perform(firmware.bootAccepted())
                checkChargePointCertificateExpiry()
                // Every connector's status goes out after acceptance.
                statuses.registered()
            case .reconnected:
                // Statuses that changed while offline are sent again with their current value.
                statuses.reconnected()
            case .log(let line): log(line)
            }
        }
    }

    func handleLink(_ event: LinkEvent) async {
        switch event {
        case .connected:
            perform(registration.linkConnected())
        case .disconnected:
            registration.linkDisconnected()
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
            if action == .startTransaction || action == .stopTransaction { delivered(localId) }
        case .securityFailure(let kind, let techInfo):
            raiseSecurityEvent(kind, techInfo: techInfo)
        case .securityEventDelivered:
            break   // a reboot waiting for the queue looks again after every input

        }
    }

    /// The StartTransaction or StopTransaction of `localId` is out of the queue: the connector's
    /// status may follow it.
    private func delivered(_ localId: Int64) {
        statuses.delivered(localId)
    }

    private func transactionIdTag(localId: Int64) -> IdToken? {
        connectors.first(where: { $0.transaction?.localId == localId })?.transaction?.authorization.idToken.idTag
    }
}
