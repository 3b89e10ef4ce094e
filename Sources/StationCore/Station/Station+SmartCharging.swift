// Routing of Smart Charging: SetChargingProfile, ClearChargingProfile and GetCompositeSchedule
// go to the SmartChargingService; the station persists a changed profile set before answering,
// and puts the limits in force on each connector's power module after every input and at every
// instant they change, on the injected clock.

import ChargingCore
import OCPP

extension Station {
    /// What the smart-charging decisions need to know of the station now.
    var smartChargingContext: SmartChargingService.Context {
        SmartChargingService.Context(connectors: connectors, supply: settings.supply, maximumPowerW: settings.maximumPowerW, now: now)
    }

    func setChargingProfile(_ request: SetChargingProfile.Request) -> Answer {
        let installed = install(request.csChargingProfiles, connectorId: request.connectorId, context: "SetChargingProfile")
        return .payload(SetChargingProfile.Response(status: installed ? .accepted : .rejected))
    }

    /// Validates `profile`, installs it on `connectorId` and persists the set; false (logged
    /// with `context`) when it was rejected or could not be saved.
    @discardableResult
    private func install(_ profile: ChargingProfile, connectorId: Int, context: String) -> Bool {
        switch smartCharging.installing(profile, connectorId: connectorId, limits: chargingProfileLimits, in: smartChargingContext) {
        case .failure(let rejection):
            log("\(context): charging profile \(profile.chargingProfileId) on connector \(connectorId) rejected: \(rejection.reason)")
            return false
        case .success(let updated):
            guard saveChargingProfiles(updated) else { return false }
            log("charging profile \(profile.chargingProfileId) installed on connector \(connectorId)")
            return true
        }
    }

    func clearChargingProfile(_ request: ClearChargingProfile.Request) -> Answer {
        guard let updated = smartCharging.clearing(request), saveChargingProfiles(updated) else {
            return .payload(ClearChargingProfile.Response(status: .unknown))
        }
        return .payload(ClearChargingProfile.Response(status: .accepted))
    }

    func getCompositeSchedule(_ request: GetCompositeSchedule.Request) -> Answer {
        .payload(smartCharging.compositeSchedule(request, in: smartChargingContext))
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

    /// Persists `updated` and makes it the installed set; false (logged) when the store failed.
    @discardableResult
    func saveChargingProfiles(_ updated: ChargingProfileSet) -> Bool {
        do {
            try store.saveDocument(.chargingProfiles, SmartChargingService.document(updated))
        } catch {
            log("charging profiles not saved: \(error)")
            return false
        }
        smartCharging.commit(updated)
        return true
    }

    /// A transaction ended on `connectorId`: its TxProfile goes with it.
    func chargingTransactionEnded(connectorId: Int) {
        if let updated = smartCharging.endingTransaction(connectorId: connectorId) { saveChargingProfiles(updated) }
    }

    /// StartTransaction was answered on `connectorId`: a RemoteStartTransaction's TxProfile can
    /// now be installed.
    func installPendingTxProfile(connectorId: Int) {
        let startedBy = connectors[connectorId - 1].transaction?.authorization.idToken
        guard let profile = smartCharging.takeAwaitedProfile(connectorId: connectorId, startedBy: startedBy) else { return }
        install(profile, connectorId: connectorId, context: "RemoteStartTransaction")
    }

    /// The power each connector may deliver now, W, and when a limit changes next.
    func chargingLimits() -> (watts: [Int: Double], changesAt: Timestamp?) {
        smartCharging.limits(in: smartChargingContext)
    }

    /// Puts the current limits on the power modules of the connectors that deliver energy and
    /// sets the timer for the next change.
    func applyChargingLimits() async {
        if let updated = smartCharging.expiring(at: now) { saveChargingProfiles(updated) }
        let (limits, changesAt) = chargingLimits()
        for machine in connectors where machine.energyAllowed {
            let watts = limits[machine.connectorId] ?? settings.maximumPowerW
            guard smartCharging.offeredPowerW[machine.connectorId] != watts else { continue }
            await offerEnergy(true, connectorId: machine.connectorId, limits: limits)
        }
        guard smartCharging.limitsChange(at: changesAt) else { return }
        if let changesAt {
            let delay = max(0, changesAt.millisecondsSince1970 - now.millisecondsSince1970)
            startTimer(.chargingLimit, after: .milliseconds(delay))
        } else {
            cancelTimer(.chargingLimit)
        }
    }
}
