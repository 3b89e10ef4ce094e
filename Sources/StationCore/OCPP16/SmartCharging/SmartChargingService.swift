// The Smart Charging profile as a value: the installed charging profiles, the TxProfile of a
// RemoteStartTransaction waiting for its transaction, the limits in force on each connector
// and when they change next. No I/O: a change of the profile set is proposed, persisted by the
// owner, then committed; the owner puts the limits on the power modules.
//
// Choices where OCPP 1.6 leaves one:
// - The TxProfile of a RemoteStartTransaction is installed once the central system answered
//   the StartTransaction (it then has the transactionId); until then TxDefaultProfile applies.
// - When the connectors' own limits add up to more than ChargePointMaxProfile allows, the
//   station's limit is shared equally among the connectors that deliver energy, a connector
//   that needs less leaving the rest to the others.
// - GetCompositeSchedule without chargingRateUnit answers in W; it starts on the next whole
//   second (so that a profile set a moment ago is in force from its first period) and covers at
//   most 7 days (a longer duration is answered for 7 days).

import ChargingCore
import OCPP

/// The station's charging profiles and limits. Owned by the Station actor.
struct SmartChargingService {
    /// What the limits and schedules depend on, besides the profiles.
    struct Context {
        var connectors: [ConnectorStateMachine]
        var supply: ElectricalSupply
        /// The most a connector can deliver, W.
        var maximumPowerW: Double
        var now: Timestamp

        /// The running transactions, for Relative profiles and TxProfiles.
        var transactions: [Int: TransactionContext] {
            var contexts: [Int: TransactionContext] = [:]
            for machine in connectors {
                if let record = machine.transaction {
                    contexts[machine.connectorId] = TransactionContext(transactionId: record.transactionId, start: Timestamp(record.startTime))
                }
            }
            return contexts
        }
    }

    /// The installed profiles (persisted whole on every change).
    private(set) var profiles: ChargingProfileSet
    /// The TxProfile of an accepted RemoteStartTransaction, by connector, with the identifier
    /// whose transaction it is for.
    private var pendingTxProfiles: [Int: (idToken: IdentifierToken, profile: ChargingProfile)] = [:]
    /// The power limit last put on each connector's power module, W (0 when off).
    private(set) var offeredPowerW: [Int: Double] = [:]
    /// When the limits change next (the owner's chargingLimit timer is set for it).
    private var limitsChangeAt: Timestamp?

    /// The profiles read from their stored document (none when nil).
    init(stored: JSONValue?) throws(PayloadError) {
        profiles = try stored.map { json throws(PayloadError) in try ChargingProfileSet(json: json) } ?? ChargingProfileSet()
    }

    /// A service holding `profiles` (the 2.0.1 station builds one from its own profiles to
    /// compute the limits the same way).
    init(profiles: ChargingProfileSet) {
        self.profiles = profiles
    }

    /// The document to persist for `set`.
    static func document(_ set: ChargingProfileSet) -> JSONValue? {
        set.profiles.isEmpty ? nil : set.json
    }

    // MARK: Changes of the profile set (propose, persist, commit)

    /// The set with `profile` installed on `connectorId`, or why it is rejected.
    func installing(_ profile: ChargingProfile, connectorId: Int, limits: ChargingProfileSet.Limits, in context: Context) -> Result<ChargingProfileSet, RejectedProfile> {
        var updated = profiles
        let outcome = updated.install(profile, connectorId: connectorId, limits: limits) { connectorId in
            context.connectors[connectorId - 1].transaction?.transactionId
        }
        if case .rejected(let reason) = outcome { return .failure(RejectedProfile(reason: reason)) }
        return .success(updated)
    }

    /// The set after ClearChargingProfile, or nil when nothing matched (Unknown).
    func clearing(_ request: ClearChargingProfile.Request) -> ChargingProfileSet? {
        var updated = profiles
        guard updated.clear(id: request.id, connectorId: request.connectorId, purpose: request.chargingProfilePurpose, stackLevel: request.stackLevel) else {
            return nil
        }
        return updated
    }

    /// The set without the TxProfiles of a transaction that ended on `connectorId`, or nil when
    /// it had none.
    func endingTransaction(connectorId: Int) -> ChargingProfileSet? {
        var updated = profiles
        updated.removeTransactionProfiles(connectorId: connectorId)
        return updated == profiles ? nil : updated
    }

    /// The set without the profiles past their validTo at `now`, or nil when none expired.
    func expiring(at now: Timestamp) -> ChargingProfileSet? {
        guard profiles.profiles.contains(where: { $0.profile.validTo.map { $0 <= now } ?? false }) else { return nil }
        var updated = profiles
        _ = updated.removeExpired(at: now)
        return updated
    }

