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
        if let index = connectors.firstIndex(where: { $0.transaction?.authorization.idToken == IdentifierToken(idTag) }) {
            log("connector \(index + 1): stopped by the tag that started it")
            await perform(connectors[index].handle(.stopRequested(.local, idToken: IdentifierToken(idTag))), connectorId: index + 1)
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
            if await stopByParent(idTag: idTag, info: info.idTagInfo) { return }
            log("tag \(idTag) refused locally: \(info.idTagInfo.status.rawValue)")
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
    /// session on the chosen (or best) connector.
    private func applyCard(idTag: IdToken, info: IdTagInfo, connectorId: Int?) async {
        if await stopByParent(idTag: idTag, info: info) { return }
        guard info.status == .accepted else {
            log("tag \(idTag) not accepted: \(info.status.rawValue)")
            return
        }
        guard let (target, reservationId) = connectorForNewSession(chosen: connectorId, idTag: idTag, parentIdTag: info.parentIdTag) else {
            log("tag \(idTag) accepted but no connector is free for it (in use, unavailable or reserved)")
            return
        }
        let authorization = Authorization(idToken: IdentifierToken(idTag), groupIdToken: info.parentIdTag.map(IdentifierToken.init), reservationId: reservationId)
        await perform(connectors[target - 1].handle(.authorized(authorization)), connectorId: target)
    }

    /// Stops the transaction whose starting tag has the same parent as `idTag`, if any.
    private func stopByParent(idTag: IdToken, info: IdTagInfo) async -> Bool {
        guard let parent = info.parentIdTag,
              let index = connectors.firstIndex(where: { $0.transaction?.authorization.groupIdToken == IdentifierToken(parent) })
        else { return false }
        log("connector \(index + 1): stopped by \(idTag), which has the same parent \(parent)")
        await perform(connectors[index].handle(.stopRequested(.local, idToken: IdentifierToken(idTag))), connectorId: index + 1)
        return true
    }

    /// The connector for a new session of `idTag`, and the reservation it uses: the chosen one
    /// if it accepts a session for this tag; otherwise the connector reserved for the tag, a
    /// plugged connector waiting for authorization, else the first free one. Connectors that a
    /// reservation keeps for someone else are left out.
    func connectorForNewSession(chosen: Int?, idTag: IdToken, parentIdTag: IdToken?) -> (connectorId: Int, reservationId: Int?)? {
        guard pendingReset == nil, !firmware.blocksSessions else { return nil }
        let usable = connectors.filter { charger.acceptsNewSession($0.connectorId) }.compactMap { machine -> (ConnectorStateMachine, ReservationService.Check)? in
            let check = reservationCheck(connectorId: machine.connectorId, idTag: idTag, parentIdTag: parentIdTag)
            return check == .refused ? nil : (machine, check)
        }
        if let chosen {
            guard let (_, check) = usable.first(where: { $0.0.connectorId == chosen }) else { return nil }
            return (chosen, check.reservationId)
        }
        let reserved = usable.first { machine, check in check != .free && machine.reserved }
        guard let (machine, check) = reserved ?? usable.first(where: { $0.0.plugged }) ?? usable.first else { return nil }
        return (machine.connectorId, check.reservationId)
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
