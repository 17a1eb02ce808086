import PostgresNIO

/// A multi-row `INSERT ... VALUES` with every value bound as a parameter, cut into as many
/// statements as PostgreSQL's limit on parameters needs. Each column carries its type, so a
/// NULL or a JSON text lands in the column's type whatever the driver bound it as.
struct RowInsert {
    private let head: String
    private let types: [String]
    private let tail: String
    private var bindings = PostgresBindings()
    private var tuples: [String] = []
    private(set) var statements: [PostgresQuery] = []

    /// `types` names each column's SQL type, in the order `add` binds them.
    init(into table: String, columns: [(name: String, type: String)], then tail: String = "") {
        head = "INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", "))) VALUES "
        types = columns.map(\.type)
        self.tail = tail
    }

    var isEmpty: Bool { tuples.isEmpty && statements.isEmpty }

    /// Adds one row; `fill` must append exactly one binding per column.
    mutating func add(_ fill: (inout PostgresBindings) throws -> Void) rethrows {
        let first = bindings.count
        try fill(&bindings)
        precondition(bindings.count - first == types.count, "one value per column")
        tuples.append("(" + types.enumerated().map { "$\(first + $0.offset + 1)::\($0.element)" }.joined(separator: ",") + ")")
        // PostgreSQL takes at most 65,535 parameters a statement.
        if bindings.count + types.count > 60_000 { cut() }
    }

    /// The statements to run, in order.
    mutating func finished() -> [PostgresQuery] {
        cut()
        return statements
    }

    private mutating func cut() {
        guard !tuples.isEmpty else { return }
        statements.append(PostgresQuery(unsafeSQL: head + tuples.joined(separator: ",") + " " + tail, binds: bindings))
        bindings = PostgresBindings()
        tuples = []
    }
}
