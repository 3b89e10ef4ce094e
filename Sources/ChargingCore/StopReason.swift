// Why a charging session ends, in the charger's terms; each OCPP adapter maps it onto its own
// reason codes (1.6 StopTransaction.reason, 2.0.1 TransactionEvent stoppedReason).

/// Why a session ended.
public enum StopReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The user stopped it at the station (a card).
    case local
    /// The central system stopped it.
    case remote
    /// The vehicle was disconnected.
    case evDisconnected
    /// The emergency stop was pressed.
    case emergencyStop
    /// The station lost power while it ran.
    case powerLoss
    /// A hard reset.
    case hardReset
    /// A soft reset.
    case softReset
    /// A reboot for another cause (e.g. a firmware installation).
    case reboot
    /// The central system unlocked the connector.
    case unlockCommand
    /// The central system refused the identifier while the session ran.
    case deAuthorized
    /// Any other cause (e.g. a fatal device fault).
    case other
}
