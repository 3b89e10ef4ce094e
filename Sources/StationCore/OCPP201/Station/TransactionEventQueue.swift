// The persistent queue of OCPP 2.0.1 TransactionEvents: appended by the station before the
// event counts as sent, removed by the link once the CSMS answered. Rows of the store's message
// queue table (the one 1.6's transaction messages use), one per event: kill -9 at any instant
// loses no event (at worst one is sent twice), and an append or a removal costs one row.

public import enum OCPP.JSONValue

/// The TransactionEvent payloads waiting for the central system, oldest first, in the store's
/// queue as `QueuedAction.transactionEvent` rows. The station and its link share one instance;
/// safe to call from any isolation (the store serializes its calls).
public final class TransactionEventQueue: Sendable {
    /// The store whose queue table holds the events.
    public let store: any StationStore

    /// A queue in `store`'s message queue. Events an older firmware kept in the
    /// `ocpp201TransactionEvents` document are moved into the queue first, once, in order and
    /// ahead of anything queued later (in one commit with the document's removal).
    public init(store: any StationStore) {
        self.store = store
        Self.moveDocument(of: store)
    }

    /// Appends a payload; returns once it is durable.
    public func append(_ payload: JSONValue) throws(StoreError) {
        try store.enqueue(Self.row(payload))
    }

    /// The oldest payload, or nil when the queue is empty.
    public func head() throws(StoreError) -> JSONValue? {
        try headRow()?.payload
    }

    /// The oldest queued TransactionEvent row (with its sequence), or nil. Reads the queue's
    /// first page only (other rows, such as a 2.0.1 notification queued for the same reliability,
    /// are few and go in their turn).
    public func headRow() throws(StoreError) -> QueuedMessage? {
        try store.queuedMessages(limit: 64).first { $0.action == .transactionEvent }
    }

    /// Removes the oldest payload when it is still `payload` (the one just delivered).
    public func removeHead(_ payload: JSONValue) throws(StoreError) {
        guard let first = try headRow(), first.payload == payload else { return }
        try store.removeQueuedMessage(sequence: first.sequence)
    }

    /// Every payload waiting, oldest first.
    public func all() throws(StoreError) -> [JSONValue] {
        try store.queuedMessages(limit: Int.max).filter { $0.action == .transactionEvent }.map(\.payload)
    }

    /// How many messages wait in the queue (the TransactionEvents, and any other row queued for
    /// the same delivery).
    public func count() throws(StoreError) -> Int {
        try store.queuedMessageCount()
    }

    /// The queue row of a TransactionEvent payload.
    static func row(_ payload: JSONValue) -> QueuedMessage {
        QueuedMessage(localTransactionId: 0, action: .transactionEvent, payload: payload)
    }

    /// Moves the document's events into the queue table. A store that cannot be read now keeps
    /// the document, and the next start tries again.
    private static func moveDocument(of store: any StationStore) {
        guard case .array(let events)? = try? store.document(.ocpp201TransactionEvents) else { return }
        try? store.enqueue(events.map(row), removing: .ocpp201TransactionEvents)
    }
}
