// What the session generator acts on: the EV and driver side of one station (plug, card,
// suspend) and what the driver sees (is a transaction running). The fleet's stations use the
// simulated hardware and their Station; tests use a fake.

import StationCore
import StationHAL
public import StationSimulation

/// The driver's and the EV's view of a station. Safe to use from any isolation.
public protocol SessionSite: Sendable {
    /// Plugs an EV arriving with `stateOfChargePercent` that stops drawing at `targetPercent`.
    func plug(connector: Int, stateOfChargePercent: Double, targetPercent: Double) throws(SimulationError)
    /// Unplugs the EV.
    func unplug(connector: Int) throws(SimulationError)
    /// Presents `tag` at the reader for `connector`.
    func presentCard(_ tag: String, connector: Int) throws(SimulationError)
    /// Suspends or resumes the EV.
    func setSuspended(connector: Int, _ suspended: Bool) throws(SimulationError)
    /// Whether a transaction runs at `connector`.
    func transactionRunning(connector: Int) async -> Bool
    /// Whether the EV at `connector` reached its target state of charge.
    func evFull(connector: Int) -> Bool
}

/// A fleet station's simulated hardware, and whether its station (of either OCPP version) has a
/// transaction at a connector.
struct SimulatedSessionSite: SessionSite {
    let simulation: SimulatedStation
    /// Asks the running station whether a transaction runs at a connector.
    let transactionQuery: @Sendable (_ connector: Int) async -> Bool

    /// The site of a 1.6 station run by `supervisor`.
    static func v16<C: StationClock>(simulation: SimulatedStation, supervisor: StationSupervisor<C>) -> SimulatedSessionSite {
        SimulatedSessionSite(simulation: simulation) { connector in
            guard let station = supervisor.station else { return false }
            return await station.snapshot.connectors.first { $0.id == connector }?.transactionRunning ?? false
        }
    }

    /// The site of a 2.0.1 station run by `runtime`: a transaction runs while the EVSE of the
    /// connector (connector n is EVSE n) has a transactionId, whatever its charging state (one that
    /// began at the plug-in runs before the card).
    static func v201(simulation: SimulatedStation, runtime: OCPP201Runtime) -> SimulatedSessionSite {
        SimulatedSessionSite(simulation: simulation) { connector in
            guard let station = runtime.station else { return false }
            return await station.snapshot.connectors.first { $0.id == connector }?.transactionId != nil
        }
    }

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

    func transactionRunning(connector: Int) async -> Bool { await transactionQuery(connector) }

    func evFull(connector: Int) -> Bool {
        (try? simulation.snapshot(connector: connector).vehicle.isFull) ?? false
    }
}
