// SecurityEventNotification (Security extension, charge point → central system): report a
// critical security event (failed login, firmware tampering, clock change...).

/// The SecurityEventNotification action.
public enum SecurityEventNotification {
    /// The event.
    public struct Request: OCPPRequest {
        public typealias Response = SecurityEventNotification.Response
        public static var action: Action { .securityEventNotification }

        /// The event type, one of the security extension's list (e.g. `SettingSystemTime`,
        /// `InvalidFirmwareSignature`) or a vendor-specific name.
        public var type: BoundedString<50>
        /// When the event happened.
        public var timestamp: Timestamp
        /// Free-form technical details.
        public var techInfo: BoundedString<255>?

        /// Creates the request.
        public init(type: BoundedString<50>, timestamp: Timestamp, techInfo: BoundedString<255>? = nil) {
            self.type = type
            self.timestamp = timestamp
            self.techInfo = techInfo
        }
    }

    /// The central system's acknowledgement (empty).
    public struct Response: OCPPPayload {
        /// Creates the response.
        public init() {}
    }
}
