// The charger as a whole, as a value: its connectors' state machines, the availability of the
// station (connector 0), and the faults of station-wide devices. A fatal station fault reaches
// every connector; the station's own phase is derived, never stored.

public import StationHAL

/// The charger: connectors and station-wide state. Owned by the Station actor.
public struct Charger: Sendable, Equatable {
    /// The connectors, numbered from 1 (index + 1).
    public var connectors: [ConnectorStateMachine]
    /// The availability of the station as a whole (set for connector 0).
    public var availability: Availability
    /// Faults of station-wide devices present now (the emergency stop, the reader...).
    public private(set) var faults: Set<DeviceFault> = []

    /// A charger with `connectorCount` connectors and the availabilities stored (by connector
    /// id, 0 = the station; operative when absent).
    public init(connectorCount: Int, availability stored: [Int: Availability] = [:]) {
        availability = stored[0] ?? .operative
        connectors = (0..<connectorCount).map { ConnectorStateMachine(connectorId: $0 + 1, availability: stored[$0 + 1] ?? .operative) }
    }

    /// Whether `connectorId` names a connector (1-based).
    public func hasConnector(_ connectorId: Int) -> Bool { connectorId >= 1 && connectorId <= connectors.count }

    /// Whether connector `connectorId` may begin a new session (its own state and the station's).
    public func acceptsNewSession(_ connectorId: Int) -> Bool {
        availability == .operative && connectors[connectorId - 1].acceptsNewSession
    }

    /// The station's phase: faulted with a fatal station fault, else unavailable or available.
    public var phase: ConnectorPhase {
        if faults.contains(where: \.isFatal) { return .faulted }
        return availability == .inoperative ? .unavailable : .available
    }

    /// The station fault to report: the first fatal one, else the first warning (by name).
    public var reportedFault: DeviceFault? {
        let fatal = faults.filter(\.isFatal)
        return (fatal.isEmpty ? faults : fatal).sorted { $0.rawValue < $1.rawValue }.first
    }

    /// A station-wide device raised `fault`: returns each connector's actions when it is fatal
    /// (every connector is then faulted), by connector id.
    public mutating func stationFaultRaised(_ fault: DeviceFault) -> [(connectorId: Int, actions: [ConnectorStateMachine.Action])] {
        faults.insert(fault)
        return fault.isFatal ? broadcast(.faultRaised(fault)) : []
    }

    /// A station-wide device cleared `fault`.
    public mutating func stationFaultCleared(_ fault: DeviceFault) -> [(connectorId: Int, actions: [ConnectorStateMachine.Action])] {
        faults.remove(fault)
        return fault.isFatal ? broadcast(.faultCleared(fault)) : []
    }

    /// Feeds `event` to every connector.
    public mutating func broadcast(_ event: ConnectorStateMachine.Event) -> [(connectorId: Int, actions: [ConnectorStateMachine.Action])] {
        connectors.indices.map { index in (index + 1, connectors[index].handle(event)) }
    }
}

extension Charger {
    public static func == (lhs: Charger, rhs: Charger) -> Bool {
        lhs.connectors == rhs.connectors && lhs.availability == rhs.availability && lhs.faults == rhs.faults
    }
}

extension Charger {
    /// Changes the availability of connector `connectorId`, or of the station and every connector
    /// for 0: the change (applied, or scheduled when a session runs on a connector concerned) and
    /// each connector's actions; nil when no such connector exists.
    public mutating func changeAvailability(_ requested: Availability, connectorId: Int) -> (AvailabilityChange, [(connectorId: Int, actions: [ConnectorStateMachine.Action])])? {
        if connectorId == 0 {
            availability = requested
            var scheduled = false
            var actions: [(Int, [ConnectorStateMachine.Action])] = []
            for index in connectors.indices {
                let (change, connectorActions) = connectors[index].changeAvailability(requested)
                scheduled = scheduled || change == .scheduled
                actions.append((index + 1, connectorActions))
            }
            return (scheduled ? .scheduled : .applied, actions)
        }
        guard hasConnector(connectorId) else { return nil }
        let (change, actions) = connectors[connectorId - 1].changeAvailability(requested)
        return (change, [(connectorId, actions)])
    }
}
