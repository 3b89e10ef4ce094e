// What the central system says about an identifier: its status, expiry and parent
// (Authorize, StartTransaction, StopTransaction answers and local authorization list entries).

/// The status of an identifier (OCPP 1.6 AuthorizationStatus).
public enum AuthorizationStatus: String, OCPPEnum {
    /// Identifier is allowed for charging.
    case accepted = "Accepted"
    /// Identifier has been blocked.
    case blocked = "Blocked"
    /// Identifier has expired.
    case expired = "Expired"
    /// Identifier is unknown.
    case invalid = "Invalid"
    /// Identifier is already involved in another transaction and multiple transactions are not allowed.
    case concurrentTx = "ConcurrentTx"
}

/// Status information about an identifier (OCPP 1.6 IdTagInfo).
public struct IdTagInfo: OCPPPayload, Hashable {
    /// When the identifier stops being valid; absent means no expiry given.
    public var expiryDate: Timestamp?
    /// The parent identifier (groups tags that may stop each other's transactions).
    public var parentIdTag: IdToken?
    /// Whether the identifier is accepted.
    public var status: AuthorizationStatus

    /// Creates the status information.
    public init(status: AuthorizationStatus, expiryDate: Timestamp? = nil, parentIdTag: IdToken? = nil) {
        self.expiryDate = expiryDate
        self.parentIdTag = parentIdTag
        self.status = status
    }
}
