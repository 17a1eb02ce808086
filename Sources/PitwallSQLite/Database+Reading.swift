import GRDB

extension Database {
    /// Every row of a query, each turned into a value as it is stepped.
    ///
    /// `Row.fetchAll` copies each row into an array of values with a column-name index first;
    /// for lead rows of fifty columns that copy cost more than reading the values did (half
    /// of the `/sla` page's time on a large group).
    func all<Value>(_ sql: String, arguments: StatementArguments = StatementArguments(), read: (Row) throws -> Value) throws -> [Value] {
        try all(cachedStatement(sql: sql), arguments: arguments, read: read)
    }

    func all<Value>(_ statement: Statement, arguments: StatementArguments, read: (Row) throws -> Value) throws -> [Value] {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var values: [Value] = []
        while let row = try rows.next() { values.append(try read(row)) }
        return values
    }

    /// The first row of a query, turned into a value; nil when there is none.
    func first<Value>(_ statement: Statement, arguments: StatementArguments, read: (Row) throws -> Value) throws -> Value? {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        return try rows.next().map(read)
    }
}
