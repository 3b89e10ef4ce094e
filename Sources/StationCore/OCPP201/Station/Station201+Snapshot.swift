// What a 2.0.1 station shows the control API: registration, link, and per connector its 2.0.1
// status, transaction and meter; the same shape as the 1.6 station's snapshot.

import OCPP201

/// The state of a 2.0.1 station at one moment.
public struct Station201Snapshot: Sendable, Equatable {
    /// One connector (connector n is EVSE n).
    public struct Connector: Sendable, Equatable {
        /// The connector's (and its EVSE's) number.
        public var id: Int
        /// The 2.0.1 connector status (Available, Occupied, Reserved, Unavailable, Faulted).
        public var status: String
        /// The running transaction's id.
        public var transactionId: String?
        /// The meter's energy register.
        public var meterWh: Double
        /// The power drawn now.
        public var powerW: Double
    }

    /// Accepted, Pending or Rejected; nil before the first BootNotification answer.
    public var registration: String?
    /// Whether the link is up.
    public var connected: Bool
    /// The connectors in order.
    public var connectors: [Connector]
    /// TransactionEvents waiting for the central system.
    public var queuedMessages: Int
}

extension Station201 {
    /// The station's state now; reads the meters.
    public var snapshot: Station201Snapshot {
        get async {
            var list: [Station201Snapshot.Connector] = []
            for machine in connectors {
                let reading = try? await hardware.connectors[machine.connectorId - 1].readMeter()
                list.append(Station201Snapshot.Connector(
                    id: machine.connectorId, status: connectorStatus(machine.connectorId).rawValue, transactionId: transactions[machine.connectorId]?.id,
                    meterWh: reading?.energyActiveImportWh ?? 0, powerW: reading?.powerActiveImportW ?? 0
                ))
            }
            return Station201Snapshot(
                registration: registration?.rawValue, connected: connected, connectors: list, queuedMessages: (try? queue.count()) ?? 0
            )
        }
    }
}
