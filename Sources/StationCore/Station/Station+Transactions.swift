// Performing what the connector state machines ask: transactions begin and end (recorded and
// queued durably before anything depends on them), energy is offered or withdrawn, timers run;
// and transactions cut by a power loss are stopped with reason PowerLoss at the next start.

import ChargingCore
import OCPP
import StationHAL

extension Station {
    /// Performs `actions` of connector `connectorId`'s machine, in order.
    func perform(_ actions: [ConnectorStateMachine.Action], connectorId: Int) async {
        for action in actions {
            switch action {
            case .beginTransaction(let authorization):
                await beginTransaction(authorization, connectorId: connectorId)
            case .endTransaction(let record, let reason, let idToken):
                await endTransaction(record, reason: reason, idToken: idToken)
            case .offerEnergy(let enabled):
                await offerEnergy(enabled, connectorId: connectorId)
            case .unlock:
                await unlock(connectorId: connectorId)
            case .startConnectionTimer:
                startTimer(.connectionTimeout(connectorId: connectorId), after: .seconds(configuration.int(.connectionTimeOut)))
            case .cancelConnectionTimer:
                cancelTimer(.connectionTimeout(connectorId: connectorId))
            case .persistAvailability(let availability):
                do {
                    try store.saveAvailability(availability, connectorId: connectorId)
                } catch {
                    log("connector \(connectorId): availability not saved: \(error)")
                }
            }
        }
    }

    /// Allows or stops energy at `connectorId`, within the charging limit now in force.
    func offerEnergy(_ enabled: Bool, connectorId: Int, limits: [Int: Double]? = nil) async {
        let watts = (limits ?? chargingLimits().watts)[connectorId] ?? settings.maximumPowerW
        let offer = enabled ? EnergyOffer(enabled: true, maximumPowerW: min(watts, settings.maximumPowerW)) : .off
        smartCharging.offered(offer.maximumPowerW, connectorId: connectorId)
        do {
            try await hardware.connectors[connectorId - 1].offer(offer)
        } catch {
            log("connector \(connectorId): energy offer failed: \(error)")
            await perform(connectors[connectorId - 1].handle(.faultRaised(error.fault)), connectorId: connectorId)
        }
    }

    /// Reads the meter, records the transaction and queues StartTransaction in one durable step.
    private func beginTransaction(_ authorization: Authorization, connectorId: Int) async {
        do {
            try await hardware.connectors[connectorId - 1].lock()
        } catch {
            log("connector \(connectorId): transaction not started, the connector did not lock: \(error)")
            await perform(connectors[connectorId - 1].handle(.transactionFailedToBegin), connectorId: connectorId)
            await perform(connectors[connectorId - 1].handle(.faultRaised(error.fault)), connectorId: connectorId)
            return
        }
        let reading: MeterReading
        do {
            // Whole Wh: meterStart and the Transaction.Begin samples are the same number.
            reading = try await MeterSampling.transactionBoundary(readMeter(connectorId: connectorId))
        } catch {
            log("connector \(connectorId): transaction not started, meter unreadable: \(error)")
            await perform(connectors[connectorId - 1].handle(.transactionFailedToBegin), connectorId: connectorId)
            await perform(connectors[connectorId - 1].handle(.faultRaised(error.fault)), connectorId: connectorId)
            return
        }
        let meterStart = MeterSampling.wattHours(reading)
        let draft = TransactionRecord(localId: 0, connectorId: connectorId, authorization: authorization, meterStartWh: meterStart, startTime: WallClockTime(now))
        let record: TransactionRecord
        do {
            record = try store.recordTransactionStart(draft, startTransaction: FrameEncoder.payload(TransactionMessages.start(draft)))
        } catch {
            log("connector \(connectorId): transaction not started, store failed: \(error)")
            await perform(connectors[connectorId - 1].handle(.transactionFailedToBegin), connectorId: connectorId)
            return
        }
        log("connector \(connectorId): transaction \(record.localId) started for \(authorization.idToken) at \(meterStart) Wh")
        reservationUsed(authorization.reservationId)
        statuses.awaitDelivery(of: record.localId, connectorId: connectorId)
        link.transactionMessagesQueued()
        metering.beginTransactionData(localId: record.localId)
        recordTransactionSample(record.localId, reading: reading, measurands: configuration.measurands(.stopTxnSampledData), context: .transactionBegin)
        await perform(connectors[connectorId - 1].handle(.transactionBegan(record)), connectorId: connectorId)
        startSampling(connectorId: connectorId)
        if configuration.int(.meterValueSampleInterval) > 0 {
            queueTransactionMeterValues(record, reading: reading, context: .transactionBegin)
        }
    }

