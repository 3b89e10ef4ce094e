// Remote control and availability requests of a 2.0.1 station: TriggerMessage, UnlockConnector,
// ChangeAvailability (on the charging core's availability, persisted in the store),
// GetTransactionStatus and DataTransfer (no vendor is known).

import ChargingCore
import OCPP201
import StationHAL

extension Station201 {
    /// TriggerMessage: BootNotification (only while not accepted), Heartbeat, StatusNotification
    /// and TransactionEvent (an Updated event with triggerReason Trigger) are sent after the
    /// answer; other messages are answered NotImplemented.
    func trigger(_ request: TriggerMessage.Request) -> TriggerMessage.Response {
        let evseId = request.evse?.id
        if let evseId, !(1...connectors.count).contains(evseId) { return TriggerMessage.Response(status: .rejected) }
        switch request.requestedMessage {
        case .bootNotification:
            guard !isAccepted else { return TriggerMessage.Response(status: .rejected) }
            sendBoot()
        case .heartbeat:
            send(Heartbeat.Request())
        case .statusNotification:
            for connector in connectors where evseId == nil || connector.connectorId == evseId {
                reported[connector.connectorId] = nil
                reportStatus(connectorId: connector.connectorId)
            }
        case .transactionEvent:
            let running = transactions.keys.sorted().filter { evseId == nil || $0 == evseId }
            guard !running.isEmpty else { return TriggerMessage.Response(status: .rejected) }
            triggeredEvents = running
        case .firmwareStatusNotification where files != nil:
            triggerFirmwareStatus()
        case .logStatusNotification where files != nil:
            triggerLogStatus()
        case .signChargingStationCertificate:
            guard requestChargingStationCertificate() else { return TriggerMessage.Response(status: .rejected) }
        default:
            return TriggerMessage.Response(status: .notImplemented)
        }
        return TriggerMessage.Response(status: .accepted)
    }

    /// Queues the Updated events a TriggerMessage asked for (after its answer was made).
    func sendTriggeredEvents() async {
        let evses = triggeredEvents
        triggeredEvents = []
        for evseId in evses {
            await queueEvent(evseId: evseId, .updated, trigger: .trigger, meter: await meterWh(evseId), context: .trigger)
        }
    }

    /// UnlockConnector: refused while the EVSE has a transaction; else the lock is opened.
    func unlock(_ request: UnlockConnector.Request) async -> UnlockConnector.Response {
        guard (1...connectors.count).contains(request.evseId), request.connectorId == 1 else {
            return UnlockConnector.Response(status: .unknownConnector)
        }
        guard transactions[request.evseId] == nil else { return UnlockConnector.Response(status: .ongoingAuthorizedTransaction) }
        do {
            try await hardware.connectors[request.evseId - 1].unlock()
            return UnlockConnector.Response(status: .unlocked)
        } catch {
            log("EVSE \(request.evseId): unlock failed: \(error)")
            return UnlockConnector.Response(status: .unlockFailed)
        }
    }

    /// ChangeAvailability of one EVSE or (without evse) of every EVSE: Scheduled when a
    /// transaction runs on one of them (the change follows its end), else Accepted. The
    /// availability is kept in the store per connector, as 1.6 keeps it.
    func changeAvailability(_ request: ChangeAvailability.Request) async -> ChangeAvailability.Response {
        let evseId = request.evse?.id
        if let evseId, !(1...connectors.count).contains(evseId) { return ChangeAvailability.Response(status: .rejected) }
        let requested: Availability = request.operationalStatus == .operative ? .operative : .inoperative
        var scheduled = false
        for connector in connectors where evseId == nil || connector.connectorId == evseId {
            let id = connector.connectorId
            let (answer, actions) = connectors[id - 1].changeAvailability(requested)
            if answer == .scheduled || transactions[id] != nil { scheduled = true }
            await perform(actions, connectorId: id)
        }
        return ChangeAvailability.Response(status: scheduled ? .scheduled : .accepted)
    }

    /// GetTransactionStatus: whether TransactionEvents wait in the queue (of that transaction,
    /// when one is named) and whether the named transaction still runs.
    func transactionStatus(_ request: GetTransactionStatus.Request) -> GetTransactionStatus.Response {
        let waiting = (try? queue.all()) ?? []
        guard let id = request.transactionId?.value else {
            return GetTransactionStatus.Response(messagesInQueue: !waiting.isEmpty)
        }
        let queued = waiting.contains { $0["transactionInfo"]?["transactionId"] == .string(id) }
        return GetTransactionStatus.Response(ongoingIndicator: transactions.values.contains { $0.id == id }, messagesInQueue: queued)
    }
}
