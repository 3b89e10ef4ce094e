// Reset of a 2.0.1 station or of one EVSE (B11, B12). The station's Reset reboots it (the runtime
// builds it again and boots with RemoteReset); an EVSE's Reset ends that EVSE's transaction and
// takes the EVSE out of service and back, while the others charge on.
//
// Choices where the specification leaves one (also in the README): an EVSE "restarts" by
// reporting its connector Unavailable and then its status again (the simulated hardware has
// nothing to power-cycle); a Reset of an EVSE this station does not have is Rejected.

import OCPP201

/// The Resets OnIdle that wait for transactions to end.
struct ResetsOnIdle {
    /// The whole station reboots once the last transaction ended.
    var station = false
    /// These EVSEs restart once their transaction ended.
    var evses: Set<Int> = []
}

extension Station201 {
    /// Immediate: running transactions end with ImmediateReset, then the station reboots (or the
    /// EVSE restarts). OnIdle: Scheduled while a transaction runs; the reboot (or restart) follows
    /// its end.
    func reset(_ request: Reset.Request) async -> Reset.Response {
        if let evseId = request.evseId {
            guard connectors.indices.contains(evseId - 1) else { return Reset.Response(status: .rejected) }
            return await resetEVSE(evseId, type: request.type)
        }
        switch request.type {
        case .immediate:
            for evseId in transactions.keys.sorted() { await endForReset(evseId) }
            exit = .reset
            return Reset.Response(status: .accepted)
        case .onIdle:
            guard transactions.isEmpty else {
                resetsOnIdle.station = true
                return Reset.Response(status: .scheduled)
            }
            exit = .reset
            return Reset.Response(status: .accepted)
        }
    }

    private func resetEVSE(_ evseId: Int, type: Reset.ResetType) async -> Reset.Response {
        switch type {
        case .immediate:
            await endForReset(evseId)
        case .onIdle:
            guard transactions[evseId] == nil else {
                resetsOnIdle.evses.insert(evseId)
                return Reset.Response(status: .scheduled)
            }
        }
        restartEVSE(evseId)
        return Reset.Response(status: .accepted)
    }

    /// Ends the EVSE's transaction, if one runs, for an Immediate Reset.
    private func endForReset(_ evseId: Int) async {
        guard transactions[evseId] != nil else { return }
        if connectors[evseId - 1].transaction != nil {
            await perform(connectors[evseId - 1].handle(.stopRequested(.hardReset, idToken: nil)), connectorId: evseId)
        }
        await endTransaction(evseId: evseId, trigger: .resetCommand, reason: .immediateReset)
    }

    /// Takes the EVSE out of service and back: Unavailable, then its status as it is now.
    private func restartEVSE(_ evseId: Int) {
        log("EVSE \(evseId): reset")
        if isAccepted, reported[evseId] != .unavailable {
            reported[evseId] = .unavailable
            send(StatusNotification.Request(timestamp: now, connectorStatus: .unavailable, evseId: evseId, connectorId: 1))
        }
        reportStatus(connectorId: evseId)
    }

    /// After a transaction ended: the Reset OnIdle it held back, if any.
    func transactionEndedForReset(evseId: Int) {
        if resetsOnIdle.evses.remove(evseId) != nil { restartEVSE(evseId) }
        if resetsOnIdle.station, transactions.isEmpty { exit = .reset }
    }
}
