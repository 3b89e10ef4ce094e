// What the hardware reports to a 2.0.1 station (plugs, cards, EV behaviour, faults), fed to the
// charging core's connector machines, and the core's actions performed: energy, locks, and the
// transaction's begin and end as TransactionEvents.

import ChargingCore
import OCPP201
import StationHAL

extension Station201 {
    func handleHardware(_ event: HardwareEvent) async {
        switch event {
        case .connector(let connectorId, let connectorEvent):
            guard (1...connectors.count).contains(connectorId) else { return }
            switch connectorEvent {
            case .plugged:
                await perform(connectors[connectorId - 1].handle(.plugged), connectorId: connectorId)
                if transactions[connectorId] != nil {
                    await queueEvent(evseId: connectorId, .updated, trigger: .cablePluggedIn, meter: nil, context: .other, chargingState: .evConnected)
                } else if !startPoints.isDisjoint(with: [.evConnected, .parkingBayOccupancy]) {
                    await beginTransaction(evseId: connectorId, trigger: .cablePluggedIn, idToken: nil, tokenType: .iso14443)
                }
            case .unplugged:
                let stopsOnUnplug = !stopPoints.isDisjoint(with: [.evConnected, .powerPathClosed, .energyTransfer, .parkingBayOccupancy])
                await perform(connectors[connectorId - 1].handle(.unplugged(stopTransaction: stopsOnUnplug)), connectorId: connectorId)
                // A transaction begun at the plug that never reached the core's session ends too.
                if stopsOnUnplug, connectors[connectorId - 1].transaction == nil {
                    await endTransaction(evseId: connectorId, trigger: .evCommunicationLost, reason: .evDisconnected)
                }
            case .evSuspended: await perform(connectors[connectorId - 1].handle(.evSuspended), connectorId: connectorId)
            case .evResumed: await perform(connectors[connectorId - 1].handle(.evResumed), connectorId: connectorId)
            case .faultRaised(let fault): await perform(connectors[connectorId - 1].handle(.faultRaised(fault)), connectorId: connectorId)
            case .faultCleared(let fault): await perform(connectors[connectorId - 1].handle(.faultCleared(fault)), connectorId: connectorId)
            }
        case .cardPresented(let idTag, let connectorId):
            await cardPresented(idTag, connectorId: connectorId)
        case .faultRaised(let fault):
            for connector in connectors { await perform(connectors[connector.connectorId - 1].handle(.faultRaised(fault)), connectorId: connector.connectorId) }
        case .faultCleared(let fault):
            for connector in connectors { await perform(connectors[connector.connectorId - 1].handle(.faultCleared(fault)), connectorId: connector.connectorId) }
        }
    }

    /// Performs the charging core's actions for one connector, then reports its status.
    func perform(_ actions: [ConnectorStateMachine.Action], connectorId: Int) async {
        for action in actions {
            switch action {
            case .beginTransaction(let authorization):
                let meter = await meterWh(connectorId) ?? 0
                let record = TransactionRecord(
                    localId: nextLocalId, connectorId: connectorId, authorization: authorization, meterStartWh: Int(meter),
                    startTime: WallClockTime(millisecondsSince1970: now.millisecondsSince1970)
                )
                nextLocalId += 1
                if transactions[connectorId] == nil {
                    let pending = pendingTokens.removeValue(forKey: connectorId)
                    await beginTransaction(
                        evseId: connectorId, trigger: pending?.trigger ?? .authorized, idToken: authorization.idToken.value,
                        tokenType: pending?.type ?? .iso14443, remoteStartId: pending?.remoteStartId
                    )
                }
                await perform(connectors[connectorId - 1].handle(.transactionBegan(record)), connectorId: connectorId)
                await queueEvent(evseId: connectorId, .updated, trigger: .chargingStateChanged, meter: nil, context: .other)
            case .endTransaction(_, let reason, _):
                let (trigger, stopped) = Self.ending(reason)
                // The core's session ends; the 2.0.1 transaction ends with it unless the EV stays
                // connected and EVConnected is the only stop point that could still come.
                await endTransaction(evseId: connectorId, trigger: trigger, reason: stopped)
            case .offerEnergy(let enabled):
                // The smart-charging limit in force (see Station201+SmartCharging).
                await offer(energyOffer(evseId: connectorId, enabled: enabled), evseId: connectorId)
            case .unlock:
                try? await hardware.connectors[connectorId - 1].unlock()
            case .persistAvailability(let availability):
                do {
                    try store.saveAvailability(availability, connectorId: connectorId)
                } catch {
                    log("connector \(connectorId): availability not persisted: \(error)")
                }
            case .startConnectionTimer, .cancelConnectionTimer:
                break
            }
        }
        reportStatus(connectorId: connectorId)
    }

    /// The triggerReason and stoppedReason of a session the core ended for `reason`.
    static func ending(_ reason: StopReason) -> (TransactionEvent.TriggerReason, TransactionEvent.Reason) {
        switch reason {
        case .local: (.stopAuthorized, .local)
        case .remote: (.remoteStop, .remote)
        case .evDisconnected: (.evCommunicationLost, .evDisconnected)
        case .emergencyStop: (.abnormalCondition, .emergencyStop)
        case .powerLoss: (.abnormalCondition, .powerLoss)
        case .hardReset, .softReset: (.resetCommand, .immediateReset)
        case .reboot: (.resetCommand, .reboot)
        case .unlockCommand: (.unlockCommand, .other)
        case .deAuthorized: (.deauthorized, .deAuthorized)
        case .other: (.abnormalCondition, .other)
        }
    }
}
