// StatusNotification (Core, charge point → central system): report a connector's status change
// or an error.

/// The StatusNotification action.
public enum StatusNotification {
    /// The connector's new status.
    public struct Request: OCPPRequest {
        public typealias Response = StatusNotification.Response
        public static var action: Action { .statusNotification }

        /// The connector; 0 for the charge point as a whole.
        public var connectorId: Int
        /// The error, `noError` when there is none.
        public var errorCode: ChargePointErrorCode
        /// Free-form information about the error.
        public var info: CiString<50>?
        public var status: ChargePointStatus
        /// When the status was reported; absent means when the message was received.
        public var timestamp: Timestamp?
        /// The vendor of `vendorErrorCode`.
        public var vendorId: CiString<255>?
        /// A vendor-specific error code.
        public var vendorErrorCode: CiString<50>?

        /// Creates the request.
        public init(
            connectorId: Int, errorCode: ChargePointErrorCode, info: CiString<50>? = nil, status: ChargePointStatus,
            timestamp: Timestamp? = nil, vendorId: CiString<255>? = nil, vendorErrorCode: CiString<50>? = nil
        ) {
            self.connectorId = connectorId
            self.errorCode = errorCode
            self.info = info
            self.status = status
            self.timestamp = timestamp
            self.vendorId = vendorId
            self.vendorErrorCode = vendorErrorCode
        }
    }

    /// The central system's acknowledgement (empty).
    public struct Response: OCPPPayload {
        /// Creates the response.
        public init() {}
    }
}
