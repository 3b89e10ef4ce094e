// RemoteStartTransaction (Core, central system → charge point): start a transaction for an idTag,
// optionally on a given connector and with a TxProfile.

/// The RemoteStartTransaction action.
public enum RemoteStartTransaction {
    /// The request to start a transaction.
    public struct Request: OCPPRequest {
        public typealias Response = RemoteStartTransaction.Response
        public static var action: Action { .remoteStartTransaction }

        /// The connector to use; absent: the station chooses.
        public var connectorId: Int?
        /// The identifier to start the transaction for.
        public var idTag: IdToken
        /// A charging profile for the transaction (purpose must be TxProfile).
        public var chargingProfile: ChargingProfile?

        /// Creates the request.
        public init(connectorId: Int? = nil, idTag: IdToken, chargingProfile: ChargingProfile? = nil) {
            self.connectorId = connectorId
            self.idTag = idTag
            self.chargingProfile = chargingProfile
        }
    }

    /// Whether the station will try to start (OCPP 1.6 RemoteStartStopStatus).
    public struct Response: OCPPPayload {
        public var status: RemoteStartStopStatus

        /// Creates the response.
        public init(status: RemoteStartStopStatus) {
            self.status = status
        }
    }
}

/// The answer to RemoteStartTransaction and RemoteStopTransaction (OCPP 1.6 RemoteStartStopStatus).
public enum RemoteStartStopStatus: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
}
