// One SQLite file for a whole fleet of simulated stations: the same tables as a station's own
// store with the charge point id as the first column of every key, so each station keeps its own
// rows. `rows(of:)` hands a station its `StationStore` view.

import ChargingCore
import OCPP
public import StationCore
import Synchronization

/// The fleet's durable state in one SQLite file. Safe to call from any isolation (calls are
/// serialized on one connection).
///
/// Durability: `.normal` by default (WAL, synchronous=NORMAL): a commit is in the operating
/// system's hands before it returns, so kill -9 of the fleet process loses nothing; a power cut
/// of the machine may lose the last commits. A fleet simulates stations, it is not one, and one
/// fsync per message of ten thousand stations would bound the fleet by the disk.
public final class SQLiteFleetStore: Sendable {
    private let database: SQLiteDatabase
    private let lock = Mutex(())

    static let schema = """
        CREATE TABLE IF NOT EXISTS fleet_configuration(station TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(station, key));
        CREATE TABLE IF NOT EXISTS fleet_availability(station TEXT NOT NULL, connector INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY(station, connector));
        CREATE TABLE IF NOT EXISTS fleet_transactions(
            local_id INTEGER PRIMARY KEY AUTOINCREMENT, station TEXT NOT NULL, connector INTEGER NOT NULL, id_tag TEXT NOT NULL, parent_id_tag TEXT,
            reservation_id INTEGER, meter_start INTEGER NOT NULL, start_time INTEGER NOT NULL, transaction_id INTEGER,
            energy_blocked INTEGER NOT NULL DEFAULT 0, open INTEGER NOT NULL DEFAULT 1);
        CREATE INDEX IF NOT EXISTS fleet_open_transactions ON fleet_transactions(station, open);
        CREATE TABLE IF NOT EXISTS fleet_queue(
            sequence INTEGER PRIMARY KEY AUTOINCREMENT, station TEXT NOT NULL, local_transaction_id INTEGER NOT NULL, action TEXT NOT NULL,
            payload TEXT NOT NULL, failed_attempts INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS fleet_queue_order ON fleet_queue(station, sequence);
        CREATE TABLE IF NOT EXISTS fleet_authorization_cache(
            station TEXT NOT NULL, id_tag_key TEXT NOT NULL, id_tag TEXT NOT NULL, status TEXT NOT NULL, expiry INTEGER, parent_id_tag TEXT,
            PRIMARY KEY(station, id_tag_key));
        CREATE TABLE IF NOT EXISTS fleet_documents(station TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(station, name));
        CREATE TABLE IF NOT EXISTS fleet_security_log(
            sequence INTEGER PRIMARY KEY AUTOINCREMENT, station TEXT NOT NULL, kind TEXT NOT NULL, time INTEGER NOT NULL, tech_info TEXT);
        CREATE INDEX IF NOT EXISTS fleet_security_log_order ON fleet_security_log(station, sequence);
        """

    /// Opens (creating as needed) the fleet store in the file at `path`.
    public init(path: String, durability: SQLiteDurability = .normal) throws(StoreError) {
        do {
            database = try SQLiteDatabase(path: path, durability: durability)
            try database.execute(Self.schema)
        } catch {
            throw StoreError(error.description)
        }
    }

    /// The store of station `chargePointId`: its own rows of this file.
    public func rows(of chargePointId: String) -> any StationStore {
        FleetStationRows(fleet: self, station: chargePointId)
    }

    /// The number of queued transaction messages of every station together.
    public func queuedMessageCount() throws(StoreError) -> Int {
        try run { database throws(SQLiteError) in Int(try database.query("SELECT COUNT(*) FROM fleet_queue").first?[0].integer ?? 0) }
    }

    @discardableResult
    func run<T>(_ body: (SQLiteDatabase) throws(SQLiteError) -> T) throws(StoreError) -> T {
        do {
            return try lock.withLock { _ throws(SQLiteError) -> T in try body(database) }
        } catch {
            throw StoreError(error.description)
        }
    }
}

/// One station's rows of a `SQLiteFleetStore`.
struct FleetStationRows: StationStore {
    let fleet: SQLiteFleetStore
    let station: String

    var key: SQLiteValue { .text(station) }

    @discardableResult
    func run<T>(_ body: (SQLiteDatabase) throws(SQLiteError) -> T) throws(StoreError) -> T {
        try fleet.run(body)
    }

