// ChangeAvailability (Core, central system → charge point): make a connector, or the whole
// charge point (connector 0), operative or inoperative.

/// The ChangeAvailability action.
public enum ChangeAvailability {
    /// The availability to set (OCPP 1.6 AvailabilityType).
    public enum AvailabilityType: String, OCPPEnum {
        /// Charging is not possible.
        case inoperative = "Inoperative"
        /// Charging is possible.
        case operative = "Operative"
    }

    /// Whether the change was made (OCPP 1.6 AvailabilityStatus).
    public enum AvailabilityStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
        /// A transaction is in progress; the change happens when it ends.
        case scheduled = "Scheduled"
    }

    /// The connector and the availability to set.
    public struct Request: OCPPRequest {
        public typealias Response = ChangeAvailability.Response
        public static var action: Action { .changeAvailability }

        /// The connector; 0 for the whole charge point.
        public var connectorId: Int
        public var type: AvailabilityType

        /// Creates the request.
        public init(connectorId: Int, type: AvailabilityType) {
            self.connectorId = connectorId
            self.type = type
        }
    }

    /// Whether the charge point made, or scheduled, the change.
    public struct Response: OCPPPayload {
        public var status: AvailabilityStatus

        /// Creates the response.
        public init(status: AvailabilityStatus) {
            self.status = status
        }
    }
}
