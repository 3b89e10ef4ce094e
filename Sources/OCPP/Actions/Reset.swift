// Reset (Core, central system → charge point): reboot the charge point, gracefully (soft) or
// at once (hard).

/// The Reset action.
public enum Reset {
    /// The kind of reset (OCPP 1.6 ResetType).
    public enum ResetType: String, OCPPEnum {
        /// Restart at once, without stopping transactions gracefully.
        case hard = "Hard"
        /// Stop transactions gracefully, then restart the application.
        case soft = "Soft"
    }

    /// Whether the charge point will reset (OCPP 1.6 ResetStatus).
    public enum ResetStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
    }

    /// The kind of reset to perform.
    public struct Request: OCPPRequest {
        public typealias Response = Reset.Response
        public static var action: Action { .reset }

        public var type: ResetType

        /// Creates the request.
        public init(type: ResetType) {
            self.type = type
        }
    }

    /// Whether the charge point accepted the reset.
    public struct Response: OCPPPayload {
        public var status: ResetStatus

        /// Creates the response.
        public init(status: ResetStatus) {
            self.status = status
        }
    }
}
