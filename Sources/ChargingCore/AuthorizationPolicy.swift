// The local part of authorization: what the charger decides from its local list, its cache and
// its policy (pre-authorize, offline use, unknown identifiers offline) before, or instead of,
// asking the central system. A pure function of its inputs; each OCPP version maps its own
// identifier information and configuration keys onto it.

/// What the charger knows of an identifier's standing.
public enum IdentifierStatus: String, Sendable, Hashable, CaseIterable {
    /// Allowed to charge.
    case accepted
    /// Blocked by its owner or operator.
    case blocked
    /// Past its validity.
    case expired
    /// Unknown, or not allowed.
    case invalid
    /// Already charging elsewhere, where one session at a time is allowed.
    case concurrentTx
}

/// An identifier's status, expiry and group, as the central system (or a local list) gave them.
public struct IdentifierInfo: Sendable, Hashable {
    /// Whether the identifier may charge, and if not why.
    public var status: IdentifierStatus
    /// When the identifier stops being valid; nil: no expiry given.
    public var expiry: WallClockTime?
    /// Its group (parent) identifier, when known.
    public var group: IdentifierToken?

    /// Creates the information.
    public init(status: IdentifierStatus, expiry: WallClockTime? = nil, group: IdentifierToken? = nil) {
        self.status = status
        self.expiry = expiry
        self.group = group
    }
}

/// The charger's policy for identifiers.
public struct AuthorizationPolicy: Sendable, Equatable {
    /// Whether answers of the central system are cached (and the cache used).
    public var cacheEnabled: Bool
    /// Start at once for an identifier the list or cache accepts, without asking.
    public var localPreAuthorize: Bool
    /// While offline, accept an identifier the list or cache accepts.
    public var localAuthorizeOffline: Bool
    /// While offline, accept an identifier nothing local knows.
    public var allowOfflineForUnknown: Bool

    /// Creates the policy.
    public init(cacheEnabled: Bool, localPreAuthorize: Bool, localAuthorizeOffline: Bool, allowOfflineForUnknown: Bool) {
        self.cacheEnabled = cacheEnabled
        self.localPreAuthorize = localPreAuthorize
        self.localAuthorizeOffline = localAuthorizeOffline
        self.allowOfflineForUnknown = allowOfflineForUnknown
    }

    /// What to do with a presented identifier.
    public enum Decision: Sendable, Equatable {
        /// Accepted locally; `info` is what the charger knows of it.
        case accept(IdentifierInfo)
        /// Refused locally.
        case reject(IdentifierInfo)
        /// Ask the central system and follow its answer.
        case askCentralSystem
    }

    /// The decision for an identifier whose local list entry is `listed` and whose cache entry
    /// is `cached`, at wall time `now`. A list entry takes precedence over the cache.
    public func decide(listed: IdentifierInfo? = nil, cached: IdentifierInfo?, online: Bool, now: WallClockTime) -> Decision {
        let known = self.known(listed: listed, cached: cached, now: now)
        if online {
            if localPreAuthorize, let known, known.status == .accepted { return .accept(known) }
            return .askCentralSystem
        }
        return decideOffline(known: known)
    }

    /// The decision when the central system could not be asked (offline or no answer).
    public func decideWithoutAnswer(listed: IdentifierInfo? = nil, cached: IdentifierInfo?, now: WallClockTime) -> Decision {
        decideOffline(known: known(listed: listed, cached: cached, now: now))
    }

    /// What the charger knows of an identifier locally: its list entry, else its cache entry.
    private func known(listed: IdentifierInfo?, cached: IdentifierInfo?, now: WallClockTime) -> IdentifierInfo? {
        if let listed { return Self.effective(listed, now: now) }
        return cacheEnabled ? cached.map { Self.effective($0, now: now) } : nil
    }

    private func decideOffline(known: IdentifierInfo?) -> Decision {
        if let known {
            if localAuthorizeOffline, known.status == .accepted { return .accept(known) }
            return .reject(known.status == .accepted ? IdentifierInfo(status: .invalid, group: known.group) : known)
        }
        if allowOfflineForUnknown { return .accept(IdentifierInfo(status: .accepted)) }
        return .reject(IdentifierInfo(status: .invalid))
    }

    /// A status as it stands at `now`: an accepted identifier past its expiry is expired.
    public static func effective(_ info: IdentifierInfo, now: WallClockTime) -> IdentifierInfo {
        guard info.status == .accepted, let expiry = info.expiry, expiry < now else { return info }
        var expired = info
        expired.status = .expired
        return expired
    }
}
