// Authorize (Core, charge point → central system): ask whether an identifier may start or stop
// charging.

/// The Authorize action.
public enum Authorize {
    /// The identifier to authorize.
    public struct Request: OCPPRequest {
        public typealias Response = Authorize.Response
        public static var action: Action { .authorize }

        /// The identifier presented by the user.
        public var idTag: IdToken

        /// Creates the request.
        public init(idTag: IdToken) {
            self.idTag = idTag
        }
    }

    /// The central system's verdict on the identifier.
    public struct Response: OCPPPayload {
        public var idTagInfo: IdTagInfo

        /// Creates the response.
        public init(idTagInfo: IdTagInfo) {
            self.idTagInfo = idTagInfo
        }
    }
}
