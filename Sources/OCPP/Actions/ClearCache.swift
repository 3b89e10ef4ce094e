// ClearCache (Core, central system → charge point): empty the charge point's authorization
// cache.

/// The ClearCache action.
public enum ClearCache {
    /// Whether the cache was cleared (OCPP 1.6 ClearCacheStatus).
    public enum ClearCacheStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case rejected = "Rejected"
    }

    /// The request to clear the cache (empty).
    public struct Request: OCPPRequest {
        public typealias Response = ClearCache.Response
        public static var action: Action { .clearCache }

        /// Creates the request.
        public init() {}
    }

    /// Whether the charge point cleared its cache.
    public struct Response: OCPPPayload {
        public var status: ClearCacheStatus

        /// Creates the response.
        public init(status: ClearCacheStatus) {
            self.status = status
        }
    }
}
