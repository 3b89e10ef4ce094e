// The 2.0.1 local authorization list (D01, D02): the tokens SendLocalList gave, with the list's
// version. A value: the station owns it, applies updates to it and persists it whole.

import OCPP201
import enum OCPP.JSONValue
import enum OCPP.JSONWriter
import enum OCPP.PayloadDecoding
import struct OCPP.PayloadError
import protocol OCPP.OCPPPayload

/// The limits a SendLocalList update is checked against (LocalAuthListCtrlr).
struct LocalListLimits201: Sendable, Equatable {
    /// The most entries the list holds (Entries maxLimit).
    var maximumEntries: Int
    /// The most bytes the list takes (Storage maxLimit).
    var maximumBytes: Int
    /// The most entries one update carries (ItemsPerMessage).
    var itemsPerMessage: Int
}

/// The local authorization list and its version.
///
/// Choices where the specification leaves one:
/// - versionNumber must be above 0 (D01.FR.18), else Failed; a Differential update whose
///   version is not above the list's answers VersionMismatch (D01.FR.19); a Full update may
///   have any version above 0 (it replaces the list, lower versions included).
/// - An update that is not well-formed (the same token twice, a Full entry without
///   idTokenInfo, more entries than ItemsPerMessage) or that would make the list larger than
///   its capacity (entries or bytes) answers Failed and changes nothing.
/// - A Full update without entries empties the list; GetLocalListVersion then answers its
///   version (0 only before any update).
struct LocalAuthList201: Sendable, Equatable {
    /// The version of the last update applied (0 before the first one).
    private(set) var version = 0
    private var entries: [TokenKey201: SendLocalList.AuthorizationData] = [:]

    /// An empty list of version 0.
    init() {}

    /// The number of tokens in the list.
    var count: Int { entries.count }

    /// The bytes the list takes (its entries' JSON text).
    var byteCount: Int { Self.bytes(entries.values) }

    /// What the list says of `token`, or nil when it is not in it.
    func info(for token: IdToken) -> IdTokenInfo? {
        entries[TokenKey201(token)]?.idTokenInfo
    }

    /// Applies a SendLocalList update within `limits`; returns the status to answer and why
    /// when it is not Accepted.
    mutating func apply(_ request: SendLocalList.Request, limits: LocalListLimits201) -> (SendLocalList.SendLocalListStatus, reason: String?) {
        let changes = request.localAuthorizationList ?? []
        guard request.versionNumber > 0 else { return (.failed, "versionNumber \(request.versionNumber) is not above 0") }
        guard changes.count <= limits.itemsPerMessage else {
            return (.failed, "\(changes.count) entries in one update, ItemsPerMessage is \(limits.itemsPerMessage)")
        }
        var seen: Set<TokenKey201> = []
        for change in changes where !seen.insert(TokenKey201(change.idToken)).inserted {
            return (.failed, "\(change.idToken.idToken.value) appears twice in the update")
        }
        var updated: [TokenKey201: SendLocalList.AuthorizationData]
        switch request.updateType {
        case .full:
            if let entry = changes.first(where: { $0.idTokenInfo == nil }) {
                return (.failed, "a Full update entry for \(entry.idToken.idToken.value) has no idTokenInfo")
            }
            updated = [:]
        case .differential:
            guard request.versionNumber > version else {
                return (.versionMismatch, "Differential update to version \(request.versionNumber), the list is at version \(version)")
            }
            updated = entries
        }
        for change in changes {
            updated[TokenKey201(change.idToken)] = change.idTokenInfo == nil ? nil : change
        }
        guard updated.count <= limits.maximumEntries else {
            return (.failed, "the list would hold \(updated.count) tokens, at most \(limits.maximumEntries) fit")
        }
        let bytes = Self.bytes(updated.values)
        guard bytes <= limits.maximumBytes else {
            return (.failed, "the list would take \(bytes) bytes, at most \(limits.maximumBytes) fit")
        }
        entries = updated
        version = request.versionNumber
        return (.accepted, nil)
    }

    private static func bytes(_ entries: some Sequence<SendLocalList.AuthorizationData>) -> Int {
        entries.reduce(0) { $0 + JSONWriter.string(FrameEncoder.payload($1)).utf8.count }
    }

    // MARK: Persistence

    /// The list as a JSON document for the store.
    var json: JSONValue {
        FrameEncoder.payload(Stored(version: version, entries: entries.values.sorted { $0.idToken.idToken.value < $1.idToken.idToken.value }))
    }

    /// Reads a list saved with `json`.
    init(json: JSONValue) throws(PayloadError) {
        let stored = try PayloadDecoding.decode(Stored.self, from: json)
        version = stored.version
        entries = Dictionary(stored.entries.map { (TokenKey201($0.idToken), $0) }, uniquingKeysWith: { _, last in last })
    }

    private struct Stored: OCPPPayload {
        var version: Int
        var entries: [SendLocalList.AuthorizationData]
    }
}
