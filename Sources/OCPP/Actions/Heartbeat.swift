// Heartbeat (Core, charge point → central system): tell the central system the charge point is
// alive, and learn its current time.

/// The Heartbeat action.
public enum Heartbeat {
    /// The heartbeat (empty).
    public struct Request: OCPPRequest {
        public typealias Response = Heartbeat.Response
        public static var action: Action { .heartbeat }

        /// Creates the request.
        public init() {}
    }

    /// The central system's clock.
    public struct Response: OCPPPayload {
        /// The central system's current time.
        public var currentTime: Timestamp

        /// Creates the response.
        public init(currentTime: Timestamp) {
            self.currentTime = currentTime
        }
    }
}
