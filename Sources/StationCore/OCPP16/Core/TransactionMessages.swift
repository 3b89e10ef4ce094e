// The OCPP 1.6 messages of a transaction, built from the charging core's record: what goes on the
// wire when a session starts and ends (the station records and queues them durably).

import ChargingCore
import OCPP

/// Builds StartTransaction and StopTransaction for a transaction record.
enum TransactionMessages {
    /// StartTransaction for a transaction about to be recorded (`draft`, with its start reading).
    static func start(_ draft: TransactionRecord) -> StartTransaction.Request {
        StartTransaction.Request(
            connectorId: draft.connectorId, idTag: draft.authorization.idToken.idTag, meterStart: draft.meterStartWh,
            reservationId: draft.authorization.reservationId, timestamp: Timestamp(draft.startTime)
        )
    }

    /// StopTransaction for `record`, ended at `time` for `reason` (by `idToken` when a user
    /// stopped it) with the register at `meterStopWh` and its transactionData.
    ///
    /// meterStop is never below meterStart (a replaced meter reads lower); the reason is omitted
    /// when it is Local, as the specification allows; the transactionId is the central system's
    /// when known, else 0, filled in when the message is sent (the StartTransaction answer may
    /// still be on its way).
    static func stop(
        _ record: TransactionRecord, meterStopWh: Int, at time: Timestamp, reason: StopReason, by idToken: IdentifierToken?, data: [MeterValue]
    ) -> StopTransaction.Request {
        StopTransaction.Request(
            idTag: idToken?.idTag, meterStop: max(meterStopWh, record.meterStartWh), timestamp: time, transactionId: record.transactionId ?? 0,
            reason: reason == .local ? nil : reason.ocpp16Reason, transactionData: data.isEmpty ? nil : data
        )
    }
}
