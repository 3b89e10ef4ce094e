// The action of a row of the persistent message queue, by its name on the wire: one queue table
// holds the transaction messages of either OCPP version, and each client reads back its own.

public import enum OCPP.Action
import enum OCPP201.Action

/// The action of a queued message, as the action's name (the `action` column of the queue table).
/// Version-neutral: 1.6 rows (StartTransaction, StopTransaction, MeterValues,
/// SecurityEventNotification) and 2.0.1 rows (TransactionEvent) share the queue, and the names
/// stored before this type existed read back unchanged.
public struct QueuedAction: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The action's name as it goes on the wire.
    public let rawValue: String

    /// The action named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The queued form of an OCPP 1.6 action.
    public init(_ action: OCPP.Action) { rawValue = action.rawValue }

    public var description: String { rawValue }

    /// OCPP 1.6 StartTransaction.
    public static let startTransaction = QueuedAction(OCPP.Action.startTransaction)
    /// OCPP 1.6 StopTransaction.
    public static let stopTransaction = QueuedAction(OCPP.Action.stopTransaction)
    /// OCPP 1.6 MeterValues of a transaction.
    public static let meterValues = QueuedAction(OCPP.Action.meterValues)
    /// OCPP 1.6 (Security extension) SecurityEventNotification.
    public static let securityEventNotification = QueuedAction(OCPP.Action.securityEventNotification)
    /// OCPP 2.0.1 TransactionEvent.
    public static let transactionEvent = QueuedAction(rawValue: OCPP201.Action.transactionEvent.rawValue)
}
