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
        case .text(let value): neutralised(value)
        case .number(let value): JSONWriter.format(value)
        case .integer(let value): String(value)
        case .empty: ""
        }
    }

    /// Text a spreadsheet would run as a formula, with a leading apostrophe so it shows as
    /// text instead. Customers write the inbound message bodies and CRMs the sources and
    /// names, so a text reading `=HYPERLINK(...)` or `+cmd|' /C calc'!A0` must not reach a
    /// manager's Excel as a formula. A phone number or a signed number (`+1 512 555 0100`,
    /// `-3.5`) holds no function or link, and is left as it is for the tools that read it.
    static func neutralised(_ value: String) -> String {
        guard let first = value.utf8.first else { return value }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D:
            return "'" + value
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let numeric = value.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || " .,()+-/".utf8.contains(byte)
            }
            return numeric ? value : "'" + value
        default:
            return value
        }
    }

    /// RFC 4180 rows, each ending with CRLF. Written here rather than with CSV.swift's writer,
    /// which searched every field with Foundation's string search and took 58 % of a year's
    /// lead export (docs/performance.md); CSV.swift still reads every CSV Pitwall takes in, and
    /// the tests read these back with it.
    func csv(_ rows: [[String]]) throws -> String {
        var text = ""
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { text += "," }
                Self.appendField(field, to: &text)
            }
            text += "\r\n"
        }
        return text
    }

    /// A field as is, or quoted (quotes doubled) when it holds a comma, a quote or a line break.
    static func appendField(_ field: String, to text: inout String) {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            text += field
            return
        }
        text += "\""
        for character in field {
            if character == "\"" { text += "\"\"" } else { text.append(character) }
        }
        text += "\""
    }
}
