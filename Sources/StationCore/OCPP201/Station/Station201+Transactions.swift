// TransactionEvents of a 2.0.1 station: a transaction begins at the first TxStartPoint reached
// (EVConnected, Authorized, or PowerPathClosed when the charging core starts its session) and
// ends at a TxStopPoint; every event is persisted in the queue before it counts as sent, with
// its seqNo, and `offline: true` when the link was down as it happened.

import ChargingCore
import OCPP201
import StationHAL
import struct OCPP.BoundedString
import enum OCPP.JSONValue
import enum OCPP.PayloadEncoding
import enum OCPP.PayloadDecoding

extension Station201 {
    var startPoints: Set<TransactionPoint> { model.transactionStartPoints }
    var stopPoints: Set<TransactionPoint> { model.transactionStopPoints }

    /// Reads the connector's meter (nil when it cannot be read).
    func meterWh(_ connectorId: Int) async -> Double? {
        try? await hardware.connectors[connectorId - 1].readMeter().energyActiveImportWh
    }

    /// Begins the EVSE's 2.0.1 transaction (if none runs) with a Started event.
    func beginTransaction(evseId: Int, trigger: TransactionEvent.TriggerReason, idToken: String?, tokenType: IdTokenType, remoteStartId: Int? = nil) async {
        guard transactions[evseId] == nil else { return }
        let meter = await meterWh(evseId) ?? 0
        let millis = now.millisecondsSince1970
        var transaction = Transaction201(id: "TX-\(millis)-\(evseId)", evseId: evseId, meterStartWh: meter)
        transaction.idToken = idToken
        transaction.idTokenType = idToken == nil ? nil : tokenType.rawValue
        transaction.remoteStartId = remoteStartId
        transactions[evseId] = transaction
        log("EVSE \(evseId): transaction \(transaction.id) started (\(trigger.rawValue))")
        await queueEvent(evseId: evseId, .started, trigger: trigger, meter: nil, context: .transactionBegin, meterValue: await transactionStartedValues(evseId: evseId))
        startMeterTimer(evseId: evseId)
    }

    /// Ends the EVSE's 2.0.1 transaction with an Ended event.
    func endTransaction(evseId: Int, trigger: TransactionEvent.TriggerReason, reason: TransactionEvent.Reason) async {
        guard transactions[evseId] != nil else { return }
        let values = await transactionEndedValues(evseId: evseId)
        await queueEvent(evseId: evseId, .ended, trigger: trigger, stoppedReason: reason, meter: nil, context: .transactionEnd, meterValue: values)
        log("EVSE \(evseId): transaction ended (\(reason.rawValue))")
        transactions[evseId] = nil
        meterTasks.removeValue(forKey: evseId)?.cancel()
        persistTransactions()
        await transactionEndedForSmartCharging(evseId: evseId)
        transactionEndedForReset(evseId: evseId)
    }

    /// Builds, persists and queues one TransactionEvent of the EVSE's transaction.
    func queueEvent(
        evseId: Int, _ type: TransactionEvent.TransactionEventType, trigger: TransactionEvent.TriggerReason,
        stoppedReason: TransactionEvent.Reason? = nil, meter: Double?, context: ReadingContext, chargingState: TransactionEvent.ChargingState? = nil,
        meterValue values: [MeterValue]? = nil
    ) async {
        guard var transaction = transactions[evseId] else { return }
        var idToken: IdToken?
        if !transaction.idTokenSent, let token = transaction.idToken, let text = try? BoundedString<36>(token) {
            idToken = IdToken(idToken: text, type: transaction.idTokenType.flatMap(IdTokenType.init(rawValue:)) ?? .iso14443)
            transaction.idTokenSent = true
        }
        let meterValue = values ?? meter.map {
            [MeterValue(sampledValue: [SampledValue(value: $0, context: context, measurand: .energyActiveImportRegister)], timestamp: now)]
        }
        let request = TransactionEvent.Request(
            eventType: type, meterValue: meterValue, timestamp: now, triggerReason: trigger, seqNo: transaction.nextSeqNo,
            offline: connected ? nil : true,
            transactionInfo: TransactionEvent.Transaction(
                transactionId: (try? BoundedString<36>(transaction.id)) ?? "unknown",
                chargingState: chargingState ?? currentChargingState(evseId),
                stoppedReason: stoppedReason, remoteStartId: type == .started ? transaction.remoteStartId : nil
            ),
            evse: type == .started ? EVSE(id: evseId, connectorId: 1) : nil, idToken: idToken
        )
        transaction.nextSeqNo += 1
        transactions[evseId] = transaction
        // The transaction's state is written before its event: after a power cut the seqNo goes on.
        persistTransactions()
        do {
            try queue.append(FrameEncoder.payload(request))
        } catch {
            log("TransactionEvent \(type.rawValue) not persisted: \(error)")
        }
        link.transactionEventsQueued()
    }

    /// The 2.0.1 charging state of a connector, from the core.
    func currentChargingState(_ connectorId: Int) -> TransactionEvent.ChargingState {
        switch connectors[connectorId - 1].phase {
        case .charging: .charging
        case .suspendedByVehicle: .suspendedEV
        case .suspendedByStation: .suspendedEVSE
        case .preparing, .finishing: connectors[connectorId - 1].plugged ? .evConnected : .idle
        default: .idle
        }
    }

    /// Updated events with the meter every SampledDataCtrlr.TxUpdatedInterval seconds (0: none).
    func startMeterTimer(evseId: Int) {
        meterTasks.removeValue(forKey: evseId)?.cancel()
        let key = VariableKey(.sampledDataCtrlr, VariableReference(name: "TxUpdatedInterval"))
        guard let seconds = model.integer(key), seconds > 0 else { return }
        let (clock, continuation) = (clock, inputs.continuation)
        meterTasks[evseId] = StationTask.spawn {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(until: clock.now.advanced(by: .seconds(seconds)), tolerance: nil)
                } catch {
                    return
                }
                continuation.yield(.meterTick(evseId: evseId))
            }
        }
    }

    func meterTick(evseId: Int) async {
        guard transactions[evseId] != nil, let values = await transactionUpdatedValues(evseId: evseId) else { return }
        await queueEvent(evseId: evseId, .updated, trigger: .meterValuePeriodic, meter: nil, context: .samplePeriodic, meterValue: values)
    }

    /// Writes the running transactions to the store.
    func persistTransactions() {
        do {
            let list = transactions.keys.sorted().compactMap { transactions[$0] }
            let document: JSONValue? = list.isEmpty ? nil : try PayloadEncoding.encode(list)
            try store.saveDocument(.ocpp201Transactions, document)
        } catch {
            log("transactions not persisted: \(error)")
        }
    }

    /// Transactions still open from before a power cut or kill: ended with PowerLoss, after
    /// their last seqNo, as offline events (they happened while the station was down).
    func endTransactionsOpenAtBoot() async {
        guard let document = try? store.document(.ocpp201Transactions),
              let open = try? PayloadDecoding.decode([Transaction201].self, from: document)
        else { return }
        for transaction in open {
            transactions[transaction.evseId] = transaction
            log("EVSE \(transaction.evseId): transaction \(transaction.id) was open at boot: ended with PowerLoss")
            await endTransaction(evseId: transaction.evseId, trigger: .abnormalCondition, reason: .powerLoss)
        }
    }
}
