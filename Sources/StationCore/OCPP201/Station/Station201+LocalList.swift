// The authorization cache and the local list of a 2.0.1 station as the CSMS manages them:
// SendLocalList and GetLocalListVersion (D01, D02), ClearCache (C11), the cache taking in the
// CSMS's idTokenInfo (C10), both kept in the store and reported in the device model.

import ChargingCore
import OCPP201
import struct OCPP.BoundedString

extension Station201 {
    /// SendLocalList: Failed while LocalAuthListCtrlr.Enabled is false; else the update is
    /// applied whole or not at all (see `LocalAuthList201`), checked against ItemsPerMessage,
    /// BytesPerMessage (the received frame) and the list's capacity, and stored before the
    /// answer.
    func sendLocalList(_ request: SendLocalList.Request, frameBytes: Int) -> SendLocalList.Response {
        guard model.authorizationSettings.localListEnabled else {
            return SendLocalList.Response(status: .failed, statusInfo: StatusInfo(reason: "Disabled", detail: "LocalAuthListCtrlr.Enabled is false"))
        }
        if let limit = model.integer(.localAuthListBytesPerMessage), frameBytes > limit {
            return SendLocalList.Response(status: .failed, statusInfo: StatusInfo(reason: "TooLargeElement", detail: "\(frameBytes) bytes, BytesPerMessage is \(limit)"))
        }
        let limits = LocalListLimits201(
            maximumEntries: DeviceModel.localAuthListCapacity, maximumBytes: DeviceModel.localAuthListCapacityBytes,
            itemsPerMessage: model.integer(.localAuthListItemsPerMessage) ?? 100
        )
        var list = authorization.localList
        let (status, reason) = list.apply(request, limits: limits)
        guard status == .accepted else {
            log("SendLocalList \(status.rawValue): \(reason ?? "")")
            let code: String = status == .versionMismatch ? "VersionMismatch" : "InvalidList"
            return SendLocalList.Response(status: status, statusInfo: reason.map { StatusInfo(reason: code, detail: $0) })
        }
        do {
            try store.saveDocument(.ocpp201LocalAuthList, list.json)
        } catch {
            log("local list not stored: \(error)")
            return SendLocalList.Response(status: .failed, statusInfo: StatusInfo(reason: "InternalError", detail: "the list could not be stored"))
        }
        authorization.localList = list
        reportAuthorizationStorage()
        log("local list at version \(list.version), \(list.count) tokens")
        return SendLocalList.Response(status: .accepted)
    }

    /// GetLocalListVersion: the version of the last update applied; 0 before any, and while
    /// LocalAuthListCtrlr.Enabled is false.
    func localListVersion() -> GetLocalListVersion.Response {
        GetLocalListVersion.Response(versionNumber: model.authorizationSettings.localListEnabled ? authorization.localList.version : 0)
    }

    /// ClearCache: Rejected while AuthCacheCtrlr.Enabled is false; else the cache is emptied
    /// (and stored empty) before the answer.
    func clearCache() -> ClearCache.Response {
        guard model.authorizationSettings.cacheEnabled else {
            return ClearCache.Response(status: .rejected, statusInfo: StatusInfo(reason: "Disabled", detail: "AuthCacheCtrlr.Enabled is false"))
        }
        authorization.cache.clear()
        saveCache()
        return ClearCache.Response(status: .accepted)
    }

    /// Takes in an idTokenInfo the CSMS gave for `token` (in an Authorize or a TransactionEvent
    /// answer): cached while the cache is enabled, except for tokens in the local list (the
    /// list stays the reference; the CSMS corrects it with SendLocalList) and tokens of the
    /// types Central and NoAuthorization, which are never authorized.
    func learn(_ token: IdToken, _ info: IdTokenInfo) {
        let settings = model.authorizationSettings
        guard settings.cacheEnabled, token.type.needsAuthorization else { return }
        if settings.localListEnabled, authorization.localList.info(for: token) != nil { return }
        authorization.cache.store(
            token, info, now: now.millisecondsSince1970, lifeTimeSeconds: settings.cacheLifeTimeSeconds, policy: settings.cachePolicy,
            capacityBytes: DeviceModel.authCacheCapacityBytes
        )
        saveCache()
    }

    /// Records that the cache's entry for `token` (if any) decided now.
    func markCacheUsed(_ token: IdToken) {
        guard model.authorizationSettings.cacheEnabled, authorization.cache.info(
            for: token, now: now.millisecondsSince1970, lifeTimeSeconds: model.authorizationSettings.cacheLifeTimeSeconds
        ) != nil else { return }
        authorization.cache.markUsed(token, now: now.millisecondsSince1970)
        saveCache()
    }

    /// Writes the cache to the store and its size to the device model.
    func saveCache() {
        do {
            try store.saveDocument(.ocpp201AuthorizationCache, authorization.cache.count == 0 ? nil : authorization.cache.json)
        } catch {
            log("authorization cache not stored: \(error)")
        }
        reportAuthorizationStorage()
    }

    /// AuthCacheCtrlr.Storage, LocalAuthListCtrlr.Entries and Storage as they are now.
    func reportAuthorizationStorage() {
        model.reportStorage(of: authorization)
    }
}