    func changedConfiguration() throws(StoreError) -> [ConfigurationKey: String] {
        try run { database throws(SQLiteError) in
            var values: [ConfigurationKey: String] = [:]
            for row in try database.query("SELECT key, value FROM fleet_configuration WHERE station = ?1", [key]) {
                if let name = row[0].text.flatMap(ConfigurationKey.init(rawValue:)), let value = row[1].text { values[name] = value }
            }
            return values
        }
    }

    func saveConfiguration(_ name: ConfigurationKey, value: String) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query("INSERT OR REPLACE INTO fleet_configuration(station, key, value) VALUES (?1, ?2, ?3)", [key, .text(name.rawValue), .text(value)])
        }
    }

    func availability() throws(StoreError) -> [Int: Availability] {
        try run { database throws(SQLiteError) in
            var values: [Int: Availability] = [:]
            for row in try database.query("SELECT connector, value FROM fleet_availability WHERE station = ?1", [key]) {
                if let connector = row[0].integer, let value = row[1].text.flatMap(Availability.init(rawValue:)) { values[Int(connector)] = value }
            }
            return values
        }
    }

    func saveAvailability(_ availability: Availability, connectorId: Int) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query(
                "INSERT OR REPLACE INTO fleet_availability(station, connector, value) VALUES (?1, ?2, ?3)",
                [key, .integer(Int64(connectorId)), .text(availability.rawValue)]
            )
        }
    }

    func recordTransactionStart(_ record: TransactionRecord, startTransaction payload: JSONValue) throws(StoreError) -> TransactionRecord {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) -> TransactionRecord in
                try database.query(
                    """
                    INSERT INTO fleet_transactions(station, connector, id_tag, parent_id_tag, reservation_id, meter_start, start_time, transaction_id, energy_blocked)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                    """,
                    [
                        key, .integer(Int64(record.connectorId)), .text(record.authorization.idToken.value),
                        record.authorization.groupIdToken.map { .text($0.value) } ?? .null,
                        record.authorization.reservationId.map { .integer(Int64($0)) } ?? .null, .integer(Int64(record.meterStartWh)),
                        .integer(record.startTime.millisecondsSince1970), record.transactionId.map { .integer(Int64($0)) } ?? .null,
                        .integer(record.energyBlocked ? 1 : 0),
                    ]
                )
                var stored = record
                stored.localId = database.lastInsertedRowId
                try database.query(
                    "INSERT INTO fleet_queue(station, local_transaction_id, action, payload) VALUES (?1, ?2, ?3, ?4)",
                    [key, .integer(stored.localId), .text(Action.startTransaction.rawValue), .text(JSONWriter.string(payload))]
                )
                return stored
            }
        }
    }

    func updateTransaction(_ record: TransactionRecord) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query(
                "UPDATE fleet_transactions SET transaction_id = ?2, energy_blocked = ?3 WHERE local_id = ?1",
                [.integer(record.localId), record.transactionId.map { .integer(Int64($0)) } ?? .null, .integer(record.energyBlocked ? 1 : 0)]
            )
        }
    }

    func recordTransactionStop(localId: Int64, stopTransaction payload: JSONValue) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                try database.query("UPDATE fleet_transactions SET open = 0 WHERE local_id = ?1", [.integer(localId)])
                try database.query(
                    "INSERT INTO fleet_queue(station, local_transaction_id, action, payload) VALUES (?1, ?2, ?3, ?4)",
                    [key, .integer(localId), .text(Action.stopTransaction.rawValue), .text(JSONWriter.string(payload))]
                )
            }
        }
    }

    func openTransactions() throws(StoreError) -> [TransactionRecord] {
        try run { database throws(SQLiteError) in
            try database.query(
                """
                SELECT local_id, connector, id_tag, parent_id_tag, reservation_id, meter_start, start_time, transaction_id, energy_blocked
                FROM fleet_transactions WHERE station = ?1 AND open = 1 ORDER BY local_id
                """,
                [key]
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

    func transactionId(ofLocal localId: Int64) throws(StoreError) -> Int? {
        try run { database throws(SQLiteError) in
            try database.query("SELECT transaction_id FROM fleet_transactions WHERE local_id = ?1", [.integer(localId)]).first?[0].integer.map { Int($0) }
        }
    }

    func setTransactionId(_ transactionId: Int, ofLocal localId: Int64) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query("UPDATE fleet_transactions SET transaction_id = ?2 WHERE local_id = ?1", [.integer(localId), .integer(Int64(transactionId))])
        }
    }

    func enqueue(_ message: QueuedMessage) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query(
                "INSERT INTO fleet_queue(station, local_transaction_id, action, payload, failed_attempts) VALUES (?1, ?2, ?3, ?4, ?5)",
                [
                    key, .integer(message.localTransactionId), .text(message.action.rawValue), .text(JSONWriter.string(message.payload)),
                    .integer(Int64(message.failedAttempts)),
                ]
            )
        }
    }

    func queuedMessages(limit: Int) throws(StoreError) -> [QueuedMessage] {
        try run { database throws(SQLiteError) in
            try database.query(
                "SELECT sequence, local_transaction_id, action, payload, failed_attempts FROM fleet_queue WHERE station = ?1 ORDER BY sequence LIMIT ?2",
                [key, .integer(Int64(limit))]
            ).compactMap { row in
                guard let sequence = row[0].integer, let localId = row[1].integer, let action = row[2].text.map(QueuedAction.init(rawValue:)),
                      let text = row[3].text, let payload = try? JSONParser.parse(text)
                else { return nil }
                return QueuedMessage(sequence: sequence, localTransactionId: localId, action: action, payload: payload, failedAttempts: Int(row[4].integer ?? 0))
            }
        }
    }

    func queuedMessageCount() throws(StoreError) -> Int {
        try run { database throws(SQLiteError) in
            Int(try database.query("SELECT COUNT(*) FROM fleet_queue WHERE station = ?1", [key]).first?[0].integer ?? 0)
        }
    }

    func removeQueuedMessage(sequence: Int64) throws(StoreError) {
        try run { database throws(SQLiteError) in try database.query("DELETE FROM fleet_queue WHERE sequence = ?1", [.integer(sequence)]) }
    }

    func removeOldestQueuedMessage(action: QueuedAction) throws(StoreError) -> Bool {
        try run { database throws(SQLiteError) -> Bool in
            let rows = try database.query(
                "SELECT sequence FROM fleet_queue WHERE station = ?1 AND action = ?2 ORDER BY sequence LIMIT 1", [key, .text(action.rawValue)]
            )
            guard let sequence = rows.first?[0].integer else { return false }
            try database.query("DELETE FROM fleet_queue WHERE sequence = ?1", [.integer(sequence)])
            return true
        }
    }

    func recordFailedAttempt(sequence: Int64) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query("UPDATE fleet_queue SET failed_attempts = failed_attempts + 1 WHERE sequence = ?1", [.integer(sequence)])
        }
    }

    func cachedAuthorization(_ idTag: IdToken) throws(StoreError) -> IdTagInfo? {
        try run { database throws(SQLiteError) in
            guard let row = try database.query(
                "SELECT status, expiry, parent_id_tag FROM fleet_authorization_cache WHERE station = ?1 AND id_tag_key = ?2", [key, .text(idTag.value.lowercased())]
            ).first, let status = row[0].text.flatMap(AuthorizationStatus.init(rawValue:)) else { return nil }
            return IdTagInfo(status: status, expiryDate: row[1].integer.map(Timestamp.init(millisecondsSince1970:)), parentIdTag: row[2].text.flatMap { try? IdToken($0) })
        }
    }

    func cacheAuthorization(_ idTag: IdToken, _ info: IdTagInfo) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.query(
                "INSERT OR REPLACE INTO fleet_authorization_cache(station, id_tag_key, id_tag, status, expiry, parent_id_tag) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                [
                    key, .text(idTag.value.lowercased()), .text(idTag.value), .text(info.status.rawValue),
                    info.expiryDate.map { .integer($0.millisecondsSince1970) } ?? .null, info.parentIdTag.map { .text($0.value) } ?? .null,
                ]
            )
        }
    }

    func clearAuthorizationCache() throws(StoreError) {
        try run { database throws(SQLiteError) in try database.query("DELETE FROM fleet_authorization_cache WHERE station = ?1", [key]) }
    }

    func document(_ document: StateDocument) throws(StoreError) -> JSONValue? {
        let text = try run { database throws(SQLiteError) in
            try database.query("SELECT body FROM fleet_documents WHERE station = ?1 AND name = ?2", [key, .text(document.rawValue)]).first?[0].text
        }
        guard let text else { return nil }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw StoreError("document \(document.rawValue) of \(station) is not valid JSON: \(error)")
        }
    }

    func saveDocument(_ document: StateDocument, _ value: JSONValue?) throws(StoreError) {
        try run { database throws(SQLiteError) in
            if let value {
                try database.query(
                    "INSERT OR REPLACE INTO fleet_documents(station, name, body) VALUES (?1, ?2, ?3)", [key, .text(document.rawValue), .text(JSONWriter.string(value))]
                )
            } else {
                try database.query("DELETE FROM fleet_documents WHERE station = ?1 AND name = ?2", [key, .text(document.rawValue)])
            }
        }
    }
}
