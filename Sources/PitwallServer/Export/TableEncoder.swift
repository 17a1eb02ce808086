import CSV
import Foundation
import PitwallCore

/// Writes exported tables as CSV (RFC 4180: a header row, CRLF line ends, fields quoted when
/// they hold a comma, quote or line break) or as NDJSON (one JSON object per row, keyed by
/// column, `null` for an empty cell).
public struct TableEncoder: Sendable {
    public enum Format: String, CaseIterable, Sendable {
        case csv, ndjson

        public var contentType: String {
            switch self {
            case .csv: "text/csv; charset=utf-8"
            case .ndjson: "application/x-ndjson"
            }
        }
    }

    public var format: Format
    public var columns: [String]

    public init(format: Format, columns: [String]) {
        self.format = format
        self.columns = columns
    }

    /// What comes before the first row: the header line for CSV, nothing for NDJSON.
    public func header() throws -> String {
        switch format {
        case .csv: try csv([columns])
        case .ndjson: ""
        }
    }

    /// Rows, each ending with a line break.
    public func encode(_ rows: [[TableCell]]) throws -> String {
        switch format {
        case .csv:
            return try csv(rows.map { $0.map(Self.csvText) })
        case .ndjson:
            var text = ""
            for row in rows {
                var writer = JSONWriter()
                writer.beginObject()
                for (column, cell) in zip(columns, row) {
                    writer.key(column)
                    switch cell {
                    case .text(let value): writer.string(value)
                    case .number(let value): writer.number(value)
                    case .integer(let value): writer.integer(value)
                    case .empty: writer.null()
                    }
                }
                writer.endObject()
                text += writer.text + "\n"
            }
            return text
        }
    }

    static func csvText(_ cell: TableCell) -> String {
        switch cell {
        case .text(let value): value
        case .number(let value): JSONWriter.format(value)
        case .integer(let value): String(value)
        case .empty: ""
        }
    }

    func csv(_ rows: [[String]]) throws -> String {
        guard !rows.isEmpty else { return "" }
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for row in rows { try writer.write(row: row) }
        stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        // The writer separates rows; every row of ours ends with its line break.
        return String(decoding: data, as: UTF8.self) + "\r\n"
    }
}
