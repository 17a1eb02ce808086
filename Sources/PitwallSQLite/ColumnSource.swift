import GRDB
import GRDBSQLite
import PitwallCore

/// Where a record's columns are read from, by position: a GRDB `Row`, or the current row of a
/// statement stepped directly (`ColumnReader`), which skips GRDB's per-value decoding for
/// reads of thousands of fifty-column lead rows. The SELECT lists sit next to the code that
/// reads them.
protocol ColumnSource {
    func optionalInt64(_ index: Int) -> Int64?
    func optionalString(_ index: Int) -> String?
}

extension ColumnSource {
    func int(_ index: Int) -> Int { Int(optionalInt64(index) ?? 0) }
    func bool(_ index: Int) -> Bool { (optionalInt64(index) ?? 0) != 0 }

    func timestamp(_ index: Int) -> Timestamp? {
        optionalInt64(index).map(Timestamp.init(millisecondsSinceEpoch:))
    }

    func identifier<Kind>(_ index: Int) -> Identifier<Kind>? {
        optionalString(index).map { Identifier($0) }
    }

    func choice<Choice: RawRepresentable>(_ index: Int) -> Choice? where Choice.RawValue == String {
        optionalString(index).flatMap(Choice.init(rawValue:))
    }

    func money(_ index: Int) -> Money? {
        optionalInt64(index).map(Money.init(cents:))
    }

    func extras(_ index: Int) -> [String: JSONValue] {
        optionalString(index).flatMap(JSONValue.init(jsonText:))?.objectMembers ?? [:]
    }

    func orderKey(time: Int, id: Int) -> EventOrderKey? {
        guard let time = timestamp(time), let id: EventID = identifier(id) else { return nil }
        return EventOrderKey(occurredAt: time, eventID: id)
    }
}

extension Row: ColumnSource {
    func optionalInt64(_ index: Int) -> Int64? { self[index] }
    func optionalString(_ index: Int) -> String? { self[index] }
}

extension ColumnReader: ColumnSource {
    func optionalInt64(_ index: Int) -> Int64? {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL ? nil : int64(Int32(index))
    }

    func optionalString(_ index: Int) -> String? {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL ? nil : string(Int32(index))
    }
}

extension Database {
    /// Every row of a query read straight off the statement, each turned into a value as it is
    /// stepped: `all(_:arguments:read:)` without GRDB's `Row` in between.
    func allDirect<Value>(_ sql: String, arguments: StatementArguments = StatementArguments(), read: (ColumnReader) throws -> Value) throws -> [Value] {
        try allDirect(cachedStatement(sql: sql), arguments: arguments, read: read)
    }

    func allDirect<Value>(_ statement: Statement, arguments: StatementArguments, read: (ColumnReader) throws -> Value) throws -> [Value] {
        var values: [Value] = []
        try eachDirect(statement, arguments: arguments) { values.append(try read($0)) }
        return values
    }

    /// Each row of a query handed to `visit` as it is stepped, for a reader that folds rows
    /// into fewer values than there are rows.
    func eachDirect(_ sql: String, arguments: StatementArguments = StatementArguments(), visit: (ColumnReader) throws -> Void) throws {
        try eachDirect(cachedStatement(sql: sql), arguments: arguments, visit: visit)
    }

    func eachDirect(_ statement: Statement, arguments: StatementArguments, visit: (ColumnReader) throws -> Void) throws {
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: statement.sql)
            }
            try visit(ColumnReader(handle: handle))
        }
    }
}
