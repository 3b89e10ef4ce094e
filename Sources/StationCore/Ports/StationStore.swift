// The persistence port: everything that must survive a power cut. Each method returns once the
// data is durable, so the station acknowledges nothing it could lose (SQLite in StationStorage;
// an in-memory variant for tests and fleets).

public import ChargingCore
public import OCPP

/// A transaction message (1.6: StartTransaction, StopTransaction, MeterValues of a transaction,
/// SecurityEventNotification; 2.0.1: TransactionEvent) waiting in the persistent queue.
public struct QueuedMessage: Sendable, Equatable {
    /// Position in the queue: messages are delivered in increasing order.
    public var sequence: Int64
    /// The station's id of the transaction the message belongs to.
    public var localTransactionId: Int64
    /// The action's name (the queue holds the messages of either OCPP version).
    public var action: QueuedAction
    /// The payload. For StopTransaction and MeterValues the `transactionId` member is filled in
    /// from the StartTransaction answer when the message is sent.
    public var payload: JSONValue
    /// How many times the central system answered this message with a CALLERROR.
    public var failedAttempts: Int

    /// Creates a queue entry (the store assigns `sequence` when appending).
    public init(sequence: Int64 = 0, localTransactionId: Int64, action: QueuedAction, payload: JSONValue, failedAttempts: Int = 0) {
        self.sequence = sequence
        self.localTransactionId = localTransactionId
        self.action = action
        self.payload = payload
        self.failedAttempts = failedAttempts
    }
}

/// A failure of the store (disk full, corrupt file...).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public let message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    public var description: String { "store: \(message)" }
}

/// A piece of station state the store keeps whole, as one JSON document, replaced atomically
/// each time it changes. These are small sets the station holds in memory and changes rarely.
public enum StateDocument: String, Sendable, CaseIterable {
    /// The local authorization list and its version (SendLocalList).
    case localAuthList
    /// The installed charging profiles (SetChargingProfile, RemoteStartTransaction).
    case chargingProfiles
    /// The connectors' reservations (ReserveNow).
    case reservations
    /// A firmware update in progress (UpdateFirmware), so that it survives a reboot.
    case firmwareUpdate
    /// The root certificates installed with InstallCertificate (Security extension).
    case installedCertificates
    /// The link security to go back to while a SecurityProfile or AuthorizationKey change has
    /// not connected yet, so that a change cut by a power loss can still fall back.
    case securityFallback
    /// OCPP 2.0.1: the TransactionEvent requests not yet answered, oldest first, as an older
    /// firmware kept them; moved into the queue table once at start (`TransactionEventQueue`).
    case ocpp201TransactionEvents
    /// OCPP 2.0.1: the running transactions (id, EVSE, next seqNo), so that a reboot ends them.
    case ocpp201Transactions
    /// OCPP 2.0.1: the device model values the CSMS wrote (persistent attributes).
    case ocpp201Variables
    /// OCPP 2.0.1: a firmware update in progress (UpdateFirmware), so that it survives a reboot.
    case ocpp201FirmwareUpdate
    /// OCPP 2.0.1: the authorization cache (idTokenInfo per idToken, with its use).
    case ocpp201AuthorizationCache
    /// OCPP 2.0.1: the local authorization list and its version (SendLocalList).
    case ocpp201LocalAuthList
    /// OCPP 2.0.1: the installed charging profiles (SetChargingProfile), each with its EVSE.
    case ocpp201ChargingProfiles
    /// OCPP 2.0.1: the critical security events' SecurityEventNotification requests not yet
    /// answered, oldest first.
    case ocpp201SecurityEvents
    /// OCPP 2.0.1: the network connection profiles SetNetworkProfile stored, by configuration slot.
    case ocpp201NetworkProfiles
}

/// Durable station state. Implementations are safe to call from any isolation; every method
/// returns after its data is committed.
public protocol StationStore: Sendable {
    /// Configuration values the central system changed.
    func changedConfiguration() throws(StoreError) -> [ConfigurationKey: String]
    /// Records a configuration value the central system changed.
    func saveConfiguration(_ key: ConfigurationKey, value: String) throws(StoreError)

    /// The availability of each connector (0 = the station) set by ChangeAvailability.
    func availability() throws(StoreError) -> [Int: Availability]
    /// Records a connector's availability.
    func saveAvailability(_ availability: Availability, connectorId: Int) throws(StoreError)

