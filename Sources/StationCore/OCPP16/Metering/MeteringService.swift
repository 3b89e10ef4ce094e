// Metering state as a value: the last reading of each meter (an energy register that goes
// backwards is a meter fault, not a value), the clock-aligned schedule, the transactionData each
// running transaction collects for its StopTransaction, and the energy register when the
// central system refused a running transaction's identifier. No I/O: the owner reads the meters
// and queues the messages.

import OCPP
import StationHAL

/// The station's metering state. Owned by the Station actor.
struct MeteringService {
    /// The last reading of each connector's meter.
    private(set) var lastReadings: [Int: MeterReading] = [:]
    /// The clock-aligned boundary sampled last, and the next one scheduled.
    private var lastAlignedBoundary: Timestamp?
    private var nextAlignedBoundary: Timestamp?
    /// Meter values collected for each running transaction's StopTransaction.
    private var transactionData: [Int64: TransactionDataLog] = [:]
    /// Energy register when the central system refused a transaction's identifier, by connector.
    private var refusedAtWh: [Int: Double] = [:]

    // MARK: Readings

    /// Takes in a reading of connector `connectorId`'s meter: the reading, or a meter fault when
    /// the energy register went backwards.
    mutating func accept(_ reading: MeterReading, connectorId: Int) throws(DeviceError) -> MeterReading {
        if let previous = lastReadings[connectorId], reading.energyActiveImportWh < previous.energyActiveImportWh {
            throw DeviceError(.powerMeterFailure, "energy register went backwards from \(previous.energyActiveImportWh) to \(reading.energyActiveImportWh) Wh")
        }
        lastReadings[connectorId] = reading
        return reading
    }

    // MARK: transactionData

    /// A transaction began: its StopTransaction's data starts empty.
    mutating func beginTransactionData(localId: Int64) {
        transactionData[localId] = TransactionDataLog()
    }

    /// Adds `value` to a running transaction's data (thinned as it grows, see `TransactionDataLog`).
    mutating func record(_ value: MeterValue, localId: Int64, context: ReadingContext, maximumValues: Int) {
        transactionData[localId]?.record(value, context: context, maximumValues: maximumValues)
    }

    /// Whether transaction `localId` collects data.
    func collects(localId: Int64) -> Bool { transactionData[localId] != nil }

    /// The transaction ended: its data for StopTransaction, at most `maximumValues` values.
    mutating func endTransactionData(localId: Int64, maximumValues: Int) -> [MeterValue] {
        transactionData.removeValue(forKey: localId)?.meterValues(maximumValues: maximumValues) ?? []
    }

    // MARK: Clock-aligned data

    /// Schedules the next aligned boundary `interval` seconds apart from midnight UTC, chained
    /// from the boundary just sampled (so that a late wake-up cannot skip one).
    mutating func nextAlignedBoundary(now: Timestamp, interval: Int) -> Timestamp {
        let next = MeterSampling.nextAlignedSample(after: lastAlignedBoundary ?? now, interval: interval)
        nextAlignedBoundary = next
        return next
    }

    /// The scheduled aligned boundary is due.
    mutating func alignedBoundaryReached() {
        lastAlignedBoundary = nextAlignedBoundary
    }

    /// ClockAlignedDataInterval changed: the schedule starts again from now.
    mutating func alignedIntervalChanged() {
        lastAlignedBoundary = nil
    }

    // MARK: Refused identifiers (MaxEnergyOnInvalidId)

    /// The central system refused the identifier of the transaction on `connectorId` when its
    /// register read `energyWh`.
    mutating func refused(connectorId: Int, atWh energyWh: Double) {
        refusedAtWh[connectorId] = energyWh
    }

    /// The register reading at the refusal, while the allowance is being watched.
    func refusal(connectorId: Int) -> Double? { refusedAtWh[connectorId] }

    /// The allowance is no longer watched (used up, or the transaction ended).
    mutating func refusalEnded(connectorId: Int) {
        refusedAtWh[connectorId] = nil
    }
}
