// A thin owner of one SQLite connection: opens the file in WAL mode with the durability the
// station needs, runs statements, and turns SQLite result codes into typed errors.

internal import CSQLite

/// A failed SQLite call, with SQLite's own message.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite's result code.
    public let code: Int32
    /// What failed and why.
    public let message: String

    public var description: String { "SQLite error \(code): \(message)" }
}

/// How hard a commit waits for the disk (SQLite's `synchronous` pragma, in WAL mode).
public enum SQLiteDurability: Int32, Sendable {
    /// A commit survives a crash of the process, and of the machine once the WAL is checkpointed.
    case normal = 1
    /// A commit is on the disk before it returns: survives power loss (the default for stations).
    case full = 2
}

/// One open SQLite database, opened in SQLite's serialized threading mode so that single calls are
/// safe from any thread; a caller that needs several statements to go together (a transaction)
/// serializes them itself, as `SQLiteStationStore` does with its lock.
public final class SQLiteDatabase: @unchecked Sendable {
    var handle: OpaquePointer?
    /// The file the database lives in (`:memory:` for an in-memory database).
    public let path: String
    /// How hard a commit waits for the disk, as set when opening.
    public let durability: SQLiteDurability

    /// Opens (creating if needed) the database at `path` in WAL mode and sets `synchronous`,
    /// then reads both back: a database that does not take them is an error, not a silent risk.
    public init(path: String, durability: SQLiteDurability = .full) throws(SQLiteError) {
        self.path = path
        self.durability = durability
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let result = sqlite3_open_v2(path, &handle, flags, nil)
        guard result == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw SQLiteError(code: result, message: "\(path): \(message)")
        }
        sqlite3_busy_timeout(handle, 5000)
        if path != ":memory:" {
            let mode = try scalarText("PRAGMA journal_mode=WAL")
            guard mode?.lowercased() == "wal" else {
                throw SQLiteError(code: SQLITE_ERROR, message: "\(path): journal_mode is \(mode ?? "unknown"), expected wal")
            }
        }
        try execute("PRAGMA synchronous=\(durability.rawValue)")
        let synchronous = try scalarText("PRAGMA synchronous")
        guard synchronous == String(durability.rawValue) else {
            throw SQLiteError(code: SQLITE_ERROR, message: "\(path): synchronous is \(synchronous ?? "unknown"), expected \(durability.rawValue)")
        }
    }

    /// Runs `body` with its commits not waiting for the disk (`synchronous=NORMAL`), then returns
    /// to the opening durability. In WAL mode such a commit survives a crash of the process (kill
    /// -9: it is in the operating system's cache) and is made durable by the next full commit or
    /// checkpoint; only a power cut before then can undo it. For writes whose loss costs a repeat,
    /// never data: the removal of a message the central system has answered.
    public func withoutWaitingForTheDisk<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        guard durability == .full else { return try body() }
        try execute("PRAGMA synchronous=\(SQLiteDurability.normal.rawValue)")
        defer { try? execute("PRAGMA synchronous=\(durability.rawValue)") }
        return try body()
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    func failure(_ code: Int32, _ context: String) -> SQLiteError {
        error(code, context)
    }

    private func error(_ code: Int32, _ context: String) -> SQLiteError {
        SQLiteError(code: code, message: "\(context): \(String(cString: sqlite3_errmsg(handle)))")
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        let result = sqlite3_exec(handle, sql, nil, nil, nil)
        guard result == SQLITE_OK else { throw error(result, sql) }
    }

    /// The first column of the first row of `sql` as text, or nil when there is no row.
    public func scalarText(_ sql: String) throws(SQLiteError) -> String? {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK else { throw error(prepared, sql) }
        defer { sqlite3_finalize(statement) }
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            guard let text = sqlite3_column_text(statement, 0) else { return nil }
            return String(cString: text)
        case SQLITE_DONE:
            return nil
        case let code:
            throw error(code, sql)
        }
    }
}
