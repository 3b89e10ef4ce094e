// ChangeConfiguration (Core, central system → charge point): set the value of one configuration
// key.

/// The ChangeConfiguration action.
public enum ChangeConfiguration {
    /// Whether the key was changed (OCPP 1.6 ConfigurationStatus).
    public enum ConfigurationStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
        /// Changed, but takes effect only after a reboot.
        case rebootRequired = "RebootRequired"
        /// The key is unknown.
        case notSupported = "NotSupported"
    }

    /// The key and its new value.
    public struct Request: OCPPRequest {
        public typealias Response = ChangeConfiguration.Response
        public static var action: Action { .changeConfiguration }

        /// The configuration key to change.
        public var key: CiString<50>
        /// The new value, as text.
        public var value: CiString<500>

        /// Creates the request.
        public init(key: CiString<50>, value: CiString<500>) {
            self.key = key
            self.value = value
        }
    }

    /// Whether the charge point applied the change.
    public struct Response: OCPPPayload {
        public var status: ConfigurationStatus

        /// Creates the response.
        public init(status: ConfigurationStatus) {
            self.status = status
        }
    }
}
