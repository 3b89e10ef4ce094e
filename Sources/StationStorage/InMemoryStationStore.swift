// A StationStore in memory: for tests and for fleets of simulated stations that need no
// persistence across process restarts. Same behaviour as the SQLite store, minus the disk.

public import ChargingCore
public import OCPP
public import StationCore
import Synchronization

/// A `StationStore` kept in memory. Safe to call from any isolation.
public final class InMemoryStationStore: StationStore {
    private struct State {
        var configuration: [ConfigurationKey: String] = [:]
        var availability: [Int: Availability] = [:]
        var transactions: [Int64: (record: TransactionRecord, open: Bool)] = [:]
        var nextTransaction: Int64 = 1
        var queue: [QueuedMessage] = []
        var nextSequence: Int64 = 1
        var cache: [IdToken: IdTagInfo] = [:]
        var documents: [StateDocument: JSONValue] = [:]
        var securityLog: [SecurityEvent] = []
    }

    private let state = Mutex(State())

    /// An empty store.
    public init() {}

    public func changedConfiguration() -> [ConfigurationKey: String] { state.withLock { $0.configuration } }
    public func saveConfiguration(_ key: ConfigurationKey, value: String) { state.withLock { $0.configuration[key] = value } }
    public func availability() -> [Int: Availability] { state.withLock { $0.availability } }
    public func saveAvailability(_ availability: Availability, connectorId: Int) { state.withLock { $0.availability[connectorId] = availability } }

    public func recordTransactionStart(_ record: TransactionRecord, startTransaction payload: JSONValue) -> TransactionRecord {
        state.withLock { state in
            var stored = record
            stored.localId = state.nextTransaction
            state.nextTransaction += 1
            state.transactions[stored.localId] = (stored, true)
            state.queue.append(QueuedMessage(sequence: state.nextSequence, localTransactionId: stored.localId, action: .startTransaction, payload: payload))
            state.nextSequence += 1
            return stored
        }
    }

    public func updateTransaction(_ record: TransactionRecord) {
        state.withLock { state in
            guard let open = state.transactions[record.localId]?.open else { return }
            state.transactions[record.localId] = (record, open)
        }
    }

    public func recordTransactionStop(localId: Int64, stopTransaction payload: JSONValue) {
        state.withLock { state in
            state.transactions[localId]?.open = false
            state.queue.append(QueuedMessage(sequence: state.nextSequence, localTransactionId: localId, action: .stopTransaction, payload: payload))
            state.nextSequence += 1
        }
    }

    public func openTransactions() -> [TransactionRecord] {
        state.withLock { $0.transactions.values.filter(\.open).map(\.record).sorted { $0.localId < $1.localId } }
    }

    public func transactionId(ofLocal localId: Int64) -> Int? { state.withLock { $0.transactions[localId]?.record.transactionId } }

    public func setTransactionId(_ transactionId: Int, ofLocal localId: Int64) {
        state.withLock { $0.transactions[localId]?.record.transactionId = transactionId }
    }

    public func enqueue(_ message: QueuedMessage) {
        state.withLock { state in
            var stored = message
            stored.sequence = state.nextSequence
            state.nextSequence += 1
            state.queue.append(stored)
        }
    }

    public func queuedMessages(limit: Int) -> [QueuedMessage] { state.withLock { Array($0.queue.prefix(limit)) } }
    public func queuedMessageCount() -> Int { state.withLock { $0.queue.count } }
    public func removeQueuedMessage(sequence: Int64) { state.withLock { $0.queue.removeAll { $0.sequence == sequence } } }

    public func removeOldestQueuedMessage(action: QueuedAction) -> Bool {
        state.withLock { state in
            guard let index = state.queue.firstIndex(where: { $0.action == action }) else { return false }
            state.queue.remove(at: index)
            return true
        }
    }

    public func recordFailedAttempt(sequence: Int64) {
        state.withLock { state in
            guard let index = state.queue.firstIndex(where: { $0.sequence == sequence }) else { return }
            state.queue[index].failedAttempts += 1
        }
    }

    public func enqueue(_ messages: [QueuedMessage], removing document: StateDocument) {
        state.withLock { state in
            for message in messages {
                var stored = message
                stored.sequence = state.nextSequence
                state.nextSequence += 1
                state.queue.append(stored)
            }
            state.documents[document] = nil
        }
    }

    public func cachedAuthorization(_ idTag: IdToken) -> IdTagInfo? { state.withLock { $0.cache[idTag] } }
    public func cacheAuthorization(_ idTag: IdToken, _ info: IdTagInfo) { state.withLock { $0.cache[idTag] = info } }
    public func clearAuthorizationCache() { state.withLock { $0.cache = [:] } }

    public func document(_ document: StateDocument) -> JSONValue? { state.withLock { $0.documents[document] } }
    public func saveDocument(_ document: StateDocument, _ value: JSONValue?) { state.withLock { $0.documents[document] = value } }

    public func recordSecurityEvent(_ event: SecurityEvent, capacity: Int, notification: JSONValue?) {
        state.withLock { state in
            state.securityLog.append(event)
            if state.securityLog.count > capacity { state.securityLog.removeFirst(state.securityLog.count - max(capacity, 0)) }
            if let notification {
                state.queue.append(QueuedMessage(sequence: state.nextSequence, localTransactionId: 0, action: .securityEventNotification, payload: notification))
                state.nextSequence += 1
            }
        }
    }

    public func securityEvents(from oldest: Timestamp?, to latest: Timestamp?) -> [SecurityEvent] {
        state.withLock { state in
            state.securityLog.filter { event in
                (oldest.map { event.timestamp >= $0 } ?? true) && (latest.map { event.timestamp <= $0 } ?? true)
            }
        }
    }
}
