// Where a connector is, as the charger sees it: the one fact each OCPP version turns into its own
// status (1.6 ChargePointStatus one to one; 2.0.1 ConnectorStatus, where the session phases are
// Occupied).

/// A connector's phase, derived by `ConnectorStateMachine` from its inputs.
public enum ConnectorPhase: String, Sendable, Hashable, CaseIterable {
    /// Free for a new session.
    case available
    /// A session is being prepared: a user authorized, a vehicle plugged, or a start in progress.
    case preparing
    /// Energy flows (or may flow) to the vehicle.
    case charging
    /// The vehicle does not take energy (or is unplugged while its transaction goes on).
    case suspendedByVehicle
    /// The station offers no energy (the identifier was refused during the session).
    case suspendedByStation
    /// The session ended and the vehicle is still connected.
    case finishing
    /// Held for a reservation.
    case reserved
    /// Set inoperative.
    case unavailable
    /// A fatal fault is present.
    case faulted
}
