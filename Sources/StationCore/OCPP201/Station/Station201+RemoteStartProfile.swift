// The TxProfile a RequestStartTransaction may carry (K05): checked when the request comes,
// installed for the transaction the request starts as soon as that transaction has its id, so
// that the first energy offer already follows it.
//
// Choices where the specification leaves one: a chargingProfile whose purpose is not TxProfile
// makes the request Rejected; with SmartChargingCtrlr.Enabled false the profile is ignored; a
// profile that breaks a SetChargingProfile rule once its transaction runs is logged and dropped
// (the transaction goes on without it); it waits for its transaction until another remote start
// on the same EVSE or the station's reboot.

import OCPP201
import struct OCPP.BoundedString

extension Station201 {
    /// RequestStartTransaction with a chargingProfile: Rejected unless it is a TxProfile;
    /// otherwise answered as without it, the profile kept for the transaction started.
    func remoteStartWithProfile(_ request: RequestStartTransaction.Request) async -> RequestStartTransaction.Response {
        guard let profile = request.chargingProfile else { return await remoteStart(request) }
        guard profile.chargingProfilePurpose == .txProfile else {
            log("RequestStartTransaction rejected: its chargingProfile is a \(profile.chargingProfilePurpose.rawValue), not a TxProfile")
            return RequestStartTransaction.Response(status: .rejected)
        }
        let remoteStartId = request.remoteStartId
        // Known before the start when the EVSE is named, so that the first offer follows it.
        if let evseId = request.evseId, smartChargingEnabled { smartCharging.awaitedProfiles[evseId] = (remoteStartId, profile) }
        let response = await remoteStart(request)
        guard response.status == .accepted else {
            if let evseId = request.evseId { smartCharging.awaitedProfiles[evseId] = nil }
            return response
        }
        guard request.evseId == nil, smartChargingEnabled else { return response }
        let evseId = transactions.values.first { $0.remoteStartId == remoteStartId }?.evseId
            ?? pendingTokens.first { $0.value.remoteStartId == remoteStartId }?.key
        if let evseId {
            smartCharging.awaitedProfiles[evseId] = (remoteStartId, profile)
            installAwaitedProfiles()
        }
        return response
    }

    /// Installs each awaited TxProfile whose transaction now runs, with that transaction's id.
    func installAwaitedProfiles() {
        for (evseId, awaited) in smartCharging.awaitedProfiles {
            guard let transaction = transactions[evseId] else { continue }
            smartCharging.awaitedProfiles[evseId] = nil
            guard transaction.remoteStartId == awaited.remoteStartId else { continue }
            var profile = awaited.profile
            profile.transactionId = try? BoundedString<36>(transaction.id)
            var updated = smartCharging
            if let problem = updated.install(profile, evseId: evseId, rules: chargingProfileRules) {
                log("RequestStartTransaction's TxProfile \(profile.id) not installed on EVSE \(evseId): \(problem)")
            } else if saveChargingProfiles(updated.installed) {
                smartCharging.installed = updated.installed
                log("RequestStartTransaction's TxProfile \(profile.id) installed on EVSE \(evseId)")
            }
        }
    }
}
