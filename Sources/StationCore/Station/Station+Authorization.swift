// Cards at the reader: stopping a transaction with the same tag or a tag of the same parent, or
// authorizing a new session (cache, policy keys, Authorize), and caching every idTagInfo the
// central system returns.

import ChargingCore
import OCPP

extension Station {
    func cardPresented(idTag text: String, connectorId: Int?) async {
        guard let idTag = try? IdToken(text) else {
            log("card '\(text)' ignored: longer than 20 characters")
            return
        }
        // The same tag stops its own transaction without asking anyone.
        if let connectorId = charger.transactionStarted(by: IdentifierToken(idTag)) {
            log("connector \(connectorId): stopped by the tag that started it")
            await perform(connectors[connectorId - 1].handle(.stopRequested(.local, idToken: IdentifierToken(idTag))), connectorId: connectorId)
            return
        }
        let listed = localListEntry(for: idTag)
        let cached = listed == nil ? cachedIdTagInfo(of: idTag) : nil
        let policy = AuthorizationPolicy(configuration)
        let runningTransactions = connectors.contains { $0.transaction != nil }
        // A tag that might share a parent with a running transaction needs its parent: ask
        // (a listed tag's parent is known).
        let decision = runningTransactions && registration.canAskCentralSystem && listed == nil
            ? .askCentralSystem
            : policy.decide(listed: listed, cached: cached, online: registration.canAskCentralSystem, now: now)
        switch decision {
        case .askCentralSystem:
            enqueue(.authorize(idTag, .card(connectorId: connectorId)))
        case .accept(let info):
            await applyCard(idTag: idTag, info: info.idTagInfo, connectorId: connectorId)
        case .reject(let info):
            // Refused, but a tag of a running transaction's group still stops it.
            await applyCard(idTag: idTag, info: info.idTagInfo, connectorId: connectorId)
        }
    }

    func handleAuthorizeAnswer(_ idTag: IdToken, _ purpose: AuthorizePurpose, _ result: Result<Authorize.Response, LinkError>) async {
        let info: IdTagInfo
        switch result {
        case .success(let response):
            info = AuthorizationPolicy.effective(response.idTagInfo, now: now)
            let connectorId: Int? = switch purpose {
            case .card(let connectorId): connectorId
            case .remoteStart(let connectorId): connectorId
            }
            learnIdTagInfo(of: idTag, response.idTagInfo, connectorId: connectorId ?? 0)
        case .failure(let error):
            log("Authorize for \(idTag) not answered (\(error)); deciding locally")
            let listed = localListEntry(for: idTag)
            let cached = listed == nil ? cachedIdTagInfo(of: idTag) : nil
            switch AuthorizationPolicy(configuration).decideWithoutAnswer(listed: listed, cached: cached, now: now) {
            case .accept(let local): info = local.idTagInfo
            case .reject(let local): info = local.idTagInfo
            case .askCentralSystem: info = IdTagInfo(status: .invalid)
            }
        }
        switch purpose {
        case .card(let connectorId):
            await applyCard(idTag: idTag, info: info, connectorId: connectorId)
        case .remoteStart(let connectorId):
            guard info.status == .accepted else {
                log("remote start on connector \(connectorId) refused: \(idTag) is \(info.status.rawValue)")
                return
            }
            let check = reservationCheck(connectorId: connectorId, idTag: idTag, parentIdTag: info.parentIdTag)
            guard check != .refused else {
                log("remote start on connector \(connectorId) refused: a reservation holds it for another user")
                return
            }
            let authorization = Authorization(idToken: IdentifierToken(idTag), groupIdToken: info.parentIdTag.map(IdentifierToken.init), reservationId: check.reservationId)
            await perform(connectors[connectorId - 1].handle(.authorized(authorization)), connectorId: connectorId)
        }
    }

    /// Acts on a card whose status is known: stop a transaction of the same parent, or begin a
    /// session on the chosen (or best) connector (decided by the charger).
    private func applyCard(idTag: IdToken, info: IdTagInfo, connectorId: Int?) async {
        let decision = charger.decide(
            card: IdentifierToken(idTag), info: IdentifierInfo(info), chosen: connectorId, sessionsBlocked: sessionsBlocked
        ) { target in reservationCheck(connectorId: target, idTag: idTag, parentIdTag: info.parentIdTag) }
        await perform(decision, idTag: idTag)
    }

    /// Performs the charger's decision about a card.
    private func perform(_ decision: CardDecision, idTag: IdToken) async {
        switch decision {
        case .stop(let connectorId, _):
            log("connector \(connectorId): stopped by \(idTag), which has the same parent as the tag that started it")
            await perform(connectors[connectorId - 1].handle(.stopRequested(.local, idToken: IdentifierToken(idTag))), connectorId: connectorId)
        case .authorize(let connectorId, let authorization):
            await perform(connectors[connectorId - 1].handle(.authorized(authorization)), connectorId: connectorId)
        case .refuse(let reason):
            log("tag \(reason)")
        }
    }

    /// No new session starts while a reset or a firmware installation is pending.
    var sessionsBlocked: Bool { reboot.isPending || firmware.blocksSessions }

    /// The connector for a new session of `idTag` (a remote start's), and the reservation it uses.
    func connectorForNewSession(chosen: Int?, idTag: IdToken, parentIdTag: IdToken?) -> (connectorId: Int, reservationId: Int?)? {
        charger.connectorForNewSession(chosen: chosen, sessionsBlocked: sessionsBlocked) { target in
            reservationCheck(connectorId: target, idTag: idTag, parentIdTag: parentIdTag)
        }
    }

    /// The local list's entry for `idTag` while LocalAuthListEnabled is true.
    func localListEntry(for idTag: IdToken) -> IdTagInfo? {
        configuration.bool(.localAuthListEnabled) ? localList.info(for: idTag) : nil
    }

    /// The cache's entry for `idTag` while AuthorizationCacheEnabled is true.
    func cachedIdTagInfo(of idTag: IdToken) -> IdTagInfo? {
        configuration.bool(.authorizationCacheEnabled) ? (try? store.cachedAuthorization(idTag)) ?? nil : nil
    }

    /// Takes in an idTagInfo the central system returned (in an Authorize, StartTransaction or
    /// StopTransaction answer) for a session on `connectorId` (0 when none): an answer that
    /// contradicts the local list is reported with a StatusNotification of error code
    /// LocalListConflict (the list entry stays; the central system corrects it with
    /// SendLocalList); a tag that is not in the list is cached.
    func learnIdTagInfo(of idTag: IdToken?, _ info: IdTagInfo, connectorId: Int) {
        guard let idTag else { return }
        if let listed = localListEntry(for: idTag) {
            if listed.status != info.status, registration.isAccepted {
                log("the central system says \(idTag) is \(info.status.rawValue), the local list says \(listed.status.rawValue): LocalListConflict")
                let current = effectiveStatus(of: connectorId)
                sendStatus(connectorId: connectorId, StatusReport(status: current.status, errorCode: .localListConflict))
            }
            return
        }
        guard configuration.bool(.authorizationCacheEnabled) else { return }
        do {
            try store.cacheAuthorization(idTag, info)
        } catch {
            log("authorization cache not updated: \(error)")
        }
    }
}
