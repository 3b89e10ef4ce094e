// Whether a connector (or the whole station) may be used: set by the central system, persisted
// by the station, applied at once or when the running session ends.

/// Operative or inoperative.
public enum Availability: String, Sendable, Codable {
    /// May be used.
    case operative = "Operative"
    /// Set out of service (sessions are refused; a running one ends first).
    case inoperative = "Inoperative"
}

/// How a change of availability was taken.
public enum AvailabilityChange: Sendable, Equatable {
    /// In force now.
    case applied
    /// Takes effect when the running session ends.
    case scheduled
}
