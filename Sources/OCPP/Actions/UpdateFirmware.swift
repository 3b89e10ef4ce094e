// UpdateFirmware (Firmware Management, central system → charge point): download new firmware
// from a location after a given date, and install it.

/// The UpdateFirmware action.
public enum UpdateFirmware {
    /// Where and when to get the firmware.
    public struct Request: OCPPRequest {
        public typealias Response = UpdateFirmware.Response
        public static var action: Action { .updateFirmware }

        /// The URI to download the firmware from.
        public var location: URIString
        /// How many times to retry a failed download; absent: the charge point decides.
        public var retries: Int?
        /// When to start downloading (not before).
        public var retrieveDate: Timestamp
        /// Seconds between retries; absent: the charge point decides.
        public var retryInterval: Int?

        /// Creates the request.
        public init(location: URIString, retries: Int? = nil, retrieveDate: Timestamp, retryInterval: Int? = nil) {
            self.location = location
            self.retries = retries
            self.retrieveDate = retrieveDate
            self.retryInterval = retryInterval
        }
    }

    /// The charge point's acknowledgement (empty).
    public struct Response: OCPPPayload {
        /// Creates the response.
        public init() {}
    }
}
