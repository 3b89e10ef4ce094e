// The network connection profiles of a 2.0.1 station (B09/B10): what SetNetworkProfile stored
// per configuration slot, and the connection plan one boot follows: the slots in
// OCPPCommCtrlr.NetworkConfigurationPriority order, with the BasicAuthPassword to send.
//
// Choices where the specification leaves one:
// - Slot 0 is the station file's `csms` section (URL, security profile, CA and client files); it
//   cannot be overwritten (SetNetworkProfile on it is Rejected). Slots 1 and 2 take profiles.
// - A slot in the priority list without a stored profile is skipped; a list without any usable
//   slot connects with slot 0.

public import OCPP201
public import protocol OCPP.OCPPPayload
public import enum OCPP.PayloadDecoding

/// One stored profile of a configuration slot.
public struct StoredNetworkProfile201: OCPPPayload {
    /// The configuration slot.
    public var slot: Int
    /// The profile as SetNetworkProfile gave it.
    public var profile: SetNetworkProfile.NetworkConnectionProfile
}

/// The stored document: every stored slot, in slot order.
struct StoredNetworkProfileList201: OCPPPayload {
    var profiles: [StoredNetworkProfile201]
}

/// The profiles SetNetworkProfile stored, by slot (the store's `ocpp201NetworkProfiles`).
public struct NetworkProfiles201: Sendable {
    /// The slot of the station file's central system.
    public static let stationFileSlot = 0

    /// The stored profiles by slot.
    public private(set) var slots: [Int: SetNetworkProfile.NetworkConnectionProfile] = [:]

    /// The profiles in `store` (none when it holds none or cannot be read).
    public init(store: any StationStore) {
        guard let document = try? store.document(.ocpp201NetworkProfiles),
              let list = try? PayloadDecoding.decode(StoredNetworkProfileList201.self, from: document) else { return }
        for entry in list.profiles { slots[entry.slot] = entry.profile }
    }

    /// Stores `profile` in `slot`; returns once it is durable.
    public mutating func save(_ profile: SetNetworkProfile.NetworkConnectionProfile, slot: Int, in store: any StationStore) throws(StoreError) {
        var changed = slots
        changed[slot] = profile
        let list = changed.sorted { $0.key < $1.key }.map { StoredNetworkProfile201(slot: $0.key, profile: $0.value) }
        try store.saveDocument(.ocpp201NetworkProfiles, FrameEncoder.payload(StoredNetworkProfileList201(profiles: list)))
        slots = changed
    }
}

/// Where one boot of a 2.0.1 station connects: the slots to try in order, each with its URL and
/// security profile (nil for slot 0: the station file's), how many failed attempts move to the
/// next slot, and the BasicAuthPassword the CSMS set (nil: the station file's key).
public struct NetworkPlan201: Sendable, Equatable {
    /// One slot to connect with.
    public struct Slot: Sendable, Equatable {
        /// The configuration slot.
        public var slot: Int
        /// The CSMS URL of a stored profile; nil for the station file's.
        public var url: String?
        /// The security profile of a stored profile; nil for the station file's.
        public var securityProfile: Int?

        /// Creates a slot.
        public init(slot: Int, url: String?, securityProfile: Int?) {
            self.slot = slot
            self.url = url
            self.securityProfile = securityProfile
        }
    }

    /// The slots in priority order (never empty).
    public var slots: [Slot]
    /// OCPPCommCtrlr.NetworkProfileConnectionAttempts: failed connections before the next slot.
    public var attempts: Int
    /// SecurityCtrlr.BasicAuthPassword, when the CSMS set one.
    public var basicAuthPassword: String?

    /// Creates a plan.
    public init(slots: [Slot], attempts: Int, basicAuthPassword: String?) {
        self.slots = slots
        self.attempts = attempts
        self.basicAuthPassword = basicAuthPassword
    }

    /// The plan of the next boot, from the values stored in `store`.
    public static func load(store: any StationStore) -> NetworkPlan201 {
        let document = try? store.document(.ocpp201Variables)
        let values = document.flatMap { try? PayloadDecoding.decode([StoredVariable201].self, from: $0) }?.map(\.value201) ?? []
        let stored = Dictionary(values.filter { $0.attribute == .actual }.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let priority = (stored[.networkConfigurationPriority] ?? "0").split(separator: ",").compactMap { Int($0) }
        let profiles = NetworkProfiles201(store: store)
        var slots: [Slot] = []
        for slot in priority where !slots.contains(where: { $0.slot == slot }) {
            if slot == NetworkProfiles201.stationFileSlot {
                slots.append(Slot(slot: slot, url: nil, securityProfile: nil))
            } else if let profile = profiles.slots[slot] {
                slots.append(Slot(slot: slot, url: profile.ocppCsmsUrl.value, securityProfile: profile.securityProfile))
            }
        }
        if slots.isEmpty { slots = [Slot(slot: NetworkProfiles201.stationFileSlot, url: nil, securityProfile: nil)] }
        return NetworkPlan201(
            slots: slots, attempts: max(1, stored[.networkProfileConnectionAttempts].flatMap { Int($0) } ?? 3),
            basicAuthPassword: stored[.basicAuthPassword]
        )
    }
}