    /// Makes `set` (persisted by the owner) the installed set.
    mutating func commit(_ set: ChargingProfileSet) {
        profiles = set
    }

    // MARK: RemoteStartTransaction's TxProfile

    /// Keeps `profile` for the transaction `idToken` starts on `connectorId`.
    mutating func awaitTransaction(connectorId: Int, idToken: IdentifierToken, profile: ChargingProfile) {
        pendingTxProfiles[connectorId] = (idToken, profile)
    }

    /// The TxProfile waiting for the transaction that `idToken` started on `connectorId`, if any
    /// (it is then no longer waiting).
    mutating func takeAwaitedProfile(connectorId: Int, startedBy idToken: IdentifierToken?) -> ChargingProfile? {
        guard let pending = pendingTxProfiles[connectorId], pending.idToken == idToken else { return nil }
        pendingTxProfiles[connectorId] = nil
        return pending.profile
    }

    // MARK: Limits

    /// GetCompositeSchedule's answer.
    func compositeSchedule(_ request: GetCompositeSchedule.Request, in context: Context) -> GetCompositeSchedule.Response {
        guard (0...context.connectors.count).contains(request.connectorId), request.duration >= 0 else {
            return GetCompositeSchedule.Response(status: .rejected)
        }
        let start = Timestamp(millisecondsSince1970: (context.now.millisecondsSince1970 + 999) / 1000 * 1000)
        let schedule = CompositeSchedule.schedule(
            for: request.connectorId, from: start, duration: min(request.duration, 7 * 86_400), unit: request.chargingRateUnit ?? .watts,
            profiles: profiles, transactions: context.transactions, supply: context.supply,
            connectorMaximumW: context.maximumPowerW, connectorCount: context.connectors.count
        )
        return GetCompositeSchedule.Response(status: .accepted, connectorId: request.connectorId, scheduleStart: start, chargingSchedule: schedule)
    }

    /// The power each connector may deliver now, W, with ChargePointMaxProfile shared among the
    /// connectors that deliver energy; and the next instant at which a limit changes.
    func limits(in context: Context) -> (watts: [Int: Double], changesAt: Timestamp?) {
        let connectors = context.connectors
        // No profile (the common case, run after every input): every connector may take its maximum.
        guard !profiles.profiles.isEmpty else {
            return (Dictionary(uniqueKeysWithValues: connectors.map { ($0.connectorId, context.maximumPowerW) }), nil)
        }
        let transactions = context.transactions
        func limit(_ connectorId: Int) -> (watts: Double, changesAt: Timestamp?) {
            CompositeSchedule.limit(
                for: connectorId, at: context.now, profiles: profiles, transactions: transactions, supply: context.supply,
                connectorMaximumW: context.maximumPowerW, connectorCount: connectors.count
            )
        }
        var changesAt: [Timestamp] = []
        var own: [Int: Double] = [:]
        for machine in connectors {
            let (watts, change) = limit(machine.connectorId)
            own[machine.connectorId] = watts
            if let change { changesAt.append(change) }
        }
        let station = limit(0)
        if let change = station.changesAt { changesAt.append(change) }
        let active = connectors.filter(\.energyAllowed).map(\.connectorId)
        var shared = own
        var remaining = station.watts
        // Water-filling: the connectors needing least are served first, the rest shared equally.
        for (index, connectorId) in active.sorted(by: { own[$0]! < own[$1]! }).enumerated() {
            let share = remaining / Double(active.count - index)
            shared[connectorId] = min(own[connectorId]!, max(0, share))
            remaining -= shared[connectorId]!
        }
        return (shared, changesAt.min())
    }

    /// Remembers `watts` as put on connector `connectorId`'s power module.
    mutating func offered(_ watts: Double, connectorId: Int) {
        offeredPowerW[connectorId] = watts
    }

    /// Remembers when the limits change next: true when that differs from before (the owner
    /// then sets or cancels its timer).
    mutating func limitsChange(at changesAt: Timestamp?) -> Bool {
        guard changesAt != limitsChangeAt else { return false }
        limitsChangeAt = changesAt
        return true
    }

    /// The limit timer fired: the next change is not known until the limits are computed again.
    mutating func limitTimerFired() {
        limitsChangeAt = nil
    }
}

/// Why a charging profile was rejected (logged; SetChargingProfile answers Rejected).
struct RejectedProfile: Error, Equatable {
    var reason: String
}
