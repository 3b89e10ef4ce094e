// Meter values of a 2.0.1 station (functional block J): the sampled values inside the
// TransactionEvents (SampledDataCtrlr), the clock-aligned values on midnight-UTC multiples of
// AlignedDataCtrlr.Interval (a TransactionEvent during a transaction, MeterValues outside), the
// values collected for the Ended event, and TriggerMessage(MeterValues).
//
// Choices where the specification leaves one:
// - The Ended event carries the TxEndedMeasurands at the transaction's begin (Transaction.Begin),
//   the values sampled every SampledDataCtrlr.TxEndedInterval (Sample.Periodic) and every
//   AlignedDataCtrlr.TxEndedInterval (Sample.Clock), and the TxEndedMeasurands at its end
//   (Transaction.End), in time order; they are kept in memory, so the Ended event of a
//   transaction cut by a power loss has its Transaction.End values only.
// - AlignedDataCtrlr.SendDuringIdle true (J01.FR.20): no clock-aligned values at all while any
//   transaction runs; false: a TransactionEvent on the EVSEs with a transaction, MeterValues on
//   the others.
// - Clock-aligned MeterValues are sent only once the CSMS accepted the BootNotification, and
//   dropped when the link is down (they are not transaction messages); aligned values carry the
//   aligned instant as their timestamp.

import OCPP201
import StationHAL
import struct OCPP.Timestamp

extension Station201 {
    /// Reads the connector's meter (nil, logged, when it cannot be read).
    func meterReading(_ evseId: Int) async -> MeterReading? {
        do {
            return try await hardware.connectors[evseId - 1].readMeter()
        } catch {
            log("EVSE \(evseId): meter unreadable: \(error)")
            return nil
        }
    }

    /// One MeterValue of the measurands listed in `component`'s variable `name`, read now.
    func meterValue(evseId: Int, _ component: ComponentReference, _ name: String, context: ReadingContext, at timestamp: Timestamp? = nil) async -> MeterValue? {
        let measurands = model.measurands(component, name)
        guard !measurands.isEmpty, let reading = await meterReading(evseId) else { return nil }
        return MeterSampling201.meterValue(reading, measurands: measurands, context: context, at: timestamp ?? now)
    }

    var sampledDataEnabled: Bool { model.flag(.sampledDataCtrlr, "Enabled", default: true) }
    var alignedDataEnabled: Bool { model.flag(.alignedDataCtrlr, "Enabled", default: true) }

    // MARK: Sampled data inside the transaction's events

    /// The Started event's values (TxStartedMeasurands, Transaction.Begin); begins collecting the
    /// Ended event's values and their TxEndedInterval sampling.
    func transactionStartedValues(evseId: Int) async -> [MeterValue]? {
        metering.endedValues[evseId] = []
        guard sampledDataEnabled else { return nil }
        if let begin = await meterValue(evseId: evseId, .sampledDataCtrlr, "TxEndedMeasurands", context: .transactionBegin) {
            metering.collect(begin, evseId: evseId)
        }
        startEndedSampling(evseId: evseId)
        return await meterValue(evseId: evseId, .sampledDataCtrlr, "TxStartedMeasurands", context: .transactionBegin).map { [$0] }
    }

    /// A periodic Updated event's values (TxUpdatedMeasurands, Sample.Periodic).
    func transactionUpdatedValues(evseId: Int) async -> [MeterValue]? {
        guard sampledDataEnabled else { return nil }
        return await meterValue(evseId: evseId, .sampledDataCtrlr, "TxUpdatedMeasurands", context: .samplePeriodic).map { [$0] }
    }

    /// The Ended event's values: those collected, then the TxEndedMeasurands now
    /// (Transaction.End). Collecting stops.
    func transactionEndedValues(evseId: Int) async -> [MeterValue]? {
        var values = metering.takeEndedValues(evseId: evseId)
        if sampledDataEnabled, let end = await meterValue(evseId: evseId, .sampledDataCtrlr, "TxEndedMeasurands", context: .transactionEnd) {
            values.append(end)
        }
        return values.isEmpty ? nil : values
    }

