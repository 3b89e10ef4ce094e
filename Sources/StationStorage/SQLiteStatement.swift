// Prepared statements with bound parameters over one SQLite connection: the only place rows are
// read and written, so that the store above speaks in Swift values.

internal import CSQLite

/// A value bound to, or read from, an SQL statement.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)

    /// The integer, or nil.
    public var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    /// The text, or nil.
    public var text: String? { if case .text(let value) = self { value } else { nil } }
}

/// SQLite's way of saying "the default destructor: copy the bytes now".
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension SQLiteDatabase {
    /// Runs `sql` with `parameters` bound to `?1`, `?2`... and returns every row.
    @discardableResult
    public func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK else { throw failure(prepared, sql) }
        defer { sqlite3_finalize(statement) }
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32
            switch parameter {
            case .null: bound = sqlite3_bind_null(statement, index)
            case .integer(let value): bound = sqlite3_bind_int64(statement, index, value)
            case .text(let value): bound = sqlite3_bind_text(statement, index, value, -1, transient)
            }
            guard bound == SQLITE_OK else { throw failure(bound, sql) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return rows }
            guard step == SQLITE_ROW else { throw failure(step, sql) }
            let columns = sqlite3_column_count(statement)
            rows.append((0..<columns).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                case SQLITE_NULL: .null
                default: sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null
                }
            })
        }
    }

    /// The rowid of the last inserted row.
    public var lastInsertedRowId: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` inside one transaction: all of it is committed, or none of it.
    public func transaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
