// The session generator's view of a fleet station speaking 2.0.1: the same simulated EV and
// reader as a 1.6 station's, and a transaction runs while the EVSE has a transactionId.

import StationCore
import StationSimulation

/// A 2.0.1 fleet station's simulated hardware and its running Station201.
struct SimulatedSessionSite201: SessionSite {
    let simulation: SimulatedStation
    let runtime: OCPP201Runtime

    func plug(connector: Int, stateOfChargePercent: Double, targetPercent: Double) throws(SimulationError) {
        var vehicle = simulation.profile.vehicle
        vehicle.stateOfChargePercent = stateOfChargePercent
        vehicle.targetStateOfChargePercent = targetPercent
        vehicle.isPaused = false
        try simulation.plug(connector: connector, vehicle: vehicle)
    }

    func unplug(connector: Int) throws(SimulationError) { try simulation.unplug(connector: connector) }

    func presentCard(_ tag: String, connector: Int) throws(SimulationError) { try simulation.presentCard(idTag: tag, connector: connector) }

    func setSuspended(connector: Int, _ suspended: Bool) throws(SimulationError) { try simulation.setEVSuspended(connector: connector, suspended) }

    /// Whether the EVSE of `connector` (connector n is EVSE n) has a transaction, whatever its
    /// charging state (a transaction that began at the plug-in runs before the card).
    func transactionRunning(connector: Int) async -> Bool {
        guard let station = runtime.station else { return false }
        let snapshot = await station.snapshot
        return snapshot.connectors.first { $0.id == connector }?.transactionId != nil
    }

    func evFull(connector: Int) -> Bool {
        (try? simulation.snapshot(connector: connector).vehicle.isFull) ?? false
    }
}
