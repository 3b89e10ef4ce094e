// Smart charging of a 2.0.1 station (functional block K): SetChargingProfile,
// GetChargingProfiles with its ReportChargingProfiles, ClearChargingProfile and
// GetCompositeSchedule; the profiles persisted before the answer and restored at boot; the
// limit put on each EVSE's power module through the same EnergyOffer path as 1.6, after every
// input (a new profile takes effect once its answer is made) and at every instant it changes, with an Updated event (ChargingRateChanged) when it does.
//
// Choices where the specification leaves one:
// - With SmartChargingCtrlr.Enabled false, SetChargingProfile is Rejected and no limit applies.
// - GetCompositeSchedule without chargingRateUnit answers in W; it starts on the next whole
//   second and covers at most 7 days, as the 1.6 station does.
// - ReportChargingProfiles: one message per EVSE (EVSE 0 first), tbc on all but the last.
// - ChargingRateChanged is sent when the limit on an EVSE with a transaction moves by at least
//   SmartChargingCtrlr.LimitChangeSignificance percent of the limit before.

import ChargingCore
import OCPP201
import StationHAL
import struct OCPP.BoundedString
import struct OCPP.Timestamp
import enum OCPP.JSONValue
import enum OCPP.PayloadEncoding
import enum OCPP.PayloadDecoding

extension Station201 {
    var smartChargingEnabled: Bool { model.flag(.smartChargingCtrlr, "Enabled", default: true) }

    /// The rules SetChargingProfile checks, from the device model and the running transactions.
    var chargingProfileRules: SmartCharging201.Rules {
        let units = Set((model.value(VariableKey(.smartChargingCtrlr, VariableReference(name: "RateUnit"))) ?? "A,W")
            .split(separator: ",").compactMap { OCPP201.ChargingRateUnit(rawValue: String($0)) })
        let running = transactions.mapValues(\.id)
        return SmartCharging201.Rules(
            evseCount: connectors.count,
            maxStackLevel: model.integer(VariableKey(.smartChargingCtrlr, VariableReference(name: "ProfileStackLevel"))) ?? DeviceModel.profileStackLevel,
            maxPeriods: model.integer(VariableKey(.smartChargingCtrlr, VariableReference(name: "PeriodsPerSchedule"))) ?? DeviceModel.periodsPerSchedule,
            maxInstalled: DeviceModel.maximumChargingProfiles, allowedUnits: units, runningTransaction: { running[$0] }
        )
    }

    // MARK: Requests

    func setChargingProfile(_ request: SetChargingProfile.Request) -> SetChargingProfile.Response {
        guard smartChargingEnabled else { return SetChargingProfile.Response(status: .rejected, statusInfo: StatusInfo(reason: "Disabled")) }
        var updated = smartCharging
        if let problem = updated.install(request.chargingProfile, evseId: request.evseId, rules: chargingProfileRules) {
            log("SetChargingProfile: profile \(request.chargingProfile.id) on EVSE \(request.evseId) rejected: \(problem)")
            return SetChargingProfile.Response(status: .rejected, statusInfo: StatusInfo(reason: "InvalidProfile", detail: problem))
        }
        guard saveChargingProfiles(updated.installed) else {
            return SetChargingProfile.Response(status: .rejected, statusInfo: StatusInfo(reason: "InternalError", detail: "the profile could not be stored"))
        }
        smartCharging.installed = updated.installed
        log("charging profile \(request.chargingProfile.id) installed on EVSE \(request.evseId)")
        return SetChargingProfile.Response(status: .accepted)
    }

    /// GetChargingProfiles: Accepted and the profiles in ReportChargingProfiles after the answer,
    /// or NoProfiles.
    func getChargingProfiles(_ request: GetChargingProfiles.Request) -> GetChargingProfiles.Response {
        let selected = smartCharging.selected(evseId: request.evseId, request.chargingProfile)
        guard !selected.isEmpty else { return GetChargingProfiles.Response(status: .noProfiles) }
        let evses = Set(selected.map(\.evseId)).sorted()
        for (index, evseId) in evses.enumerated() {
            let profiles = selected.filter { $0.evseId == evseId }.map(\.chargingProfile)
            send(ReportChargingProfiles.Request(
                requestId: request.requestId, chargingLimitSource: .cso, chargingProfile: profiles, tbc: index < evses.count - 1 ? true : nil, evseId: evseId
            ))
        }
        return GetChargingProfiles.Response(status: .accepted)
    }

    func clearChargingProfile(_ request: ClearChargingProfile.Request) -> ClearChargingProfile.Response {
        var updated = smartCharging
        guard updated.clear(request), saveChargingProfiles(updated.installed) else { return ClearChargingProfile.Response(status: .unknown) }
        smartCharging.installed = updated.installed
        return ClearChargingProfile.Response(status: .accepted)
    }

