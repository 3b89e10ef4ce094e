// The authorization settings of a 2.0.1 station as its device model holds them (AuthCtrlr,
// AuthCacheCtrlr, LocalAuthListCtrlr, TxCtrlr.StopTxOnInvalidId), read once per decision.

import ChargingCore

/// Which cache entries go first when the authorization cache is full (AuthCacheCtrlr.Policy).
enum AuthCachePolicy201: String, Sendable, CaseIterable {
    /// Least recently used first.
    case leastRecentlyUsed = "LRU"
    /// Least frequently used first (the least recently used of those equal).
    case leastFrequentlyUsed = "LFU"
    /// Oldest stored first.
    case firstInFirstOut = "FIFO"
}

/// The variables that steer authorization, as values.
struct AuthorizationSettings201: Sendable, Equatable {
    var enabled: Bool
    var authorizeRemoteStart: Bool
    var localAuthorizeOffline: Bool
    var localPreAuthorize: Bool
    var offlineTxForUnknownId: Bool
    var disableRemoteAuthorization: Bool
    var masterPassGroupId: String?
    var cacheEnabled: Bool
    var cacheLifeTimeSeconds: Int
    var cachePolicy: AuthCachePolicy201
    var localListEnabled: Bool
    var stopTxOnInvalidId: Bool

    /// The charging core's policy for these settings. With DisableRemoteAuthorization the
    /// station decides as it does offline with LocalAuthorizeOffline (only the list and the
    /// cache count; an unknown token is refused).
    var policy: AuthorizationPolicy {
        if disableRemoteAuthorization {
            return AuthorizationPolicy(cacheEnabled: cacheEnabled, localPreAuthorize: true, localAuthorizeOffline: true, allowOfflineForUnknown: false)
        }
        return AuthorizationPolicy(
            cacheEnabled: cacheEnabled, localPreAuthorize: localPreAuthorize, localAuthorizeOffline: localAuthorizeOffline,
            allowOfflineForUnknown: offlineTxForUnknownId
        )
    }
}
