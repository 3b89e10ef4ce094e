// Who may charge, and a session as the station records it: persisted when the session starts,
// so that a power cut loses nothing.

/// An identifier the station has accepted for charging on a connector.
public struct Authorization: Sendable, Equatable, Codable {
    /// The identifier.
    public var idToken: IdentifierToken
    /// Its group (OCPP 1.6 parentIdTag, 2.0.1 groupIdToken), when known: identifiers of the same
    /// group may stop each other's sessions.
    public var groupIdToken: IdentifierToken?
    /// The reservation this authorization uses, if any.
    public var reservationId: Int?

    /// Creates an authorization.
    public init(idToken: IdentifierToken, groupIdToken: IdentifierToken? = nil, reservationId: Int? = nil) {
        self.idToken = idToken
        self.groupIdToken = groupIdToken
        self.reservationId = reservationId
    }
}

/// A transaction (a charging session) as the station records it.
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
    public var startTime: WallClockTime
    /// The id the central system gave the transaction, once known (OCPP 1.6 assigns one in the
    /// StartTransaction answer; nil until then).
    public var transactionId: Int?
    /// The central system did not accept the identifier and the session goes on without energy.
    public var energyBlocked: Bool

    /// Creates a record.
    public init(
        localId: Int64, connectorId: Int, authorization: Authorization, meterStartWh: Int, startTime: WallClockTime, transactionId: Int? = nil,
        energyBlocked: Bool = false
    ) {
        self.localId = localId
        self.connectorId = connectorId
        self.authorization = authorization
        self.meterStartWh = meterStartWh
        self.startTime = startTime
        self.transactionId = transactionId
        self.energyBlocked = energyBlocked
    }
}