    /// GetCompositeSchedule of one EVSE or (0) the station, from the core's composite schedule.
    func compositeSchedule(_ request: GetCompositeSchedule.Request) -> GetCompositeSchedule.Response {
        let unit = request.chargingRateUnit ?? .w
        guard (0...connectors.count).contains(request.evseId), request.duration >= 0, chargingProfileRules.allowedUnits.contains(unit) else {
            return GetCompositeSchedule.Response(status: .rejected)
        }
        let context = smartChargingContext
        let start = Timestamp(millisecondsSince1970: (now.millisecondsSince1970 + 999) / 1000 * 1000)
        let duration = min(request.duration, 7 * 86_400)
        let schedule = CompositeSchedule.schedule(
            for: request.evseId, from: start, duration: duration, unit: unit == .a ? .amperes : .watts,
            profiles: smartChargingEnabled ? smartCharging.coreSet : ChargingProfileSet(), transactions: context.transactions,
            supply: context.supply, connectorMaximumW: context.maximumPowerW, connectorCount: connectors.count
        )
        let periods = schedule.chargingSchedulePeriod.map {
            OCPP201.ChargingSchedulePeriod(startPeriod: $0.startPeriod, limit: $0.limit.value, numberPhases: $0.numberPhases)
        }
        return GetCompositeSchedule.Response(status: .accepted, schedule: GetCompositeSchedule.CompositeSchedule(
            chargingSchedulePeriod: periods, evseId: request.evseId, duration: duration, scheduleStart: start, chargingRateUnit: unit
        ))
    }

    // MARK: Persistence

    /// Writes `profiles` to the store and updates SmartChargingCtrlr.Entries; false (logged)
    /// when the store failed.
    func saveChargingProfiles(_ profiles: [InstalledProfile201]) -> Bool {
        do {
            try store.saveDocument(.ocpp201ChargingProfiles, profiles.isEmpty ? nil : try PayloadEncoding.encode(profiles))
        } catch {
            log("charging profiles not saved: \(error)")
            return false
        }
        model.update(VariableKey(.smartChargingCtrlr, VariableReference(name: "Entries", instance: "ChargingProfiles")), to: String(profiles.count))
        return true
    }

    /// Reads the profiles stored before the reboot.
    func restoreChargingProfiles() {
        do {
            guard let document = try store.document(.ocpp201ChargingProfiles) else { return }
            smartCharging.installed = try PayloadDecoding.decode([InstalledProfile201].self, from: document)
            model.update(VariableKey(.smartChargingCtrlr, VariableReference(name: "Entries", instance: "ChargingProfiles")), to: String(smartCharging.installed.count))
        } catch {
            log("stored charging profiles unreadable, none apply: \(error)")
        }
    }

    /// The transaction on `evseId` ended: its TxProfiles go with it.
    func transactionEndedForSmartCharging(evseId: Int) async {
        var updated = smartCharging
        if updated.transactionEnded(evseId: evseId), saveChargingProfiles(updated.installed) { smartCharging.installed = updated.installed }
    }

    // MARK: Limits on the power modules

    /// What the core's limit computation needs to know of the station now.
    var smartChargingContext: SmartChargingService.Context {
        SmartChargingService.Context(connectors: connectors, supply: settings.supply, maximumPowerW: settings.maximumPowerW, now: now)
    }

    /// The power each EVSE may deliver now, W, and when that changes next.
    func chargingLimits() -> (watts: [Int: Double], changesAt: Timestamp?) {
        let profiles = smartChargingEnabled ? smartCharging.coreSet : ChargingProfileSet()
        return SmartChargingService(profiles: profiles).limits(in: smartChargingContext)
    }

    /// The energy offer for `evseId`: its current limit, capped by the hardware's maximum.
    func energyOffer(evseId: Int, enabled: Bool) -> EnergyOffer {
        guard enabled else { return .off }
        installAwaitedProfiles()
        let watts = chargingLimits().watts[evseId] ?? settings.maximumPowerW
        return EnergyOffer(enabled: true, maximumPowerW: min(watts, settings.maximumPowerW))
    }

    /// Puts the current limits on the EVSEs that deliver energy, reports a changed rate, and
    /// sets the timer for the next change. Runs after every input.
    func applyChargingLimits() async {
        installAwaitedProfiles()
        var expired = smartCharging
        if expired.expire(at: now), saveChargingProfiles(expired.installed) { smartCharging.installed = expired.installed }
        let (limits, changesAt) = chargingLimits()
        for machine in connectors {
            let evseId = machine.connectorId
            guard machine.energyAllowed else {
                smartCharging.offeredW[evseId] = nil
                continue
            }
            let watts = min(limits[evseId] ?? settings.maximumPowerW, settings.maximumPowerW)
            let before = smartCharging.offeredW[evseId]
            guard before != watts else { continue }
            await offer(EnergyOffer(enabled: true, maximumPowerW: watts), evseId: evseId)
            if let before, transactions[evseId] != nil, abs(watts - before) >= before * model.limitChangeSignificance / 100 {
                await queueEvent(evseId: evseId, .updated, trigger: .chargingRateChanged, meter: nil, context: .other)
            }
        }
        guard changesAt != smartCharging.limitChangesAt else { return }
        smartCharging.limitChangesAt = changesAt
        smartCharging.limitTask?.cancel()
        smartCharging.limitTask = changesAt.map { after(.milliseconds(max(0, $0.millisecondsSince1970 - now.millisecondsSince1970)), .chargingLimitTick) }
    }

    /// Puts `offer` on the EVSE's power module and remembers it.
    func offer(_ offer: EnergyOffer, evseId: Int) async {
        smartCharging.offeredW[evseId] = offer.enabled ? offer.maximumPowerW : nil
        do {
            try await hardware.connectors[evseId - 1].offer(offer)
        } catch {
            log("connector \(evseId): energy offer failed: \(error)")
        }
    }

    func chargingLimitTick() async {
        smartCharging.limitChangesAt = nil
        await applyChargingLimits()
    }

    /// SetVariables may have changed an interval, a measurand list or an Enabled flag.
    func meteringAndSmartChargingVariablesChanged() {
        scheduleAlignedSampling()
    }
}
