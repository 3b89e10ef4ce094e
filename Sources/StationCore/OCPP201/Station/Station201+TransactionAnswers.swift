// The CSMS's answers to a 2.0.1 station's TransactionEvents, as the link reports them: the
// idTokenInfo of the event's idToken is cached, gives the transaction its group, and a token the
// CSMS does not accept stops its transaction (E05, TxCtrlr.StopTxOnInvalidId).

import ChargingCore
import OCPP201
import enum OCPP.JSONValue
import enum OCPP.PayloadDecoding

extension Station201 {
    /// A TransactionEvent (`request`, as queued) was answered with `response`. Only an event
    /// that carried an idToken gets an idTokenInfo worth acting on. A transaction still running
    /// whose token is not Accepted is stopped with triggerReason Deauthorized and stoppedReason
    /// DeAuthorized while TxCtrlr.StopTxOnInvalidId is true; while false it goes on (our choice:
    /// no MaxEnergyOnInvalidId limit; the CSMS may stop it with RequestStopTransaction).
    func transactionEventAnswered(request: JSONValue, response: JSONValue) async {
        guard let tokenJSON = request["idToken"], let token = try? PayloadDecoding.decode(IdToken.self, from: tokenJSON),
              let answer = try? PayloadDecoding.decode(TransactionEvent.Response.self, from: response), let info = answer.idTokenInfo
        else { return }
        learn(token, info)
        guard case .string(let transactionId) = request["transactionInfo"]?["transactionId"],
              let running = transactions.values.first(where: { $0.id == transactionId })
        else { return }
        if let group = info.groupIdToken?.idToken.value, running.groupIdToken != group {
            transactions[running.evseId]?.groupIdToken = group
            persistTransactions()
        }
        guard info.status != .accepted else { return }
        guard model.authorizationSettings.stopTxOnInvalidId else {
            log("EVSE \(running.evseId): the CSMS says \(token.idToken.value) is \(info.status.rawValue); StopTxOnInvalidId is false, the transaction goes on")
            return
        }
        log("EVSE \(running.evseId): the CSMS says \(token.idToken.value) is \(info.status.rawValue): transaction \(transactionId) is deauthorized")
        await stopTransaction(evseId: running.evseId, reason: .deAuthorized, idTag: nil)
    }
}
