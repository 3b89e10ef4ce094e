// RemoteStopTransaction (Core, central system → charge point): stop a running transaction.

/// The RemoteStopTransaction action.
public enum RemoteStopTransaction {
    /// The transaction to stop.
    public struct Request: OCPPRequest {
        public typealias Response = RemoteStopTransaction.Response
        public static var action: Action { .remoteStopTransaction }

        /// The transaction's identifier, as given in StartTransaction's response.
        public var transactionId: Int

        /// Creates the request.
        public init(transactionId: Int) {
            self.transactionId = transactionId
        }
    }

    /// Whether the charge point will try to stop the transaction (OCPP 1.6 RemoteStartStopStatus).
    public struct Response: OCPPPayload {
        public var status: RemoteStartStopStatus

        /// Creates the response.
        public init(status: RemoteStartStopStatus) {
            self.status = status
        }
    }
}