    /// Samples the transaction on `evseId` every SampledDataCtrlr.TxEndedInterval for its Ended
    /// event (0: not).
    func startEndedSampling(evseId: Int) {
        metering.endedSamplingTasks.removeValue(forKey: evseId)?.cancel()
        let seconds = model.seconds(.sampledDataCtrlr, "TxEndedInterval")
        guard seconds > 0 else { return }
        let (clock, continuation) = (clock, inputs.continuation)
        metering.endedSamplingTasks[evseId] = StationTask.spawn {
            var due = clock.now
            while !Task.isCancelled {
                due = due.advanced(by: .seconds(seconds))
                do {
                    try await clock.sleep(until: due, tolerance: nil)
                } catch {
                    return
                }
                continuation.yield(.endedSampleTick(evseId: evseId))
            }
        }
    }

    func endedSampleTick(evseId: Int) async {
        guard transactions[evseId] != nil, sampledDataEnabled,
              let value = await meterValue(evseId: evseId, .sampledDataCtrlr, "TxEndedMeasurands", context: .samplePeriodic)
        else { return }
        metering.collect(value, evseId: evseId)
    }

    // MARK: Clock-aligned data

    /// (Re)schedules both clock-aligned timers from now: at start and after SetVariables.
    func scheduleAlignedSampling() {
        scheduleAligned(.send, after: now)
        scheduleAligned(.transactionEnded, after: now)
    }

    /// Sets the timer of `schedule` for the first aligned instant after `time` (none while
    /// AlignedDataCtrlr is disabled or the interval is 0).
    func scheduleAligned(_ schedule: AlignedSchedule201, after time: Timestamp) {
        metering.alignedTasks.removeValue(forKey: schedule)?.cancel()
        metering.alignedDue[schedule] = nil
        let interval = model.seconds(.alignedDataCtrlr, schedule == .send ? "Interval" : "TxEndedInterval")
        guard alignedDataEnabled, interval > 0 else { return }
        let next = MeterSampling.nextAlignedSample(after: time, interval: interval)
        metering.alignedDue[schedule] = next
        let delay = max(0, next.millisecondsSince1970 - now.millisecondsSince1970)
        metering.alignedTasks[schedule] = after(.milliseconds(delay), .alignedTick(schedule))
    }

    func alignedTick(_ schedule: AlignedSchedule201) async {
        let due = metering.alignedDue[schedule] ?? now
        scheduleAligned(schedule, after: due.millisecondsSince1970 > now.millisecondsSince1970 ? due : now)
        switch schedule {
        case .send:
            let idleOnly = model.flag(.alignedDataCtrlr, "SendDuringIdle", default: false)
            if idleOnly, !transactions.isEmpty { return }
            for evseId in 1...connectors.count {
                guard let value = await meterValue(evseId: evseId, .alignedDataCtrlr, "Measurands", context: .sampleClock, at: due) else { continue }
                if transactions[evseId] != nil {
                    await queueEvent(evseId: evseId, .updated, trigger: .meterValueClock, meter: nil, context: .sampleClock, meterValue: [value])
                } else if isAccepted {
                    send(MeterValues.Request(evseId: evseId, meterValue: [value]))
                }
            }
        case .transactionEnded:
            for evseId in transactions.keys.sorted() {
                guard let value = await meterValue(evseId: evseId, .alignedDataCtrlr, "TxEndedMeasurands", context: .sampleClock, at: due) else { continue }
                metering.collect(value, evseId: evseId)
            }
        }
    }

    // MARK: TriggerMessage(MeterValues)

    /// TriggerMessage(MeterValues): a MeterValues of the AlignedDataCtrlr.Measurands (context
    /// Trigger) for the EVSE named, or for each EVSE, sent after the answer.
    func triggerMeterValues(_ request: TriggerMessage.Request) async -> TriggerMessage.Response {
        let evseId = request.evse?.id == 0 ? nil : request.evse?.id
        if let evseId, !(1...connectors.count).contains(evseId) { return TriggerMessage.Response(status: .rejected) }
        for id in 1...connectors.count where evseId == nil || evseId == id {
            guard let value = await meterValue(evseId: id, .alignedDataCtrlr, "Measurands", context: .trigger) else { continue }
            send(MeterValues.Request(evseId: id, meterValue: [value]))
        }
        return TriggerMessage.Response(status: .accepted)
    }
}
