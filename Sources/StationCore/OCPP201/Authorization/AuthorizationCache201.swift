// The 2.0.1 authorization cache (C10-C12): the idTokenInfo the CSMS last gave for each token,
// with when it was stored and used; expiry and eviction within a byte budget. A value: the
// station owns it and persists it whole after each change.

import ChargingCore
import OCPP201
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import enum OCPP.PayloadDecoding
import struct OCPP.PayloadError
import protocol OCPP.OCPPPayload

/// The authorization cache.
///
/// Choices where the specification leaves one:
/// - An entry expires at its cacheExpiryDateTime, or AuthCacheCtrlr.LifeTime seconds after it
///   was last used, whichever comes first; an expired entry is dropped (the token is unknown).
/// - Every status is cached (a Blocked token is refused offline without asking); the size of an
///   entry is its JSON text. When the cache is over its capacity, entries that are not Accepted
///   go first, then the Policy's choice (LRU, LFU or FIFO); the entry just stored goes last.
struct AuthorizationCache201: Sendable, Equatable {
    /// One cached token.
    struct Entry: Codable, Sendable, Equatable {
        var idToken: IdToken
        var info: IdTokenInfo
        /// When it was stored, milliseconds since 1970.
        var storedAt: Int64
        /// When it was last used to decide, milliseconds since 1970.
        var usedAt: Int64
        /// How often it was used to decide.
        var uses: Int
    }

    private var entries: [TokenKey201: Entry] = [:]
    /// The bytes the entries take (their JSON text).
    private(set) var byteCount = 0

    /// An empty cache.
    init() {}

    /// The number of cached tokens.
    var count: Int { entries.count }

    /// The cached idTokenInfo of `token` at `now` (milliseconds since 1970), nil when it is not
    /// cached or has expired.
    func info(for token: IdToken, now: Int64, lifeTimeSeconds: Int) -> IdTokenInfo? {
        guard let entry = entries[TokenKey201(token)], !Self.expired(entry, now: now, lifeTimeSeconds: lifeTimeSeconds) else { return nil }
        return entry.info
    }

    /// Records that `token`'s entry decided at `now`.
    mutating func markUsed(_ token: IdToken, now: Int64) {
        guard var entry = entries[TokenKey201(token)] else { return }
        entry.usedAt = now
        entry.uses += 1
        entries[TokenKey201(token)] = entry
        recount()
    }

    /// Stores (or replaces) `token`'s idTokenInfo, then drops expired entries and evicts by
    /// `policy` until the cache fits `capacityBytes`.
    mutating func store(_ token: IdToken, _ info: IdTokenInfo, now: Int64, lifeTimeSeconds: Int, policy: AuthCachePolicy201, capacityBytes: Int) {
        let key = TokenKey201(token)
        let uses = entries[key]?.uses ?? 0
        entries[key] = Entry(idToken: token, info: info, storedAt: now, usedAt: now, uses: uses)
        entries = entries.filter { !Self.expired($0.value, now: now, lifeTimeSeconds: lifeTimeSeconds) }
        recount()
        while byteCount > capacityBytes, let victim = victim(policy, sparing: key) {
            entries[victim] = nil
            recount()
        }
    }

    /// Drops `token`'s entry.
    mutating func remove(_ token: IdToken) {
        entries[TokenKey201(token)] = nil
        recount()
    }

    /// Empties the cache (ClearCache).
    mutating func clear() {
        entries = [:]
        byteCount = 0
    }

    private static func expired(_ entry: Entry, now: Int64, lifeTimeSeconds: Int) -> Bool {
        if let expiry = entry.info.cacheExpiryDateTime, expiry.millisecondsSince1970 <= now { return true }
        return lifeTimeSeconds > 0 && entry.usedAt + Int64(lifeTimeSeconds) * 1000 <= now
    }

    /// The entry to evict first: a refused one, else the policy's choice; the entry just stored
    /// (`sparing`) goes last (under LFU it would always be the least used).
    private func victim(_ policy: AuthCachePolicy201, sparing: TokenKey201) -> TokenKey201? {
        let others = entries.filter { $0.key != sparing }.map { ($0.key, $0.value) }
        let all = others.isEmpty ? entries.map { ($0.key, $0.value) } : others
        let refused = all.filter { $0.1.info.status != .accepted }
        let candidates = refused.isEmpty ? all : refused
        return candidates.min { lhs, rhs in
            switch policy {
            case .leastRecentlyUsed: (lhs.1.usedAt, lhs.1.storedAt) < (rhs.1.usedAt, rhs.1.storedAt)
            case .leastFrequentlyUsed: (lhs.1.uses, lhs.1.usedAt) < (rhs.1.uses, rhs.1.usedAt)
            case .firstInFirstOut: (lhs.1.storedAt, lhs.1.usedAt) < (rhs.1.storedAt, rhs.1.usedAt)
            }
        }?.0
    }

    private mutating func recount() {
        byteCount = entries.values.reduce(0) { $0 + JSONWriter.string(FrameEncoder.payload(Stored(entries: [$1]))).utf8.count }
    }

    // MARK: Persistence

    /// The cache as a JSON document for the store.
    var json: JSONValue {
        FrameEncoder.payload(Stored(entries: entries.values.sorted { ($0.storedAt, $0.idToken.idToken.value) < ($1.storedAt, $1.idToken.idToken.value) }))
    }

    /// Reads a cache saved with `json`.
    init(json: JSONValue) throws(PayloadError) {
        let stored = try PayloadDecoding.decode(Stored.self, from: json)
        entries = Dictionary(stored.entries.map { (TokenKey201($0.idToken), $0) }, uniquingKeysWith: { _, last in last })
        recount()
    }

    private struct Stored: OCPPPayload {
        var entries: [Entry]
    }
}
