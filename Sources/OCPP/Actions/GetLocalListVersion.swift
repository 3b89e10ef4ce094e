// GetLocalListVersion (Local Auth List Management, central system → charge point): ask for the
// version number of the station's local authorization list.

/// The GetLocalListVersion action.
public enum GetLocalListVersion {
    /// The request for the list version (empty).
    public struct Request: OCPPRequest {
        public typealias Response = GetLocalListVersion.Response
        public static var action: Action { .getLocalListVersion }

        /// Creates the request.
        public init() {}
    }

    /// The station's current list version.
    public struct Response: OCPPPayload {
        /// The version of the local list; 0 when the list is empty, -1 when the feature is not
        /// supported.
        public var listVersion: Int

        /// Creates the response.
        public init(listVersion: Int) {
            self.listVersion = listVersion
        }
    }
}
