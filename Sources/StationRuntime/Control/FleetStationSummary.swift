// What the fleet's list and counts (GET /api/stations, GET /api/fleet) show of one station,
// read from its 1.6 Station's snapshot or its 2.0.1 Station201's, whichever it runs.

import StationCore

/// One fleet station's registration, link, queue and connectors at one moment.
struct FleetStationSummary: Sendable {
    /// Accepted, Pending or Rejected (the BootNotification answer); nil before the first.
    var registration: String?
    /// Whether the link is up.
    var connected: Bool
    /// Transaction messages waiting for the central system.
    var queuedMessages: Int
    /// Each connector's status in its version's words (1.6: Charging, Finishing...; 2.0.1:
    /// Available, Occupied...).
    var statuses: [String]
    /// How many connectors charge: 1.6 status Charging, or 2.0.1 chargingState Charging.
    var charging: Int

    /// The summary of `station`, or nil while it reboots.
    static func of(_ station: FleetStation) async -> FleetStationSummary? {
        if let runtime = station.ocpp201 {
            guard let snapshot = await runtime.station?.snapshot else { return nil }
            return FleetStationSummary(
                registration: snapshot.registration, connected: snapshot.connected, queuedMessages: snapshot.queuedMessages,
                statuses: snapshot.connectors.map(\.status), charging: snapshot.connectors.count { $0.chargingState == "Charging" }
            )
        }
        guard let snapshot = await station.station?.snapshot else { return nil }
        return FleetStationSummary(
            registration: snapshot.registration?.rawValue, connected: snapshot.connected, queuedMessages: snapshot.queuedMessages,
            statuses: snapshot.connectors.map(\.status.rawValue), charging: snapshot.connectors.count { $0.status == .charging }
        )
    }
}
