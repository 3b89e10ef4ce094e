// The station's durable state in one SQLite file (WAL, synchronous=FULL): configuration changes,
// availability, transactions, the transaction-message queue, the authorization cache, documents
// and the security log (`SQLiteStationStore+SecurityLog.swift`). Each method commits before it
// returns, so kill -9 at any instant loses nothing acknowledged (a page of answered MeterValues
// may be removed without waiting for the disk: `removeQueuedMessages`).

public import ChargingCore
public import OCPP
public import StationCore
import Synchronization

/// A `StationStore` in an SQLite file. Safe to call from any isolation (calls are serialized).
public final class SQLiteStationStore: StationStore {
    private let database: SQLiteDatabase
    /// Serializes every use of the connection (a transaction's statements must not interleave).
    private let lock = Mutex(())

    /// The schema, one entry per version; a database is migrated forward on opening.
    static let migrations: [String] = [
        """
        CREATE TABLE configuration(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE availability(connector INTEGER PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE transactions(
            local_id INTEGER PRIMARY KEY AUTOINCREMENT, connector INTEGER NOT NULL, id_tag TEXT NOT NULL, parent_id_tag TEXT,
            reservation_id INTEGER, meter_start INTEGER NOT NULL, start_time INTEGER NOT NULL, transaction_id INTEGER,
            energy_blocked INTEGER NOT NULL DEFAULT 0, open INTEGER NOT NULL DEFAULT 1);
        CREATE TABLE queue(
            sequence INTEGER PRIMARY KEY AUTOINCREMENT, local_transaction_id INTEGER NOT NULL, action TEXT NOT NULL,
            payload TEXT NOT NULL, failed_attempts INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE authorization_cache(id_tag_key TEXT PRIMARY KEY, id_tag TEXT NOT NULL, status TEXT NOT NULL, expiry INTEGER, parent_id_tag TEXT);
        """,
        """
        CREATE TABLE documents(name TEXT PRIMARY KEY, body TEXT NOT NULL);
        """,
        """
        CREATE TABLE security_log(sequence INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, time INTEGER NOT NULL, tech_info TEXT);
        """,
    ]

    /// Opens (creating and migrating as needed) the store in the file at `path`.
    public init(path: String, durability: SQLiteDurability = .full) throws(StoreError) {
        do {
            let database = try SQLiteDatabase(path: path, durability: durability)
            let version = Int(try database.scalarText("PRAGMA user_version") ?? "0") ?? 0
            guard version <= Self.migrations.count else {
                throw StoreError("\(path): schema version \(version) is newer than this firmware's \(Self.migrations.count)")
            }
            for (index, migration) in Self.migrations.enumerated().dropFirst(version) {
                try database.transaction { () throws(SQLiteError) in
                    try database.execute(migration)
                    try database.execute("PRAGMA user_version = \(index + 1)")
                }
            }
            self.database = database
        } catch let error as SQLiteError {
            throw StoreError(error.description)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("\(error)")
        }
    }

    @discardableResult
    func run<T>(_ body: (SQLiteDatabase) throws(SQLiteError) -> T) throws(StoreError) -> T {
        do {
            return try lock.withLock { _ throws(SQLiteError) -> T in try body(database) }
        } catch {
            throw StoreError(error.description)
        }
    }

    // MARK: Configuration and availability

    public func changedConfiguration() throws(StoreError) -> [ConfigurationKey: String] {
        try run { database throws(SQLiteError) in
            var values: [ConfigurationKey: String] = [:]
            for row in try database.query("SELECT key, value FROM configuration") {
                if let key = row[0].text.flatMap(ConfigurationKey.init(rawValue:)), let value = row[1].text { values[key] = value }
            }
            return values
        }
    }

