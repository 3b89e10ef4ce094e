// What a 2.0.1 station knows for authorizing tokens: its cache and its local list, restored from
// and saved to the store, and the local decision for a presented token (on the charging core's
// AuthorizationPolicy), before or instead of an Authorize.

import ChargingCore
import OCPP201

/// The local decision for a token.
enum TokenDecision201: Sendable, Equatable {
    /// Accepted without asking; the idTokenInfo the station goes by.
    case accept(IdTokenInfo)
    /// Refused without asking; why.
    case reject(IdTokenInfo)
    /// Send an Authorize and follow its answer.
    case ask
}

/// The station's authorization state: one value on the Station201 actor.
struct AuthorizationState201: Sendable, Equatable {
    /// The authorization cache.
    var cache = AuthorizationCache201()
    /// The local authorization list.
    var localList = LocalAuthList201()

    /// An empty state (no cache entries, list version 0).
    init() {}

    /// The state kept in `store`; an unreadable document is logged and starts empty.
    init(restoringFrom store: any StationStore, log: (String) -> Void) {
        do {
            if let document = try store.document(.ocpp201AuthorizationCache) { cache = try AuthorizationCache201(json: document) }
        } catch {
            log("authorization cache unreadable, starting empty: \(error)")
        }
        do {
            if let document = try store.document(.ocpp201LocalAuthList) { localList = try LocalAuthList201(json: document) }
        } catch {
            log("local authorization list unreadable, starting empty: \(error)")
        }
    }

    /// Decides on `token` locally at `now` (milliseconds since 1970) with the link `online`
    /// (connected and registered): the local list (while enabled) before the cache (while
    /// enabled), weighed by the charging core's policy (LocalPreAuthorize online;
    /// LocalAuthorizeOffline and OfflineTxForUnknownIdEnabled offline; DisableRemoteAuthorization
    /// as offline without unknown tokens). AuthCtrlr.Enabled false, and the types Central and
    /// NoAuthorization, accept at once.
    func decide(_ token: IdToken, online: Bool, settings: AuthorizationSettings201, now: Int64) -> TokenDecision201 {
        guard settings.enabled, token.type.needsAuthorization else { return .accept(IdTokenInfo(status: .accepted)) }
        let known = self.known(token, settings: settings, now: now)
        let wall = WallClockTime(millisecondsSince1970: now)
        let decision = online && !settings.disableRemoteAuthorization
            ? settings.policy.decide(listed: known.listed?.identifierInfo, cached: known.cached?.identifierInfo, online: true, now: wall)
            : settings.policy.decideWithoutAnswer(listed: known.listed?.identifierInfo, cached: known.cached?.identifierInfo, now: wall)
        return Self.outcome(decision, known: known.listed ?? known.cached)
    }

    /// Decides on `token` when its Authorize got no answer: as offline.
    func decideWithoutAnswer(_ token: IdToken, settings: AuthorizationSettings201, now: Int64) -> TokenDecision201 {
        decide(token, online: false, settings: settings, now: now)
    }

    private func known(_ token: IdToken, settings: AuthorizationSettings201, now: Int64) -> (listed: IdTokenInfo?, cached: IdTokenInfo?) {
        let listed = settings.localListEnabled ? localList.info(for: token) : nil
        let cached = settings.cacheEnabled && listed == nil ? cache.info(for: token, now: now, lifeTimeSeconds: settings.cacheLifeTimeSeconds) : nil
        return (listed, cached)
    }

    /// The core's decision in 2.0.1 terms: the known idTokenInfo (list or cache) when there is
    /// one, with the status the core gave it when that differs (an expired or unusable entry).
    private static func outcome(_ decision: AuthorizationPolicy.Decision, known: IdTokenInfo?) -> TokenDecision201 {
        switch decision {
        case .askCentralSystem:
            return .ask
        case .accept:
            return .accept(known ?? IdTokenInfo(status: .accepted))
        case .reject(let core):
            guard var info = known else { return .reject(IdTokenInfo(status: .unknown)) }
            if info.status == .accepted {
                info.status = switch core.status {
                case .accepted, .invalid: .invalid
                case .blocked: .blocked
                case .expired: .expired
                case .concurrentTx: .concurrentTx
                }
            }
            return .reject(info)
        }
    }
}

extension DeviceModel {
    /// Sets AuthCacheCtrlr.Storage, LocalAuthListCtrlr.Entries and LocalAuthListCtrlr.Storage to
    /// what `state` holds.
    mutating func reportStorage(of state: AuthorizationState201) {
        update(.authCacheStorage, to: String(state.cache.byteCount))
        update(.localAuthListEntries, to: String(state.localList.count))
        update(.localAuthListStorage, to: String(state.localList.byteCount))
    }
}
