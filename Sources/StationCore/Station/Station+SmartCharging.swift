// Smart Charging: SetChargingProfile, ClearChargingProfile and GetCompositeSchedule answered
// from the installed profiles (persisted whole on every change), and the effective limit put
// on each connector's power module after every input and at every instant it changes, on the
// injected clock.
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

extension Station {
    func setChargingProfile(_ request: SetChargingProfile.Request) -> Answer {
        let installed = install(request.csChargingProfiles, connectorId: request.connectorId, context: "SetChargingProfile")
        return .payload(SetChargingProfile.Response(status: installed ? .accepted : .rejected))
    }

    /// Validates `profile`, installs it on `connectorId` and persists the set; false (logged
    /// with `context`) when it was rejected or could not be saved.
    @discardableResult
    private func install(_ profile: ChargingProfile, connectorId: Int, context: String) -> Bool {
        var updated = chargingProfiles
        let outcome = updated.install(profile, connectorId: connectorId, limits: chargingProfileLimits) { connectorId in
            self.connectors[connectorId - 1].transaction?.transactionId
        }
        if case .rejected(let reason) = outcome {
            log("\(context): charging profile \(profile.chargingProfileId) on connector \(connectorId) rejected: \(reason)")
            return false
        }
        guard saveChargingProfiles(updated) else { return false }
        log("charging profile \(profile.chargingProfileId) installed on connector \(connectorId)")
        return true
    }

    func clearChargingProfile(_ request: ClearChargingProfile.Request) -> Answer {
        var updated = chargingProfiles
        guard updated.clear(id: request.id, connectorId: request.connectorId, purpose: request.chargingProfilePurpose, stackLevel: request.stackLevel) else {
            return .payload(ClearChargingProfile.Response(status: .unknown))
        }
        guard saveChargingProfiles(updated) else { return .payload(ClearChargingProfile.Response(status: .unknown)) }
        return .payload(ClearChargingProfile.Response(status: .accepted))
    }

    func getCompositeSchedule(_ request: GetCompositeSchedule.Request) -> Answer {
        guard (0...connectors.count).contains(request.connectorId), request.duration >= 0 else {
            return .payload(GetCompositeSchedule.Response(status: .rejected))
        }
        let start = Timestamp(millisecondsSince1970: (now.millisecondsSince1970 + 999) / 1000 * 1000)
        let schedule = CompositeSchedule.schedule(
            for: request.connectorId, from: start, duration: min(request.duration, 7 * 86_400), unit: request.chargingRateUnit ?? .watts,
            profiles: chargingProfiles, transactions: transactionContexts, supply: settings.supply,
            connectorMaximumW: settings.maximumPowerW, connectorCount: connectors.count
        )
        return .payload(GetCompositeSchedule.Response(status: .accepted, connectorId: request.connectorId, scheduleStart: start, chargingSchedule: schedule))
    }

    /// The limits the configuration keys set on installed profiles.
    private var chargingProfileLimits: ChargingProfileSet.Limits {
        let units = Set(configuration.list(.chargingScheduleAllowedChargingRateUnit).compactMap { name -> ChargingRateUnit? in
            name == "Current" ? .amperes : name == "Power" ? .watts : nil
        })
        return ChargingProfileSet.Limits(
            maxStackLevel: configuration.int(.chargeProfileMaxStackLevel), maxPeriods: configuration.int(.chargingScheduleMaxPeriods),
            maxInstalled: configuration.int(.maxChargingProfilesInstalled), allowedUnits: units, connectorCount: connectors.count
        )
    }

    /// The running transactions, for Relative profiles and TxProfiles.
    private var transactionContexts: [Int: TransactionContext] {
        var contexts: [Int: TransactionContext] = [:]
        for machine in connectors {
            if let record = machine.transaction {
                contexts[machine.connectorId] = TransactionContext(transactionId: record.transactionId, start: Timestamp(record.startTime))
            }
        }
        return contexts
    }

    /// Persists `updated` and makes it the installed set; false (logged) when the store failed.
    @discardableResult
    func saveChargingProfiles(_ updated: ChargingProfileSet) -> Bool {
        do {
            try store.saveDocument(.chargingProfiles, updated.profiles.isEmpty ? nil : updated.json)
        } catch {
            log("charging profiles not saved: \(error)")
            return false
        }
        chargingProfiles = updated
        return true
    }

    /// A transaction ended on `connectorId`: its TxProfile goes with it.
    func chargingTransactionEnded(connectorId: Int) {
        var updated = chargingProfiles
        updated.removeTransactionProfiles(connectorId: connectorId)
        if updated != chargingProfiles { saveChargingProfiles(updated) }
    }

    /// StartTransaction was answered on `connectorId`: a RemoteStartTransaction's TxProfile can
    /// now be installed.
    func installPendingTxProfile(connectorId: Int) {
        guard let pending = pendingTxProfiles[connectorId], connectors[connectorId - 1].transaction?.authorization.idToken == IdentifierToken(pending.idTag) else { return }
        pendingTxProfiles[connectorId] = nil
        install(pending.profile, connectorId: connectorId, context: "RemoteStartTransaction")
    }

    /// The power each connector may deliver now, W, with ChargePointMaxProfile shared among the
    /// connectors that deliver energy; and the next instant at which a limit changes.
    func chargingLimits() -> (watts: [Int: Double], changesAt: Timestamp?) {
        // No profile (the common case, run after every input): every connector may take its maximum.
        guard !chargingProfiles.profiles.isEmpty else {
            return (Dictionary(uniqueKeysWithValues: connectors.map { ($0.connectorId, settings.maximumPowerW) }), nil)
        }
        let at = now
        let contexts = transactionContexts
        func limit(_ connectorId: Int) -> (watts: Double, changesAt: Timestamp?) {
            CompositeSchedule.limit(
                for: connectorId, at: at, profiles: chargingProfiles, transactions: contexts, supply: settings.supply,
                connectorMaximumW: settings.maximumPowerW, connectorCount: connectors.count
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

    /// Puts the current limits on the power modules of the connectors that deliver energy and
    /// sets the timer for the next change.
    func applyChargingLimits() async {
        if chargingProfiles.profiles.contains(where: { $0.profile.validTo.map { $0 <= now } ?? false }) {
            var updated = chargingProfiles
            _ = updated.removeExpired(at: now)
            saveChargingProfiles(updated)
        }
        let (limits, changesAt) = chargingLimits()
        for machine in connectors where machine.energyAllowed {
            let watts = limits[machine.connectorId] ?? settings.maximumPowerW
            guard offeredPowerW[machine.connectorId] != watts else { continue }
            await offerEnergy(true, connectorId: machine.connectorId, limits: limits)
        }
        guard changesAt != chargingLimitChangesAt else { return }
        chargingLimitChangesAt = changesAt
        if let changesAt {
            let delay = max(0, changesAt.millisecondsSince1970 - now.millisecondsSince1970)
            startTimer(.chargingLimit, after: .milliseconds(delay))
        } else {
            cancelTimer(.chargingLimit)
        }
    }
}
