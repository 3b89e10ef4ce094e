// Meter values: sampled every MeterValueSampleInterval during a transaction, clock-aligned every
// ClockAlignedDataInterval from midnight UTC, and the transactionData that StopTransaction
// carries (StopTxnSampledData, StopTxnAlignedData, bounded by StopTransactionMaxMeterValues and
// a byte budget).

import ChargingCore
import OCPP
import StationHAL

extension Station {
    /// Starts periodic sampling for the transaction on `connectorId`, every
    /// MeterValueSampleInterval seconds from now (or from the previous sample's due time).
    func startSampling(connectorId: Int, after previous: C.Instant? = nil) {
        let interval = configuration.int(.meterValueSampleInterval)
        guard interval > 0 else {
            cancelTimer(.sample(connectorId: connectorId))
            return
        }
        startTimer(.sample(connectorId: connectorId), at: (previous ?? clock.now).advanced(by: .seconds(interval)))
    }

    func takePeriodicSample(connectorId: Int) async {
        guard let record = connectors[connectorId - 1].transaction else { return }
        startSampling(connectorId: connectorId, after: timerDeadline(.sample(connectorId: connectorId)))
        let reading: MeterReading
        do {
            reading = try await readMeter(connectorId: connectorId)
        } catch {
            log("connector \(connectorId): periodic sample failed: \(error)")
            await perform(connectors[connectorId - 1].handle(.faultRaised(error.fault)), connectorId: connectorId)
            return
        }
        queueTransactionMeterValues(record, reading: reading, context: .samplePeriodic)
        recordTransactionSample(record.localId, reading: reading, measurands: configuration.measurands(.stopTxnSampledData), context: .samplePeriodic)
    }

    /// Queues (durably) a MeterValues of a running transaction with the MeterValuesSampledData
    /// measurands.
    func queueTransactionMeterValues(_ record: TransactionRecord, reading: MeterReading, context: ReadingContext, measurandsKey: ConfigurationKey = .meterValuesSampledData) {
        let values = MeterSampling.sampledValues(reading, measurands: configuration.measurands(measurandsKey), context: context)
        guard !values.isEmpty else { return }
        let request = MeterValues.Request(connectorId: record.connectorId, transactionId: record.transactionId ?? 0, meterValue: [MeterValue(timestamp: now, sampledValue: values)])
        do {
            try store.enqueue(QueuedMessage(localTransactionId: record.localId, action: .meterValues, payload: FrameEncoder.payload(request)))
            link.transactionMessagesQueued()
        } catch {
            log("connector \(record.connectorId): MeterValues not queued: \(error)")
        }
    }

    /// Adds a sample to the transactionData of a running transaction (thinned as it grows, see
    /// `TransactionDataLog`).
    func recordTransactionSample(_ localId: Int64, reading: MeterReading, measurands: [Measurand], context: ReadingContext) {
        let values = MeterSampling.sampledValues(reading, measurands: measurands, context: context)
        guard !values.isEmpty, metering.collects(localId: localId) else { return }
        metering.record(MeterValue(timestamp: now, sampledValue: values), localId: localId, context: context, maximumValues: stopTransactionMaxMeterValues)
    }

    /// StopTransaction's transactionData: the first (Transaction.Begin) and last (Transaction.End)
    /// values and the others thinned evenly, StopTransactionMaxMeterValues in all and within
    /// `TransactionDataLog.maximumBytes`.
    func transactionDataToSend(localId: Int64) -> [MeterValue] {
        metering.endTransactionData(localId: localId, maximumValues: stopTransactionMaxMeterValues)
    }

    private var stopTransactionMaxMeterValues: Int { max(2, configuration.int(.stopTransactionMaxMeterValues)) }

    // MARK: Clock-aligned data

    /// Schedules the next clock-aligned sample (ClockAlignedDataInterval seconds from midnight UTC).
    func scheduleAlignedSampling() {
        let interval = configuration.int(.clockAlignedDataInterval)
        guard interval > 0 else {
            cancelTimer(.aligned)
            return
        }
        let current = now
        let next = metering.nextAlignedBoundary(now: current, interval: interval)
        startTimer(.aligned, after: .milliseconds(max(0, next.millisecondsSince1970 - current.millisecondsSince1970)))
    }

    func takeAlignedSamples() async {
        metering.alignedBoundaryReached()
        scheduleAlignedSampling()
        for machine in connectors {
            let connectorId = machine.connectorId
            guard let reading = try? await readMeter(connectorId: connectorId) else {
                log("connector \(connectorId): clock-aligned sample failed")
                continue
            }
            if let record = connectors[connectorId - 1].transaction {
                queueTransactionMeterValues(record, reading: reading, context: .sampleClock, measurandsKey: .meterValuesAlignedData)
                recordTransactionSample(record.localId, reading: reading, measurands: configuration.measurands(.stopTxnAlignedData), context: .sampleClock)
            } else if registration.isAccepted {
                let values = MeterSampling.sampledValues(reading, measurands: configuration.measurands(.meterValuesAlignedData), context: .sampleClock)
                guard !values.isEmpty else { continue }
                enqueue(.meterValues(MeterValues.Request(connectorId: connectorId, meterValue: [MeterValue(timestamp: now, sampledValue: values)])))
            }
        }
    }
}
