import Foundation
import NIOCore
import PostgresNIO

/// An `INSERT` of many rows as one short statement: each column's values go as one array
/// parameter, and `unnest` turns the arrays back into rows.
///
/// A `VALUES` list with a parameter per value was parsed and planned afresh for every batch,
/// 60,000 parameters a statement: a third of PostgreSQL's time on an import (see
/// docs/performance.md). The statement's text no longer depends on the row count.
struct RowInsert {
    private let head: String
    private let kinds: [ColumnKind]
    private let tail: String
    private var columns: [ColumnValues]
    private(set) var rowCount = 0

    /// `columns` names each column and its SQL type, in the order `add` gives the values.
    /// The types taken: text, jsonb (JSON text), bigint, boolean, bytea, bigint[].
    init(into table: String, columns: [(name: String, type: String)], then tail: String = "") {
        kinds = columns.map { column in
            guard let kind = ColumnKind(sqlType: column.type) else { preconditionFailure("RowInsert: no column kind for \(column.type)") }
            return kind
        }
        let names = columns.map(\.name)
        let arrays = kinds.enumerated().map { "$\($0.offset + 1)::\($0.element.arraySQLName)" }
        let selected = zip(names, kinds).map { name, kind in kind.cast.map { "\(name)::\($0)" } ?? name }
        head = """
            INSERT INTO \(table) (\(names.joined(separator: ", "))) SELECT \(selected.joined(separator: ", ")) \
            FROM unnest(\(arrays.joined(separator: ", "))) AS given(\(names.joined(separator: ", ")))
            """
        self.tail = tail
        self.columns = kinds.map { ColumnValues(kind: $0) }
    }

    var isEmpty: Bool { rowCount == 0 }

    /// Adds one row; `fill` must append exactly one value per column, of the column's kind.
    mutating func add(_ fill: (inout RowValues) throws -> Void) rethrows {
        var row = RowValues()
        try fill(&row)
        precondition(row.values.count == kinds.count, "one value per column")
        for (index, value) in row.values.enumerated() { columns[index].append(value) }
        rowCount += 1
    }

    /// The statement to run: none when no row was added.
    func finished() -> [PostgresQuery] {
        guard rowCount > 0 else { return [] }
        var bindings = PostgresBindings(capacity: columns.count)
        for column in columns { bindings.append(column) }
        return [PostgresQuery(unsafeSQL: head + (tail.isEmpty ? "" : " " + tail), binds: bindings)]
    }
}

/// The values of one row, in column order.
struct RowValues {
    fileprivate var values: [ColumnValue] = []

    mutating func append(_ value: String?) { values.append(.text(value)) }
    mutating func append(_ value: Int64?) { values.append(.bigint(value)) }
    mutating func append(_ value: Bool?) { values.append(.boolean(value)) }
    mutating func append(_ value: Data?) { values.append(.bytes(value)) }
    /// A `bigint[]` column's value.
    mutating func append(_ value: [Int64]) { values.append(.text("{" + value.map(String.init).joined(separator: ",") + "}")) }
}

fileprivate enum ColumnValue {
    case text(String?)
    case bigint(Int64?)
    case boolean(Bool?)
    case bytes(Data?)
}

/// How a column's values travel: as which array, and the cast back to the column's type.
fileprivate enum ColumnKind {
    case text, jsonb, bigint, boolean, bytea, bigintArray

    init?(sqlType: String) {
        switch sqlType {
        case "text": self = .text
        case "jsonb": self = .jsonb
        case "bigint": self = .bigint
        case "boolean": self = .boolean
        case "bytea": self = .bytea
        case "bigint[]": self = .bigintArray
        default: return nil
        }
    }

    /// JSON and `bigint[]` values travel as text, so that one array carries one row's value
    /// each (an array of arrays would be one two-dimensional array).
    var element: PostgresDataType {
        switch self {
        case .text, .jsonb, .bigintArray: .text
        case .bigint: .int8
        case .boolean: .bool
        case .bytea: .bytea
        }
    }

    /// The array parameter's type, as the driver announces it.
    var arrayDataType: PostgresDataType {
        switch self {
        case .text, .jsonb, .bigintArray: .textArray
        case .bigint: .int8Array
        case .boolean: .boolArray
        case .bytea: .byteaArray
        }
    }

    var arraySQLName: String {
        switch self {
        case .text, .jsonb, .bigintArray: "text[]"
        case .bigint: "bigint[]"
        case .boolean: "boolean[]"
        case .bytea: "bytea[]"
        }
    }

    var cast: String? {
        switch self {
        case .jsonb: "jsonb"
        case .bigintArray: "bigint[]"
        case .text, .bigint, .boolean, .bytea: nil
        }
    }
}

/// One column's values as a one-dimensional PostgreSQL array in binary form, NULL where a
/// row has no value.
fileprivate struct ColumnValues: PostgresDynamicTypeEncodable {
    let kind: ColumnKind
    private var elements = ByteBuffer()
    private var count: Int32 = 0
    private var hasNull = false

    init(kind: ColumnKind) { self.kind = kind }

    mutating func append(_ value: ColumnValue) {
        count += 1
        switch (kind, value) {
        case (.text, .text(let text?)), (.jsonb, .text(let text?)), (.bigintArray, .text(let text?)):
            let length = elements.writerIndex
            elements.writeInteger(Int32(0))
            let written = elements.writeString(text)
            elements.setInteger(Int32(written), at: length)
        case (.bigint, .bigint(let number?)):
            elements.writeInteger(Int32(8))
            elements.writeInteger(number)
        case (.boolean, .boolean(let flag?)):
            elements.writeInteger(Int32(1))
            elements.writeInteger(UInt8(flag ? 1 : 0))
        case (.bytea, .bytes(let bytes?)):
            elements.writeInteger(Int32(bytes.count))
            elements.writeBytes(bytes)
        case (.text, .text(nil)), (.jsonb, .text(nil)), (.bigintArray, .text(nil)), (.bigint, .bigint(nil)), (.boolean, .boolean(nil)),
            (.bytea, .bytes(nil)):
            elements.writeInteger(Int32(-1))
            hasNull = true
        default:
            preconditionFailure("RowInsert: a \(value) given for a \(kind) column")
        }
    }

    var psqlType: PostgresDataType { kind.arrayDataType }
    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(Int32(count == 0 ? 0 : 1))  // dimensions
        buffer.writeInteger(Int32(hasNull ? 1 : 0))
        buffer.writeInteger(kind.element.rawValue)
        guard count > 0 else { return }
        buffer.writeInteger(count)
        buffer.writeInteger(Int32(1))  // lower bound
        var elements = elements
        buffer.writeBuffer(&elements)
    }
}
