// Tokens presented to a 2.0.1 station (a card at the reader, a RequestStartTransaction's
// idToken): the token of a running transaction stops it; another is decided locally (local list,
// cache, the AuthCtrlr policy) or by an Authorize, then stops a transaction of its group (C09),
// stops everything as a master pass (C16), or gets an EVSE it is allowed on.

import ChargingCore
import OCPP201
import StationHAL
import struct OCPP.BoundedString

/// Why a token is being authorized.
enum TokenPurpose201: Sendable, Equatable {
    /// A card at the reader, for a connector when the reader knows one.
    case card(connectorId: Int?)
    /// A RequestStartTransaction (AuthorizeRemoteStart true).
    case remoteStart(evseId: Int?, remoteStartId: Int)
}

/// An Authorize that came back (or did not): what the station acts on.
struct AuthorizeOutcome201: Sendable, Equatable {
    /// The token sent.
    var token: IdToken
    /// Why it was sent.
    var purpose: TokenPurpose201
    /// The CSMS's idTokenInfo, or why there is none.
    var result: Result<IdTokenInfo, Link201Error>
}

extension Station201 {
    /// A card at the reader (an ISO14443 token): the token of a running transaction stops it
    /// without asking anyone; another is authorized (`present`).
    func cardPresented(_ idTag: String, connectorId: Int?) async {
        guard let text = try? BoundedString<36>(idTag) else {
            log("card '\(idTag)' ignored: longer than 36 characters")
            return
        }
        if let running = transactions.values.first(where: { $0.idToken.map { IdentifierToken($0) } == IdentifierToken(idTag) }) {
            await stopTransaction(evseId: running.evseId, reason: .local, idTag: idTag)
            return
        }
        await present(IdToken(idToken: text, type: .iso14443), purpose: .card(connectorId: connectorId))
    }

    /// Decides on `token` locally, or sends an Authorize whose answer comes back as an input.
    func present(_ token: IdToken, purpose: TokenPurpose201) async {
        switch authorization.decide(token, online: connected && isAccepted, settings: model.authorizationSettings, now: now.millisecondsSince1970) {
        case .accept(let info):
            markCacheUsed(token)
            await tokenDecided(token, info, purpose: purpose)
        case .reject(let info):
            await tokenDecided(token, info, purpose: purpose)
        case .ask:
            sendAuthorize(token, purpose: purpose)
        }
    }

    /// Sends an Authorize in a task; its outcome comes back as `.authorizeAnswered`.
    func sendAuthorize(_ token: IdToken, purpose: TokenPurpose201) {
        let (link, continuation) = (link, inputs.continuation)
        StationTask.spawn {
            let result: Result<IdTokenInfo, Link201Error>
            do throws(Link201Error) {
                result = .success(try await link.call(Authorize.Request(idToken: token)).idTokenInfo)
            } catch {
                result = .failure(error)
            }
            continuation.yield(.authorizeAnswered(AuthorizeOutcome201(token: token, purpose: purpose, result: result)))
        }
    }

    /// An Authorize's answer is cached and followed; without one the station decides as offline.
    func authorizeAnswered(_ outcome: AuthorizeOutcome201) async {
        let info: IdTokenInfo
        switch outcome.result {
        case .success(let answer):
            learn(outcome.token, answer)
            info = answer
        case .failure(let error):
            log("Authorize for \(outcome.token.idToken.value) not answered (\(error)); deciding as offline")
            switch authorization.decideWithoutAnswer(outcome.token, settings: model.authorizationSettings, now: now.millisecondsSince1970) {
            case .accept(let local):
                markCacheUsed(outcome.token)
                info = local
            case .reject(let local): info = local
            case .ask: info = IdTokenInfo(status: .unknown)
            }
        }
        await tokenDecided(outcome.token, info, purpose: outcome.purpose)
    }

    /// Acts on a token whose idTokenInfo is known. A card whose group is MasterPassGroupId stops
    /// every transaction (stoppedReason MasterPass) and starts none; a card of a running
    /// transaction's group stops it, whatever its own status (as 1.6 and the charging core
    /// decide); an accepted token gets an EVSE. personalMessage is ignored (no display).
    func tokenDecided(_ token: IdToken, _ info: IdTokenInfo, purpose: TokenPurpose201) async {
        let group = info.groupIdToken.map { IdentifierToken($0.idToken.value) }
        switch purpose {
        case .card(let connectorId):
            if let group, let master = model.authorizationSettings.masterPassGroupId, group == IdentifierToken(master) {
                log("\(token.idToken.value) is a master pass: every transaction stops")
                for evseId in transactions.keys.sorted() {
                    await stopTransaction(evseId: evseId, reason: .local, idTag: token.idToken.value, stoppedReason: .masterPass)
                }
                return
            }
            if let group, let evseId = transactions.keys.sorted().first(where: { groupOfTransaction($0) == group }) {
                log("EVSE \(evseId): stopped by \(token.idToken.value), of the same group as the token that started it")
                await stopTransaction(evseId: evseId, reason: .local, idTag: token.idToken.value)
                return
            }
            guard info.status == .accepted else {
                log("\(token.idToken.value) not authorized: \(info.status.rawValue)")
                return
            }
            await authorize(token, info: info, chosen: connectorId, trigger: .authorized, remoteStartId: nil)
        case .remoteStart(let evseId, let remoteStartId):
            guard info.status == .accepted else {
                log("remote start refused: \(token.idToken.value) is \(info.status.rawValue)")
                return
            }
            await authorize(token, info: info, chosen: evseId, trigger: .remoteStart, remoteStartId: remoteStartId)
        }
    }

