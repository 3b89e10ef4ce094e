// What the hardware reports: plugs, EV behaviour, faults (per connector or station-wide), cards.

import ChargingCore
import StationHAL

extension Station {
    func handleHardware(_ event: HardwareEvent) async {
        switch event {
        case .connector(let connectorId, let connectorEvent):
            guard (1...connectors.count).contains(connectorId) else {
                log("hardware event for unknown connector \(connectorId) ignored")
                return
            }
            let machineEvent: ConnectorStateMachine.Event
            switch connectorEvent {
            case .plugged: machineEvent = .plugged
            case .unplugged: machineEvent = .unplugged(stopTransaction: configuration.bool(.stopTransactionOnEVSideDisconnect))
            case .evSuspended: machineEvent = .evSuspended
            case .evResumed: machineEvent = .evResumed
            case .faultRaised(let fault):
                log("connector \(connectorId): fault \(fault.rawValue)")
                machineEvent = .faultRaised(fault)
            case .faultCleared(let fault):
                log("connector \(connectorId): fault \(fault.rawValue) cleared")
                machineEvent = .faultCleared(fault)
            }
            let wasRunning = connectors[connectorId - 1].transaction
            await perform(connectors[connectorId - 1].handle(machineEvent), connectorId: connectorId)
            if connectorEvent == .unplugged, wasRunning != nil, configuration.bool(.unlockConnectorOnEVSideDisconnect) {
                await unlock(connectorId: connectorId)
            }
        case .cardPresented(let idTag, let connectorId):
            await cardPresented(idTag: idTag, connectorId: connectorId)
        case .faultRaised(let fault):
            log("station fault \(fault.rawValue)")
            for (connectorId, actions) in charger.stationFaultRaised(fault) { await perform(actions, connectorId: connectorId) }
        case .faultCleared(let fault):
            log("station fault \(fault.rawValue) cleared")
            for (connectorId, actions) in charger.stationFaultCleared(fault) { await perform(actions, connectorId: connectorId) }
        }
    }

    /// Unlocks a connector; a failure is reported as ConnectorLockFailure.
    @discardableResult
    func unlock(connectorId: Int) async -> Bool {
        do {
            try await hardware.connectors[connectorId - 1].unlock()
            return true
        } catch {
            log("connector \(connectorId): unlock failed: \(error)")
            return false
        }
    }
}
