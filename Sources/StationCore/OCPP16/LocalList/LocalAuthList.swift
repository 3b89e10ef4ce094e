// The local authorization list (Local Auth List Management): identifiers the central system
// sent with SendLocalList, with the list's version. A value: the Station actor owns it, applies
// updates to it and persists it whole.

public import OCPP

/// The local authorization list and its version.
///
/// Choices where OCPP 1.6 leaves one:
/// - Updates are accepted while LocalAuthListEnabled is false (the central system may fill the
///   list before enabling it); the list is only consulted while the key is true.
/// - A Differential update whose version is not higher than the list's version answers
///   VersionMismatch and changes nothing.
/// - An update that is not well-formed (the same idTag twice, a Full update entry without
///   idTagInfo, more entries than SendLocalListMaxLength) or that would make the list longer
///   than LocalAuthListMaxLength answers Failed and changes nothing.
public struct LocalAuthList: Sendable, Equatable {
    /// The version of the last update applied (0 before the first one).
    public private(set) var version: Int
    /// The entries, keyed by the idTag in upper case (identifiers compare case-insensitively).
    private var entries: [String: SendLocalList.AuthorizationData]

    /// An empty list of version 0.
    public init() {
        version = 0
        entries = [:]
    }

    /// The number of identifiers in the list.
    public var count: Int { entries.count }

    /// The version GetLocalListVersion reports: 0 while the list is empty.
    public var reportedVersion: Int { entries.isEmpty ? 0 : version }

    /// What the list says of `idTag`, or nil when the tag is not in it.
    public func info(for idTag: IdToken) -> IdTagInfo? {
        entries[idTag.value.uppercased()]?.idTagInfo
    }

    /// Applies a SendLocalList update, within the lengths the configuration allows.
    /// - Parameters:
    ///   - maximumLength: LocalAuthListMaxLength, the most identifiers the list may hold.
    ///   - maximumUpdateLength: SendLocalListMaxLength, the most entries one update may carry.
    /// - Returns: the status to answer, and why when it is not Accepted.
    public mutating func apply(_ request: SendLocalList.Request, maximumLength: Int, maximumUpdateLength: Int) -> (SendLocalList.UpdateStatus, reason: String?) {
        let changes = request.localAuthorizationList ?? []
        guard changes.count <= maximumUpdateLength else {
            return (.failed, "\(changes.count) entries in one update, SendLocalListMaxLength is \(maximumUpdateLength)")
        }
        var seen: Set<String> = []
        for change in changes where !seen.insert(change.idTag.value.uppercased()).inserted {
            return (.failed, "\(change.idTag) appears twice in the update")
        }
        var updated: [String: SendLocalList.AuthorizationData]
        switch request.updateType {
        case .full:
            if let entry = changes.first(where: { $0.idTagInfo == nil }) {
                return (.failed, "a Full update entry for \(entry.idTag) has no idTagInfo")
            }
            updated = [:]
        case .differential:
            guard request.listVersion > version else {
                return (.versionMismatch, "Differential update to version \(request.listVersion), the list is at version \(version)")
            }
            updated = entries
        }
        for change in changes {
            updated[change.idTag.value.uppercased()] = change.idTagInfo == nil ? nil : change
        }
        guard updated.count <= maximumLength else {
            return (.failed, "the list would hold \(updated.count) identifiers, LocalAuthListMaxLength is \(maximumLength)")
        }
        entries = updated
        version = request.listVersion
        return (.accepted, nil)
    }

    // MARK: Persistence

    /// The list as a JSON document for the store.
    public var json: JSONValue {
        FrameEncoder.payload(Stored(version: version, entries: entries.values.sorted { $0.idTag.value < $1.idTag.value }))
    }

    /// Reads a list saved with `json`.
    public init(json: JSONValue) throws(PayloadError) {
        let decoded = try PayloadDecoding.decode(Stored.self, from: json)
        version = decoded.version
        entries = Dictionary(decoded.entries.map { ($0.idTag.value.uppercased(), $0) }, uniquingKeysWith: { _, last in last })
    }

    private struct Stored: OCPPPayload {
        var version: Int
        var entries: [SendLocalList.AuthorizationData]
    }
}