    /// Reads the meter and queues StopTransaction (with its transactionData) in one durable step.
    private func endTransaction(_ record: TransactionRecord, reason: StopReason, idToken: IdentifierToken?) async {
        cancelTimer(.sample(connectorId: record.connectorId))
        cancelTimer(.invalidIdEnergyCheck(connectorId: record.connectorId))
        metering.refusalEnded(connectorId: record.connectorId)
        // Whole Wh: meterStop and the Transaction.End samples are the same number.
        let reading = ((try? await readMeter(connectorId: record.connectorId)) ?? metering.lastReadings[record.connectorId]).map(MeterSampling.transactionBoundary)
        let meterStop = reading.map(MeterSampling.wattHours) ?? record.meterStartWh
        if let reading {
            recordTransactionSample(record.localId, reading: reading, measurands: configuration.measurands(.stopTxnSampledData), context: .transactionEnd)
        }
        let request = TransactionMessages.stop(
            record, meterStopWh: meterStop, at: now, reason: reason, by: idToken, data: transactionDataToSend(localId: record.localId)
        )
        do {
            try store.recordTransactionStop(localId: record.localId, stopTransaction: FrameEncoder.payload(request))
            statuses.awaitDelivery(of: record.localId, connectorId: record.connectorId)
        } catch {
            log("connector \(record.connectorId): StopTransaction of transaction \(record.localId) NOT recorded: \(error)")
        }
        log("connector \(record.connectorId): transaction \(record.localId) stopped (\(reason.rawValue)) at \(meterStop) Wh")
        chargingTransactionEnded(connectorId: record.connectorId)
        link.transactionMessagesQueued()
    }

    /// The central system refused the idTag of a running transaction: stop it
    /// (StopTransactionOnInvalidId) or go on without energy beyond MaxEnergyOnInvalidId.
    func handleRefusedTransaction(connectorId: Int) async {
        if configuration.bool(.stopTransactionOnInvalidId) {
            await perform(connectors[connectorId - 1].handle(.stopRequested(.deAuthorized, idToken: nil)), connectorId: connectorId)
            return
        }
        let allowance = configuration.int(.maxEnergyOnInvalidId)
        guard allowance > 0, let reading = try? await readMeter(connectorId: connectorId) else {
            await perform(connectors[connectorId - 1].handle(.blockEnergy), connectorId: connectorId)
            persistTransaction(connectorId: connectorId)
            return
        }
        metering.refused(connectorId: connectorId, atWh: reading.energyActiveImportWh)
        startTimer(.invalidIdEnergyCheck(connectorId: connectorId), after: .seconds(5))
    }

    /// Blocks energy once MaxEnergyOnInvalidId Wh were delivered after the refusal.
    func checkInvalidIdEnergy(connectorId: Int) async {
        guard let start = metering.refusal(connectorId: connectorId), connectors[connectorId - 1].transaction != nil else { return }
        let delivered = (try? await readMeter(connectorId: connectorId)).map { $0.energyActiveImportWh - start } ?? .infinity
        if delivered >= Double(configuration.int(.maxEnergyOnInvalidId)) {
            log("connector \(connectorId): MaxEnergyOnInvalidId reached; energy suspended")
            metering.refusalEnded(connectorId: connectorId)
            await perform(connectors[connectorId - 1].handle(.blockEnergy), connectorId: connectorId)
            persistTransaction(connectorId: connectorId)
        } else {
            startTimer(.invalidIdEnergyCheck(connectorId: connectorId), after: .seconds(5))
        }
    }

    private func persistTransaction(connectorId: Int) {
        guard let record = connectors[connectorId - 1].transaction else { return }
        do {
            try store.updateTransaction(record)
        } catch {
            log("connector \(connectorId): transaction update not saved: \(error)")
        }
    }

    /// Stops, with reason PowerLoss, every transaction the store still holds as running: the
    /// station went down without stopping it. The meter value is the one read now.
    func recoverFromPowerLoss() async {
        let open: [TransactionRecord]
        do {
            open = try store.openTransactions()
        } catch {
            log("open transactions unreadable after restart: \(error)")
            return
        }
        for record in open {
            let reading = (connectors.indices.contains(record.connectorId - 1) ? try? await readMeter(connectorId: record.connectorId) : nil)
                .map(MeterSampling.transactionBoundary)
            let meterStop = reading.map(MeterSampling.wattHours) ?? record.meterStartWh
            var data: [MeterValue] = []
            if let reading {
                let values = MeterSampling.sampledValues(reading, measurands: configuration.measurands(.stopTxnSampledData), context: .transactionEnd)
                if !values.isEmpty { data.append(MeterValue(timestamp: now, sampledValue: values)) }
            }
            let request = TransactionMessages.stop(record, meterStopWh: meterStop, at: now, reason: .powerLoss, by: nil, data: data)
            do {
                try store.recordTransactionStop(localId: record.localId, stopTransaction: FrameEncoder.payload(request))
                log("connector \(record.connectorId): transaction \(record.localId) was cut by a power loss; StopTransaction queued at \(meterStop) Wh")
            } catch {
                log("connector \(record.connectorId): StopTransaction after power loss NOT recorded: \(error)")
            }
        }
        if !open.isEmpty { link.transactionMessagesQueued() }
    }

    /// Reads a connector's meter, remembering the reading; an energy register that goes backwards
    /// is a meter fault, not a value.
    func readMeter(connectorId: Int) async throws(DeviceError) -> MeterReading {
        try metering.accept(try await hardware.connectors[connectorId - 1].readMeter(), connectorId: connectorId)
    }
}
