// The local part of authorization: what the station decides from its local list, its cache and
// its policy keys (LocalPreAuthorize, LocalAuthorizeOffline, AllowOfflineTxForUnknownId) before,
// or instead of, asking the central system. A pure function of its inputs.

public import OCPP

/// The station's policy for identifiers, read from the configuration keys.
public struct AuthorizationPolicy: Sendable, Equatable {
    /// AuthorizationCacheEnabled.
    public var cacheEnabled: Bool
    /// LocalPreAuthorize: start at once for a tag the cache accepts, without asking.
    public var localPreAuthorize: Bool
    /// LocalAuthorizeOffline: while offline, accept a tag the cache accepts.
    public var localAuthorizeOffline: Bool
    /// AllowOfflineTxForUnknownId: while offline, accept a tag the cache does not know.
    public var allowOfflineTxForUnknownId: Bool

    /// Reads the policy from `configuration`.
    public init(_ configuration: Configuration) {
        cacheEnabled = configuration.bool(.authorizationCacheEnabled)
        localPreAuthorize = configuration.bool(.localPreAuthorize)
        localAuthorizeOffline = configuration.bool(.localAuthorizeOffline)
        allowOfflineTxForUnknownId = configuration.bool(.allowOfflineTxForUnknownId)
    }

    /// What to do with a presented tag.
    public enum Decision: Sendable, Equatable {
        /// Accepted locally; `info` is what the station knows of the tag.
        case accept(IdTagInfo)
        /// Refused locally.
        case reject(IdTagInfo)
        /// Send Authorize and follow the answer.
        case askCentralSystem
    }

    /// The decision for a tag whose local list entry is `listed` and whose cache entry is
    /// `cached`, at wall time `now`. A list entry takes precedence over the cache.
    public func decide(listed: IdTagInfo? = nil, cached: IdTagInfo?, online: Bool, now: Timestamp) -> Decision {
        let known = self.known(listed: listed, cached: cached, now: now)
        if online {
            if localPreAuthorize, let known, known.status == .accepted { return .accept(known) }
            return .askCentralSystem
        }
        return decideOffline(known: known)
    }

    /// The decision when the central system could not be asked (offline or no answer).
    public func decideWithoutAnswer(listed: IdTagInfo? = nil, cached: IdTagInfo?, now: Timestamp) -> Decision {
        decideOffline(known: known(listed: listed, cached: cached, now: now))
    }

    /// What the station knows of a tag locally: its list entry, else its cache entry.
    private func known(listed: IdTagInfo?, cached: IdTagInfo?, now: Timestamp) -> IdTagInfo? {
        if let listed { return Self.effective(listed, now: now) }
        return cacheEnabled ? cached.map { Self.effective($0, now: now) } : nil
    }

    private func decideOffline(known: IdTagInfo?) -> Decision {
        if let known {
            if localAuthorizeOffline, known.status == .accepted { return .accept(known) }
            return .reject(known.status == .accepted ? IdTagInfo(status: .invalid, parentIdTag: known.parentIdTag) : known)
        }
        if allowOfflineTxForUnknownId { return .accept(IdTagInfo(status: .accepted)) }
        return .reject(IdTagInfo(status: .invalid))
    }

    /// A cached status as it stands at `now`: an accepted entry past its expiry date is Expired.
    public static func effective(_ info: IdTagInfo, now: Timestamp) -> IdTagInfo {
        guard info.status == .accepted, let expiry = info.expiryDate, expiry < now else { return info }
        var expired = info
        expired.status = .expired
        return expired
    }
}
