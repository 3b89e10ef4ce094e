// SendLocalList (Local Auth List Management, central system → charge point): replace the local
// authorization list or apply changes to it.

/// The SendLocalList action.
public enum SendLocalList {
    /// Whether the list replaces the station's list or is applied to it (OCPP 1.6 UpdateType).
    public enum UpdateType: String, OCPPEnum {
        /// Entries are added, updated, or removed (an entry without idTagInfo).
        case differential = "Differential"
        /// The list replaces the station's list.
        case full = "Full"
    }

    /// One entry of the local authorization list (OCPP 1.6 AuthorizationData).
    public struct AuthorizationData: OCPPPayload, Hashable {
        /// The identifier.
        public var idTag: IdToken
        /// Its status; absent in a Differential update: remove the entry.
        public var idTagInfo: IdTagInfo?

        /// Creates an entry.
        public init(idTag: IdToken, idTagInfo: IdTagInfo? = nil) {
            self.idTag = idTag
            self.idTagInfo = idTagInfo
        }
    }

    /// The list, or the changes, and the version they lead to.
    public struct Request: OCPPRequest {
        public typealias Response = SendLocalList.Response
        public static var action: Action { .sendLocalList }

        /// The version of the list after this update.
        public var listVersion: Int
        /// The entries (a Full update without entries empties the list).
        public var localAuthorizationList: [AuthorizationData]?
        public var updateType: UpdateType

        /// Creates the request.
        public init(listVersion: Int, localAuthorizationList: [AuthorizationData]? = nil, updateType: UpdateType) {
            self.listVersion = listVersion
            self.localAuthorizationList = localAuthorizationList
            self.updateType = updateType
        }
    }

    /// The outcome of the update (OCPP 1.6 UpdateStatus).
    public enum UpdateStatus: String, OCPPEnum {
        case accepted = "Accepted"
        case failed = "Failed"
        case notSupported = "NotSupported"
        /// A Differential update's version does not follow the station's list version.
        case versionMismatch = "VersionMismatch"
    }

    /// Whether the station applied the update.
    public struct Response: OCPPPayload {
        public var status: UpdateStatus

        /// Creates the response.
        public init(status: UpdateStatus) {
            self.status = status
        }
    }
}
