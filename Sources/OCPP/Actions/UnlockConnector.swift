// UnlockConnector (Core, central system → charge point): unlock a connector's cable, e.g. to
// help a user whose cable is stuck.

/// The UnlockConnector action.
public enum UnlockConnector {
    /// What happened to the connector (OCPP 1.6 UnlockStatus).
    public enum UnlockStatus: String, OCPPEnum {
        case unlocked = "Unlocked"
        case unlockFailed = "UnlockFailed"
        /// The connector has no lock.
        case notSupported = "NotSupported"
    }

    /// The connector to unlock.
    public struct Request: OCPPRequest {
        public typealias Response = UnlockConnector.Response
        public static var action: Action { .unlockConnector }

        /// The connector (1 or more).
        public var connectorId: Int

        /// Creates the request.
        public init(connectorId: Int) {
            self.connectorId = connectorId
        }
    }

    /// Whether the connector was unlocked.
    public struct Response: OCPPPayload {
        public var status: UnlockStatus

        /// Creates the response.
        public init(status: UnlockStatus) {
            self.status = status
        }
    }
}
