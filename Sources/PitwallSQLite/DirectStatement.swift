import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement whose values are bound straight onto it, for the hot write path:
/// it stores several rows per event and looks up rollup cells, and building GRDB
/// `StatementArguments` (an array of existentials) for each cost more than the work itself.
struct DirectStatement {
    let statement: Statement
    let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        self.statement = try db.cachedStatement(sql: sql)
    }

    /// Resets the statement, lets `bind` fill its parameters in order, and steps it once.
    func run(_ bind: (inout ParameterBinder) -> Void) throws {
        let code = step(bind)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func step(_ bind: (inout ParameterBinder) -> Void) -> Int32 {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var binder = ParameterBinder(handle: handle)
        bind(&binder)
        return sqlite3_step(handle)
    }

    /// SQLite's own message for a failed step, with the statement left ready for another run.
    private func failure(_ code: Int32) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(statement.sqliteStatement)
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }

    /// Runs the statement as a query for at most one row and reads it with `read`; nil when
    /// there is none. The same direct binding as `run`, for lookups on the hot write path.
    func firstRow<Value>(_ bind: (inout ParameterBinder) -> Void, read: (ColumnReader) -> Value) throws -> Value? {
        switch step(bind) {
        case SQLITE_ROW:
            let value = read(ColumnReader(handle: statement.sqliteStatement))
            sqlite3_reset(statement.sqliteStatement)
            return value
        case SQLITE_DONE:
            return nil
        case let code:
            throw failure(code)
        }
    }
}

/// The current row of a statement, read column by column (from 0).
struct ColumnReader {
    let handle: OpaquePointer

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The column as text; "" for NULL.
    func string(_ column: Int32) -> String {
        // Text first, then its length: SQLite's documented order, so a value it converts is
        // measured after the conversion.
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}

struct ParameterBinder {
    let handle: OpaquePointer
    private var index: Int32 = 1

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    // SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        index += 1
    }

    mutating func bind(_ value: Int?) {
        bind(value.map(Int64.init))
    }

    mutating func bind(_ value: Double) {
        sqlite3_bind_double(handle, index, value)
        index += 1
    }

    mutating func bind(_ value: Bool) {
        bind(Int64(value ? 1 : 0))
    }

    mutating func bind(_ value: String?) {
        if var value, !value.isEmpty {
            value.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { characters in
                    _ = sqlite3_bind_text(handle, index, characters.baseAddress, Int32(characters.count), Self.transient)
                }
            }
        } else if value != nil {
            // An empty buffer may have no address, and a null pointer would bind NULL, not "".
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
        } else {
            sqlite3_bind_null(handle, index)
        }
        index += 1
    }

    mutating func bind(_ value: Data) {
        value.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
        index += 1
    }
}
