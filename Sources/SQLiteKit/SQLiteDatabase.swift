import CSQLite

/// A SQLite database file, through the system libsqlite3. The one place that
/// sees C: handles and statements stay inside this file.
public final class SQLiteDatabase {
    private var handle: OpaquePointer?

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A bound value or a column read back.
    public enum Value: Equatable, Sendable {
        case null, integer(Int), real(Double), text(String)
    }

    /// Opens (creating when missing) the file at `path`.
    public init(path: String) throws {
        var db: OpaquePointer?
        let status = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        handle = db
        guard status == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            handle = nil
            throw Failure(description: "\(path): \(message)")
        }
        // Another process reading the file (a notebook) makes writers wait, not fail.
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw Failure(description: message)
        }
    }

    /// Runs one statement with `parameters` bound in order; returns its rows.
    @discardableResult
    public func run(_ sql: String, _ parameters: [Value] = []) throws -> [[Value]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: "\(lastError) in: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        for (i, value) in parameters.enumerated() {
            let slot = Int32(i + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, slot)
            case .integer(let n): status = sqlite3_bind_int64(statement, slot, Int64(n))
            case .real(let x): status = sqlite3_bind_double(statement, slot, x)
            case .text(let s): status = sqlite3_bind_text(statement, slot, s, -1, csqlite_transient())
            }
            guard status == SQLITE_OK else { throw Failure(description: lastError) }
        }
        var rows: [[Value]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw Failure(description: "\(lastError) in: \(sql)") }
            rows.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: return .integer(Int(sqlite3_column_int64(statement, column)))
                    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
                    case SQLITE_NULL: return .null
                    default: return .text(String(cString: sqlite3_column_text(statement, column)))
                    }
                })
        }
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it
    /// (an error rolls back; a killed process leaves the journal to undo it).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
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

    /// The rowid of the last row inserted.
    public var lastInsertedRow: Int { Int(sqlite3_last_insert_rowid(handle)) }

    private var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}
