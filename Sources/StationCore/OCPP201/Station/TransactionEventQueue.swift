// The persistent queue of OCPP 2.0.1 TransactionEvents: appended by the station before the
// event counts as sent, removed by the link once the CSMS answered. Kept in the store as one
// document, so that kill -9 at any instant loses no event (at worst one is sent twice).

import Synchronization
public import enum OCPP.JSONValue

/// The TransactionEvent payloads waiting for the central system, oldest first. The station and
/// its link share one instance; safe to call from any isolation.
public final class TransactionEventQueue: Sendable {
    private let store: any StationStore
    private let lock = Mutex<Void>(())

    /// A queue kept in `store`'s `ocpp201TransactionEvents` document.
    public init(store: any StationStore) {
        self.store = store
    }

    /// Appends a payload; returns once it is durable.
    public func append(_ payload: JSONValue) throws(StoreError) {
        try lock.withLock { _ throws(StoreError) in
            var events = try read()
            events.append(payload)
            try store.saveDocument(.ocpp201TransactionEvents, .array(events))
        }
    }

    /// The oldest payload, or nil when the queue is empty.
    public func head() throws(StoreError) -> JSONValue? {
        try lock.withLock { _ throws(StoreError) in try read().first }
    }

    /// Removes the oldest payload when it is still `payload` (the one just delivered).
    public func removeHead(_ payload: JSONValue) throws(StoreError) {
        try lock.withLock { _ throws(StoreError) in
            var events = try read()
            guard let first = events.first, first == payload else { return }
            events.removeFirst()
            try store.saveDocument(.ocpp201TransactionEvents, events.isEmpty ? nil : .array(events))
        }
    }

    /// Every payload waiting, oldest first.
    public func all() throws(StoreError) -> [JSONValue] {
        try lock.withLock { _ throws(StoreError) in try read() }
    }

    /// How many payloads wait.
    public func count() throws(StoreError) -> Int {
        try lock.withLock { _ throws(StoreError) in try read().count }
    }

    private func read() throws(StoreError) -> [JSONValue] {
        guard case .array(let events) = try store.document(.ocpp201TransactionEvents) else { return [] }
        return events
    }
}
