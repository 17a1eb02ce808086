import CSV
import Foundation
import PitwallCore

/// `pitwall import FILE.csv --mapping MAP.yaml`: a CRM's export read row by row with
/// CSV.swift and stored in batches, so a large file never sits in memory. Rows are counted as
/// a spreadsheet shows them (the header is row 1).
public struct CSVFileImport {
    public let store: any EventStore
    public let configuration: PitwallConfiguration
    public let mapping: CSVMapping
    public var batchSize = 5_000
    /// At most this many warnings are listed; all are counted.
    public var warningsListed = 1_000

    public init(store: any EventStore, configuration: PitwallConfiguration, mapping: CSVMapping) {
        self.store = store
        self.configuration = configuration
        self.mapping = mapping
    }

    public struct Report: Sendable {
        public var rows = 0
        public var accepted = 0
        public var duplicates = 0
        public var rejected: [(row: Int, error: String)] = []
        public var warnings: [(row: Int, warning: String)] = []
        public var warningCount = 0

        /// `{"rows", "accepted", "duplicates", "rejected": [{"row", "error"}], "warnings": [{"row", "warning"}], "warning_count"}`;
        /// accepted and duplicates count events (a row may make two); a conflict (the same id
        /// imported before with other details) is listed under rejected.
        public var json: String {
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("rows", rows)
            writer.member("accepted", accepted)
            writer.member("duplicates", duplicates)
            Self.write(rejected.map { ($0.row, $0.error) }, as: "rejected", saying: "error", to: &writer)
            Self.write(warnings.map { ($0.row, $0.warning) }, as: "warnings", saying: "warning", to: &writer)
            writer.member("warning_count", warningCount)
            writer.endObject()
            return writer.text
        }

        /// The report for a person at a terminal.
        public var summary: ImportSummary {
            ImportSummary(
                unit: "rows", storedUnit: "events", read: rows, stored: accepted, duplicates: duplicates,
                refused: rejected.map { ImportSummary.Entry(position: "row \($0.row)", text: $0.error) },
                warnings: warnings.map { ImportSummary.Entry(position: "row \($0.row)", text: $0.warning) },
                warningsNotListed: warningCount - warnings.count)
        }

        /// `"name": [{"row": N, "<textKey>": "..."}]`
        static func write(_ items: [(row: Int, text: String)], as name: String, saying textKey: String, to writer: inout JSONWriter) {
            writer.key(name)
            writer.beginArray()
            for item in items {
                writer.beginObject()
                writer.member("row", item.row)
                writer.member(textKey, item.text)
                writer.endObject()
            }
            writer.endArray()
        }
    }

    /// A file that cannot be read at all (no header, a mapped column missing, broken encoding).
    public struct FileProblem: Error, CustomStringConvertible {
        public var description: String
    }

    /// The line of a file's first byte that is not UTF-8, or nil; check before `run`.
    public static func firstLineNotUTF8(path: String) throws -> Int? {
        try UTF8FileCheck.firstInvalidLine(path: path)
    }

    public func run(stream: InputStream, at now: Timestamp) async throws -> Report {
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw FileProblem(description: "the file has no header row to read column names from")
        }
        var header = reader.headerRow ?? []
        // Spreadsheets save a byte-order mark before the first column name.
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        if let problem = mapping.headerProblem(header) { throw FileProblem(description: problem) }
        let rowReader = CSVRowReader(mapping: mapping, header: header, configuration: configuration)
        var report = Report()
        var pending: [(event: Event, row: Int)] = []
        func flush() async throws {
            guard !pending.isEmpty else { return }
            for (disposition, item) in zip(try await store.ingest(pending.map(\.event), at: now), pending) {
                switch disposition {
                case .accepted: report.accepted += 1
                case .duplicate: report.duplicates += 1
                case .conflict:
                    report.rejected.append((item.row, "\(item.event.type.rawValue) '\(item.event.id)' was imported before with other details; the first import stands"))
                case .outsideTokenStores:
                    report.rejected.append((item.row, StoreWriteLimit.refusal(of: item.event)))
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        var spreadsheetRow = 1
        while let row = reader.next() {
            spreadsheetRow += 1
            // A blank line in the middle of a file is not a row anybody meant.
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            report.rows += 1
            switch rowReader.convert(row, line: spreadsheetRow) {
            case .success(let converted):
                pending += converted.events.map { ($0, spreadsheetRow) }
                for warning in converted.warnings {
                    report.warningCount += 1
                    if report.warnings.count < warningsListed { report.warnings.append((spreadsheetRow, warning)) }
                }
            case .failure(let problem):
                report.rejected.append((problem.row, problem.message))
            }
            if pending.count >= batchSize { try await flush() }
        }
        try await flush()
        // What was read before a broken stretch is kept; the break is reported where it is.
        // CSV.swift reports the end of the stream as cannotReadFile; only other errors are breaks.
        switch reader.error as? CSVError {
        case .unicodeDecoding?:
            report.rejected.append((spreadsheetRow + 1, "the file is not UTF-8 text from here on; save it as \"CSV UTF-8\" and import it again"))
        case .streamErrorHasOccurred(let error)?:
            report.rejected.append((spreadsheetRow + 1, "the file cannot be read from here on (\(error.localizedDescription))"))
        default:
            break
        }
        return report
    }
}
