// What a 2.0.1 station shows the control API: registration, link, and per connector its 2.0.1
// status, transaction (id, seqNo, idToken, charging state) and meter; and its device model.
// Read-only: nothing here changes the station.

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
        /// The seqNo of the transaction's last TransactionEvent (nil: no transaction, or none sent yet).
        public var seqNo: Int?
        /// The idToken of the running transaction, or the one authorized for the EVSE and waiting
        /// for its transaction to begin.
        public var idToken: String?
        /// That idToken's type (ISO14443, Central...).
        public var idTokenType: String?
        /// The transaction's chargingState as TransactionEvent reports it (Charging, EVConnected,
        /// SuspendedEV, SuspendedEVSE, Idle); nil without a transaction.
        public var chargingState: String?
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
                let id = machine.connectorId
                let reading = try? await hardware.connectors[id - 1].readMeter()
                let transaction = transactions[id]
                let pending = pendingTokens[id]
                list.append(Station201Snapshot.Connector(
                    id: id, status: connectorStatus(id).rawValue, transactionId: transaction?.id,
                    meterWh: reading?.energyActiveImportWh ?? 0, powerW: reading?.powerActiveImportW ?? 0,
                    seqNo: transaction.flatMap { $0.nextSeqNo > 0 ? $0.nextSeqNo - 1 : nil },
                    idToken: transaction?.idToken ?? pending?.idTag, idTokenType: transaction?.idTokenType ?? pending?.type.rawValue,
                    chargingState: transaction == nil ? nil : currentChargingState(id).rawValue
                ))
            }
            return Station201Snapshot(
                registration: registration?.rawValue, connected: connected, connectors: list, queuedMessages: (try? queue.count()) ?? 0
            )
        }
    }

    /// The device model as it is now, with the values the central system (or the control API)
    /// wrote. For reading only: writes go through SetVariables (`handle(_:frameBytes:)`).
    public var deviceModel: DeviceModel { model }
}