    /// The group of the token that authorized the EVSE's transaction.
    func groupOfTransaction(_ evseId: Int) -> IdentifierToken? {
        transactions[evseId]?.groupIdToken.map { IdentifierToken($0) } ?? connectors[evseId - 1].transaction?.authorization.groupIdToken
    }

    /// Gives an accepted token an EVSE it may use (idTokenInfo.evseId, when given, lists them):
    /// the chosen one, else one plugged and waiting, else the first free one. Returns the EVSE,
    /// or nil when none can take a session.
    @discardableResult
    func authorize(_ token: IdToken, info: IdTokenInfo, chosen: Int?, trigger: TransactionEvent.TriggerReason, remoteStartId: Int?) async -> Int? {
        let idTag = token.idToken.value
        guard !holdsNewSessionsForFirmware else {
            log("\(idTag) authorized but a firmware installation holds new sessions")
            return nil
        }
        let free = connectors.filter { $0.acceptsNewSession && info.allows(evseId: $0.connectorId) }
        let target = chosen.flatMap { id in free.first { $0.connectorId == id } } ?? (chosen == nil ? (free.first(where: \.plugged) ?? free.first) : nil)
        guard let connectorId = target?.connectorId else {
            log("\(idTag) authorized but no EVSE it may use is free")
            return nil
        }
        let group = info.groupIdToken?.idToken.value
        if var transaction = transactions[connectorId] {
            // Begun at the plug: the token joins it.
            transaction.idToken = idTag
            transaction.idTokenType = token.type.rawValue
            transaction.remoteStartId = remoteStartId
            transaction.groupIdToken = group
            transactions[connectorId] = transaction
            await queueEvent(evseId: connectorId, .updated, trigger: trigger, meter: nil, context: .other)
        } else if startPoints.contains(.authorized) {
            await beginTransaction(evseId: connectorId, trigger: trigger, idToken: idTag, tokenType: token.type, remoteStartId: remoteStartId)
            transactions[connectorId]?.groupIdToken = group
            persistTransactions()
        } else {
            pendingTokens[connectorId] = (idTag, token.type, remoteStartId, trigger)
        }
        let core = Authorization(idToken: IdentifierToken(idTag), groupIdToken: group.map { IdentifierToken($0) })
        await perform(connectors[connectorId - 1].handle(.authorized(core)), connectorId: connectorId)
        return connectorId
    }

    /// Stops the EVSE's transaction for `reason` (Local for a card, DeAuthorized...). The
    /// charging core's session stops with it, and an authorization waiting for the plug is
    /// dropped. `stoppedReason` replaces the one the core's reason maps to (MasterPass).
    func stopTransaction(evseId: Int, reason: StopReason, idTag: String?, stoppedReason: TransactionEvent.Reason? = nil) async {
        let (trigger, mapped) = Self.ending(reason)
        if let stoppedReason { await endTransaction(evseId: evseId, trigger: trigger, reason: stoppedReason) }
        if connectors[evseId - 1].transaction != nil {
            await perform(connectors[evseId - 1].handle(.stopRequested(reason, idToken: idTag.map { IdentifierToken($0) })), connectorId: evseId)
        } else {
            await perform(connectors[evseId - 1].handle(.connectionTimedOut), connectorId: evseId)
            await endTransaction(evseId: evseId, trigger: trigger, reason: mapped)
        }
    }

    /// RequestStartTransaction. With AuthorizeRemoteStart true (and AuthCtrlr.Enabled) a token
    /// of a type that is authorized at all is decided as a card is: accepted locally it starts
    /// at once, refused locally the request is Rejected, otherwise the answer is Accepted and the
    /// session follows the Authorize answer. Otherwise the CSMS vouches for the token.
    func startRemotely(_ request: RequestStartTransaction.Request) async -> RequestStartTransaction.Response {
        let token = request.idToken
        var info = IdTokenInfo(status: .accepted)
        let settings = model.authorizationSettings
        if settings.authorizeRemoteStart, settings.enabled, token.type.needsAuthorization {
            guard connectors.contains(where: { $0.acceptsNewSession && (request.evseId == nil || $0.connectorId == request.evseId) }) else {
                return RequestStartTransaction.Response(status: .rejected)
            }
            switch authorization.decide(token, online: connected && isAccepted, settings: settings, now: now.millisecondsSince1970) {
            case .accept(let local):
                markCacheUsed(token)
                info = local
            case .reject(let local):
                log("remote start refused: \(token.idToken.value) is \(local.status.rawValue)")
                return RequestStartTransaction.Response(status: .rejected)
            case .ask:
                sendAuthorize(token, purpose: .remoteStart(evseId: request.evseId, remoteStartId: request.remoteStartId))
                let id = request.evseId.flatMap { transactions[$0] }.flatMap { try? BoundedString<36>($0.id) }
                return RequestStartTransaction.Response(status: .accepted, transactionId: id)
            }
        }
        guard let evseId = await authorize(token, info: info, chosen: request.evseId, trigger: .remoteStart, remoteStartId: request.remoteStartId) else {
            return RequestStartTransaction.Response(status: .rejected)
        }
        let id = transactions[evseId].flatMap { try? BoundedString<36>($0.id) }
        return RequestStartTransaction.Response(status: .accepted, transactionId: id)
    }
}
