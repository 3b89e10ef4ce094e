// What the station knows about an authorization and a transaction: persisted when a transaction
// starts, so that a power cut loses nothing.

public import OCPP

/// An identifier the station has accepted for charging on a connector.
public struct Authorization: Sendable, Equatable, Codable {
    /// The identifier.
    public var idTag: IdToken
    /// Its parent identifier, when known (tags with the same parent may stop each other's sessions).
    public var parentIdTag: IdToken?
    /// The reservation this authorization uses, if any.
    public var reservationId: Int?

    /// Creates an authorization.
    public init(idTag: IdToken, parentIdTag: IdToken? = nil, reservationId: Int? = nil) {
        self.idTag = idTag
        self.parentIdTag = parentIdTag
        self.reservationId = reservationId
    }
}

/// A transaction as the station records it.
public struct TransactionRecord: Sendable, Equatable, Codable {
    /// The station's own id for the transaction (unique in its store, assigned when it starts).
    public var localId: Int64
    /// The connector.
    public var connectorId: Int
    /// Who started it.
    public var authorization: Authorization
    /// The energy register at the start, Wh.
    public var meterStartWh: Int
    /// When it started.
    public var startTime: Timestamp
    /// The central system's transactionId, once StartTransaction was answered.
    public var transactionId: Int?
    /// The central system did not accept the idTag and StopTransactionOnInvalidId is false:
    /// the transaction goes on without energy (SuspendedEVSE).
    public var energyBlocked: Bool

    /// Creates a record.
    public init(localId: Int64, connectorId: Int, authorization: Authorization, meterStartWh: Int, startTime: Timestamp, transactionId: Int? = nil, energyBlocked: Bool = false) {
        self.localId = localId
        self.connectorId = connectorId
        self.authorization = authorization
        self.meterStartWh = meterStartWh
        self.startTime = startTime
        self.transactionId = transactionId
        self.energyBlocked = energyBlocked
    }
}
