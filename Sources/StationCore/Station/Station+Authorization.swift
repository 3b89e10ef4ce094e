// Cards at the reader: stopping a transaction with the same tag or a tag of the same parent, or
// authorizing a new session (cache, policy keys, Authorize), and caching every idTagInfo the
// central system returns.

import OCPP

extension Station {
    /// Whether the station may ask the central system now.
    var canAskCentralSystem: Bool { connected && registration == .accepted }

    func cardPresented(idTag text: String, connectorId: Int?) async {
        guard let idTag = try? IdToken(text) else {
            log("card '\(text)' ignored: longer than 20 characters")
            return
        }
        // The same tag stops its own transaction without asking anyone.
        if let index = connectors.firstIndex(where: { $0.transaction?.authorization.idTag == idTag }) {
            log("connector \(index + 1): stopped by the tag that started it")
            await perform(connectors[index].handle(.stopRequested(.local, idTag: idTag)), connectorId: index + 1)
            return
        }
        let cached = configuration.bool(.authorizationCacheEnabled) ? (try? store.cachedAuthorization(idTag)) ?? nil : nil
        let policy = AuthorizationPolicy(configuration)
        let runningTransactions = connectors.contains { $0.transaction != nil }
        // A tag that might share a parent with a running transaction needs its parent: ask.
        let decision = runningTransactions && canAskCentralSystem
            ? .askCentralSystem
            : policy.decide(cached: cached, online: canAskCentralSystem, now: now)
        switch decision {
        case .askCentralSystem:
            enqueue(.authorize(idTag, .card(connectorId: connectorId)))
        case .accept(let info):
            await applyCard(idTag: idTag, info: info, connectorId: connectorId)
        case .reject(let info):
            if await stopByParent(idTag: idTag, info: info) { return }
            log("tag \(idTag) refused locally: \(info.status.rawValue)")
        }
    }

    func handleAuthorizeAnswer(_ idTag: IdToken, _ purpose: AuthorizePurpose, _ result: Result<Authorize.Response, LinkError>) async {
        let info: IdTagInfo
        switch result {
        case .success(let response):
            info = AuthorizationPolicy.effective(response.idTagInfo, now: now)
            cacheIdTagInfo(of: idTag, response.idTagInfo)
        case .failure(let error):
            log("Authorize for \(idTag) not answered (\(error)); deciding locally")
            let cached = configuration.bool(.authorizationCacheEnabled) ? (try? store.cachedAuthorization(idTag)) ?? nil : nil
            switch AuthorizationPolicy(configuration).decideWithoutAnswer(cached: cached, now: now) {
            case .accept(let local): info = local
            case .reject(let local): info = local
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
            await perform(connectors[connectorId - 1].handle(.authorized(Authorization(idTag: idTag, parentIdTag: info.parentIdTag))), connectorId: connectorId)
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
        guard let target = connectorForNewSession(chosen: connectorId) else {
            log("tag \(idTag) accepted but no connector is free for a new session")
            return
        }
        await perform(connectors[target - 1].handle(.authorized(Authorization(idTag: idTag, parentIdTag: info.parentIdTag))), connectorId: target)
    }

    /// Stops the transaction whose starting tag has the same parent as `idTag`, if any.
    private func stopByParent(idTag: IdToken, info: IdTagInfo) async -> Bool {
        guard let parent = info.parentIdTag,
              let index = connectors.firstIndex(where: { $0.transaction?.authorization.parentIdTag == parent })
        else { return false }
        log("connector \(index + 1): stopped by \(idTag), which has the same parent \(parent)")
        await perform(connectors[index].handle(.stopRequested(.local, idTag: idTag)), connectorId: index + 1)
        return true
    }

    /// The connector for a new session: the chosen one if it accepts a session; otherwise a
    /// plugged connector waiting for authorization, else the first free one.
    func connectorForNewSession(chosen: Int?) -> Int? {
        guard pendingReset == nil else { return nil }
        if let chosen {
            guard (1...connectors.count).contains(chosen), connectors[chosen - 1].acceptsNewSession else { return nil }
            return chosen
        }
        let free = connectors.filter { $0.acceptsNewSession && stationAvailability == .operative }
        return (free.first(where: \.plugged) ?? free.first)?.connectorId
    }

    /// Updates the authorization cache from an idTagInfo the central system returned.
    func cacheIdTagInfo(of idTag: IdToken?, _ info: IdTagInfo) {
        guard let idTag, configuration.bool(.authorizationCacheEnabled) else { return }
        do {
            try store.cacheAuthorization(idTag, info)
        } catch {
            log("authorization cache not updated: \(error)")
        }
    }
}
