// What a 2.0.1 station keeps for meter values (functional block J): the clock-aligned timers
// and, per running transaction, the values its Ended event will carry. A value owned by the
// Station201 actor; the timers are its tasks.

import OCPP201
import struct OCPP.Timestamp

/// The two clock-aligned schedules of AlignedDataCtrlr, both counted from midnight UTC.
enum AlignedSchedule201: Sendable, Equatable {
    /// AlignedDataCtrlr.Interval: values sent at once (TransactionEvent or MeterValues).
    case send
    /// AlignedDataCtrlr.TxEndedInterval: values kept for the transaction's Ended event.
    case transactionEnded
}

/// The meter-value state of a 2.0.1 station.
struct Metering201 {
    /// The most meter values one Ended event carries; beyond it every second value between the
    /// first and the last is dropped (our choice: the specification sets no bound, a CSMS's
    /// frame size does).
    static let maximumEndedValues = 100

    /// The task waiting for each clock-aligned instant.
    var alignedTasks: [AlignedSchedule201: Task<Void, Never>] = [:]
    /// The clock-aligned instant each task waits for (the values carry it as their timestamp).
    var alignedDue: [AlignedSchedule201: Timestamp] = [:]
    /// The tasks sampling each running transaction every SampledDataCtrlr.TxEndedInterval.
    var endedSamplingTasks: [Int: Task<Void, Never>] = [:]
    /// The values collected for each running transaction's Ended event, oldest first.
    var endedValues: [Int: [MeterValue]] = [:]

    /// Adds `value` to the Ended values of the transaction on `evseId`, thinned to
    /// `maximumEndedValues`.
    mutating func collect(_ value: MeterValue, evseId: Int) {
        var values = endedValues[evseId] ?? []
        values.append(value)
        if values.count > Self.maximumEndedValues {
            let inner = values.dropFirst().dropLast().enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            values = [values[0]] + inner + [values[values.count - 1]]
        }
        endedValues[evseId] = values
    }

    /// The values collected for the transaction on `evseId`, which stops collecting.
    mutating func takeEndedValues(evseId: Int) -> [MeterValue] {
        endedSamplingTasks.removeValue(forKey: evseId)?.cancel()
        return endedValues.removeValue(forKey: evseId) ?? []
    }

    /// Cancels every timer (the station stops).
    mutating func cancelAll() {
        for task in alignedTasks.values { task.cancel() }
        for task in endedSamplingTasks.values { task.cancel() }
        alignedTasks = [:]
        endedSamplingTasks = [:]
    }
}
