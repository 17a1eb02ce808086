import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the per-lead response-time table as CSV or NDJSON.",
        discussion: """
            The same table as GET /v1/sla/export: one row per lead created on the local days \
            --from ... --to of its store, with the columns documented in docs/speed-to-lead.md.
            """)

    @OptionGroup var window: WindowOptions

    @Option(help: "csv or ndjson.")
    var format: String = "csv"

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        let now = SystemClock().now()
        // Checked before the database is opened; parsed again in there, because a window
        // without dates ends on today where the organisation's stores are (`--org`).
        _ = try window.query(file.pitwall, now: now)
        guard let chosen = TableEncoder.Format(rawValue: format) else {
            throw ValidationError("--format: '\(format)' is not one of \(TableEncoder.Format.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try await storeOptions.withStore(configuration: file.pitwall) { [self] store, configuration in
            let query = try window.query(configuration, now: now)
            try await requireKnownStore(window.store, in: store, configuration: configuration)
            try await export(SpeedToLeadDesk(leads: store, events: store, configuration: configuration), format: chosen, window: query, now: now)
        }
    }

    func export(_ desk: SpeedToLeadDesk, format chosen: TableEncoder.Format, window: KPIQuery, now: Timestamp) async throws {
        let encoder = TableEncoder(format: chosen, columns: ResponseTimeTable.columns)
        let output: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil) else { throw CommandFailure("--out: cannot create '\(out)'") }
            output = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        } else {
            output = FileHandle.standardOutput
        }
        defer { if out != nil { try? output.close() } }
        try output.write(contentsOf: Data(try encoder.header().utf8))
        var count = 0
        try await desk.responseTimeRows(from: window.from, to: window.to, store: window.store, now: now) { rows in
            try output.write(contentsOf: Data(try encoder.encode(rows).utf8))
            count += rows.count
        }
        if out != nil { writeError("Wrote \(KPIFormatting.count(count, "lead", "leads")) to \(out!)") }
    }
}