    /// Records the start of a transaction and queues its StartTransaction, atomically. The record's
    /// `localId` and the message's `localTransactionId` are assigned by the store.
    func recordTransactionStart(_ record: TransactionRecord, startTransaction payload: JSONValue) throws(StoreError) -> TransactionRecord
    /// Updates a running transaction (its central-system id, whether energy is blocked).
    func updateTransaction(_ record: TransactionRecord) throws(StoreError)
    /// Records the end of a transaction and queues its StopTransaction, atomically.
    func recordTransactionStop(localId: Int64, stopTransaction payload: JSONValue) throws(StoreError)
    /// Transactions that started and did not stop (after a power cut: stopped with PowerLoss).
    func openTransactions() throws(StoreError) -> [TransactionRecord]
    /// The central system's id of a transaction, once its StartTransaction was answered.
    func transactionId(ofLocal localId: Int64) throws(StoreError) -> Int?
    /// Records the central system's id of a transaction (whether it still runs or not).
    func setTransactionId(_ transactionId: Int, ofLocal localId: Int64) throws(StoreError)

    /// Appends a transaction message (MeterValues of a transaction) to the queue.
    func enqueue(_ message: QueuedMessage) throws(StoreError)
    /// The queued messages in delivery order, at most `limit`.
    func queuedMessages(limit: Int) throws(StoreError) -> [QueuedMessage]
    /// The number of queued messages.
    func queuedMessageCount() throws(StoreError) -> Int
    /// Removes a delivered (or dropped) message.
    func removeQueuedMessage(sequence: Int64) throws(StoreError)
    /// Removes delivered messages, all in one write (a queue drained after an outage removes its
    /// answered MeterValues a page at a time). Unless `durably`, the write need not wait for the
    /// disk: a power cut may then bring the messages back, to be sent once more.
    func removeQueuedMessages(sequences: [Int64], durably: Bool) throws(StoreError)
    /// Removes the oldest queued message of `action` (to make room when the queue is full);
    /// false when there is none.
    func removeOldestQueuedMessage(action: QueuedAction) throws(StoreError) -> Bool
    /// Records one more CALLERROR for a message.
    func recordFailedAttempt(sequence: Int64) throws(StoreError)
    /// Appends `messages` to the queue and removes `document`, in one commit (moving what an
    /// older firmware kept in a document into the queue, once).
    func enqueue(_ messages: [QueuedMessage], removing document: StateDocument) throws(StoreError)

    /// The cached status of an identifier.
    func cachedAuthorization(_ idTag: IdToken) throws(StoreError) -> IdTagInfo?
    /// Caches the status of an identifier.
    func cacheAuthorization(_ idTag: IdToken, _ info: IdTagInfo) throws(StoreError)
    /// Empties the authorization cache.
    func clearAuthorizationCache() throws(StoreError)

    /// The stored document, or nil when none was saved.
    func document(_ document: StateDocument) throws(StoreError) -> JSONValue?
    /// Replaces the stored document (nil removes it).
    func saveDocument(_ document: StateDocument, _ value: JSONValue?) throws(StoreError)

    /// Appends `event` to the security log, dropping the oldest entries beyond `capacity`, and,
    /// when `notification` is given, queues it (SecurityEventNotification, with
    /// `localTransactionId` 0) behind the transaction messages: both in one commit.
    func recordSecurityEvent(_ event: SecurityEvent, capacity: Int, notification: JSONValue?) throws(StoreError)
    /// The security log's entries whose timestamps lie between `oldest` and `latest` (either
    /// bound absent: open), oldest first.
    func securityEvents(from oldest: Timestamp?, to latest: Timestamp?) throws(StoreError) -> [SecurityEvent]
}

extension StationStore {
    /// Removes the messages one by one (a store with a cheaper way overrides this).
    public func removeQueuedMessages(sequences: [Int64], durably: Bool) throws(StoreError) {
        for sequence in sequences { try removeQueuedMessage(sequence: sequence) }
    }

    /// Appends the messages, then removes the document: a store without one commit for both
    /// (the stores of this package override it) may send a message twice after a kill -9 in
    /// between, and never loses one.
    public func enqueue(_ messages: [QueuedMessage], removing document: StateDocument) throws(StoreError) {
        for message in messages { try enqueue(message) }
        try saveDocument(document, nil)
    }
}