    public func saveConfiguration(_ key: ConfigurationKey, value: String) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query("INSERT OR REPLACE INTO configuration(key, value) VALUES (?1, ?2)", [.text(key.rawValue), .text(value)])
        }
    }

    public func availability() throws(StoreError) -> [Int: Availability] {
        try run { database throws(SQLiteError) in
            var values: [Int: Availability] = [:]
            for row in try database.query("SELECT connector, value FROM availability") {
                if let connector = row[0].integer, let value = row[1].text.flatMap(Availability.init(rawValue:)) { values[Int(connector)] = value }
            }
            return values
        }
    }

    public func saveAvailability(_ availability: Availability, connectorId: Int) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query("INSERT OR REPLACE INTO availability(connector, value) VALUES (?1, ?2)", [.integer(Int64(connectorId)), .text(availability.rawValue)])
        }
    }

    // MARK: Transactions

    public func recordTransactionStart(_ record: TransactionRecord, startTransaction payload: JSONValue) throws(StoreError) -> TransactionRecord {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) -> TransactionRecord in
                try database.query(
                    """
                    INSERT INTO transactions(connector, id_tag, parent_id_tag, reservation_id, meter_start, start_time, transaction_id, energy_blocked)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                    """,
                    [
                        .integer(Int64(record.connectorId)), .text(record.authorization.idToken.value), record.authorization.groupIdToken.map { .text($0.value) } ?? .null,
                        record.authorization.reservationId.map { .integer(Int64($0)) } ?? .null, .integer(Int64(record.meterStartWh)),
                        .integer(record.startTime.millisecondsSince1970), record.transactionId.map { .integer(Int64($0)) } ?? .null,
                        .integer(record.energyBlocked ? 1 : 0),
                    ]
                )
                var stored = record
                stored.localId = database.lastInsertedRowId
                try database.query(
                    "INSERT INTO queue(local_transaction_id, action, payload) VALUES (?1, ?2, ?3)",
                    [.integer(stored.localId), .text(Action.startTransaction.rawValue), .text(JSONWriter.string(payload))]
                )
                return stored
            }
        }
    }

    public func updateTransaction(_ record: TransactionRecord) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query(
                "UPDATE transactions SET transaction_id = ?2, energy_blocked = ?3 WHERE local_id = ?1",
                [.integer(record.localId), record.transactionId.map { .integer(Int64($0)) } ?? .null, .integer(record.energyBlocked ? 1 : 0)]
            )
        }
    }

    public func recordTransactionStop(localId: Int64, stopTransaction payload: JSONValue) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                try database.query("UPDATE transactions SET open = 0 WHERE local_id = ?1", [.integer(localId)])
                try database.query(
                    "INSERT INTO queue(local_transaction_id, action, payload) VALUES (?1, ?2, ?3)",
                    [.integer(localId), .text(Action.stopTransaction.rawValue), .text(JSONWriter.string(payload))]
                )
            }
        }
    }

    public func openTransactions() throws(StoreError) -> [TransactionRecord] {
        try run { database throws(SQLiteError) in
            try database.query(
                """
                SELECT local_id, connector, id_tag, parent_id_tag, reservation_id, meter_start, start_time, transaction_id, energy_blocked
                FROM transactions WHERE open = 1 ORDER BY local_id
                """
            ).compactMap { row in
                guard let localId = row[0].integer, let connector = row[1].integer, let idToken = row[2].text.map({ IdentifierToken($0) }),
                      let meterStart = row[5].integer, let startTime = row[6].integer
                else { return nil }
                return TransactionRecord(
                    localId: localId, connectorId: Int(connector),
                    authorization: Authorization(idToken: idToken, groupIdToken: row[3].text.map { IdentifierToken($0) }, reservationId: row[4].integer.map { Int($0) }),
                    meterStartWh: Int(meterStart), startTime: WallClockTime(millisecondsSince1970: startTime),
                    transactionId: row[7].integer.map { Int($0) }, energyBlocked: row[8].integer == 1
                )
            }
        }
    }

    public func transactionId(ofLocal localId: Int64) throws(StoreError) -> Int? {
        try run { database throws(SQLiteError) in
            try database.query("SELECT transaction_id FROM transactions WHERE local_id = ?1", [.integer(localId)]).first?[0].integer.map { Int($0) }
        }
    }

    public func setTransactionId(_ transactionId: Int, ofLocal localId: Int64) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query("UPDATE transactions SET transaction_id = ?2 WHERE local_id = ?1", [.integer(localId), .integer(Int64(transactionId))])
        }
    }

    // MARK: Queue

    public func enqueue(_ message: QueuedMessage) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query(
                "INSERT INTO queue(local_transaction_id, action, payload, failed_attempts) VALUES (?1, ?2, ?3, ?4)",
                [.integer(message.localTransactionId), .text(message.action.rawValue), .text(JSONWriter.string(message.payload)), .integer(Int64(message.failedAttempts))]
            )
        }
    }

    public func queuedMessages(limit: Int) throws(StoreError) -> [QueuedMessage] {
        try run { database throws(SQLiteError) in
            try database.query(
                "SELECT sequence, local_transaction_id, action, payload, failed_attempts FROM queue ORDER BY sequence LIMIT ?1", [.integer(Int64(limit))]
            ).compactMap { row in
                guard let sequence = row[0].integer, let localId = row[1].integer, let action = row[2].text.map(QueuedAction.init(rawValue:)),
                      let text = row[3].text, let payload = try? JSONParser.parse(text)
                else { return nil }
                return QueuedMessage(sequence: sequence, localTransactionId: localId, action: action, payload: payload, failedAttempts: Int(row[4].integer ?? 0))
            }
        }
    }

    public func queuedMessageCount() throws(StoreError) -> Int {
        try run { database throws(SQLiteError) in Int(try database.query("SELECT COUNT(*) FROM queue").first?[0].integer ?? 0) }
    }

    public func removeQueuedMessage(sequence: Int64) throws(StoreError) {
        try run { database throws(SQLiteError) in try database.query("DELETE FROM queue WHERE sequence = ?1", [.integer(sequence)]) }
    }

    /// One DELETE. Unless `durably`, committed without waiting for the disk: a kill -9 cannot
    /// undo it, a power cut before the next write that waits for the disk can (the messages are
    /// then sent once more: at least once, as OCPP's transaction messages are delivered).
    public func removeQueuedMessages(sequences: [Int64], durably: Bool) throws(StoreError) {
        guard !sequences.isEmpty else { return }
        let sql = "DELETE FROM queue WHERE sequence IN (\(sequences.map(String.init).joined(separator: ",")))"
        try run { database throws(SQLiteError) in
            if durably {
                try database.query(sql)
            } else {
                try database.withoutWaitingForTheDisk { () throws(SQLiteError) in try database.query(sql) }
            }
        }
    }

    public func removeOldestQueuedMessage(action: QueuedAction) throws(StoreError) -> Bool {
        try run { database throws(SQLiteError) -> Bool in
            let rows = try database.query("SELECT sequence FROM queue WHERE action = ?1 ORDER BY sequence LIMIT 1", [.text(action.rawValue)])
            guard let sequence = rows.first?[0].integer else { return false }
            try database.query("DELETE FROM queue WHERE sequence = ?1", [.integer(sequence)])
            return true
        }
    }

    public func recordFailedAttempt(sequence: Int64) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query("UPDATE queue SET failed_attempts = failed_attempts + 1 WHERE sequence = ?1", [.integer(sequence)])
        }
    }

    // MARK: Authorization cache

    public func cachedAuthorization(_ idTag: IdToken) throws(StoreError) -> IdTagInfo? {
        try run { database throws(SQLiteError) in
            guard let row = try database.query(
                "SELECT status, expiry, parent_id_tag FROM authorization_cache WHERE id_tag_key = ?1", [.text(idTag.value.lowercased())]
            ).first, let status = row[0].text.flatMap(AuthorizationStatus.init(rawValue:)) else { return nil }
            return IdTagInfo(status: status, expiryDate: row[1].integer.map(Timestamp.init(millisecondsSince1970:)), parentIdTag: row[2].text.flatMap { try? IdToken($0) })
        }
    }

    public func cacheAuthorization(_ idTag: IdToken, _ info: IdTagInfo) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query(
                "INSERT OR REPLACE INTO authorization_cache(id_tag_key, id_tag, status, expiry, parent_id_tag) VALUES (?1, ?2, ?3, ?4, ?5)",
                [
                    .text(idTag.value.lowercased()), .text(idTag.value), .text(info.status.rawValue),
                    info.expiryDate.map { .integer($0.millisecondsSince1970) } ?? .null, info.parentIdTag.map { .text($0.value) } ?? .null,
                ]
            )
        }
    }

    public func clearAuthorizationCache() throws(StoreError) {
        try run { database throws(SQLiteError) in try database.execute("DELETE FROM authorization_cache") }
    }

    // MARK: Documents

    public func document(_ document: StateDocument) throws(StoreError) -> JSONValue? {
        let text = try run { database throws(SQLiteError) in
            try database.query("SELECT body FROM documents WHERE name = ?1", [.text(document.rawValue)]).first?[0].text
        }
        guard let text else { return nil }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw StoreError("document \(document.rawValue) is not valid JSON: \(error)")
        }
    }

    public func saveDocument(_ document: StateDocument, _ value: JSONValue?) throws(StoreError) {
        try run { database throws(SQLiteError) in
            if let value {
                try database.query("INSERT OR REPLACE INTO documents(name, body) VALUES (?1, ?2)", [.text(document.rawValue), .text(JSONWriter.string(value))])
            } else {
                try database.query("DELETE FROM documents WHERE name = ?1", [.text(document.rawValue)])
            }
        }
    }
}
