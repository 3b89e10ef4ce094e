// StartTransaction (Core, charge point → central system): report that a transaction has started
// and obtain its identifier.

/// The StartTransaction action.
public enum StartTransaction {
    /// The transaction that started.
    public struct Request: OCPPRequest {
        public typealias Response = StartTransaction.Response
        public static var action: Action { .startTransaction }

        /// The connector the transaction runs on (1 or more).
        public var connectorId: Int
        /// The identifier the transaction was started for.
        public var idTag: IdToken
        /// The meter value at the start, in Wh.
        public var meterStart: Int
        /// The reservation this transaction ends, if it was started on one.
        public var reservationId: Int?
        /// When the transaction started.
        public var timestamp: Timestamp

        /// Creates the request.
        public init(connectorId: Int, idTag: IdToken, meterStart: Int, reservationId: Int? = nil, timestamp: Timestamp) {
            self.connectorId = connectorId
            self.idTag = idTag
            self.meterStart = meterStart
            self.reservationId = reservationId
            self.timestamp = timestamp
        }
    }

    /// The verdict on the identifier and the transaction's identifier.
    public struct Response: OCPPPayload {
        public var idTagInfo: IdTagInfo
        /// The identifier the central system gives the transaction.
        public var transactionId: Int

        /// Creates the response.
        public init(idTagInfo: IdTagInfo, transactionId: Int) {
            self.idTagInfo = idTagInfo
            self.transactionId = transactionId
        }
    }
}
