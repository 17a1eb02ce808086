import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCore

/// `/kpis.csv`: the scorecard as the page shows it, for a spreadsheet or a slide: the same
/// window, store, segment and comparison, in the KPI export's columns.
struct ScorecardDownload {
    let page: ScorecardPage

    @Sendable func csv(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = page.dependencies.clock.now()
        let filters = try ScorecardFilters(request: request, configuration: page.dependencies.configuration, now: now)
        var report = try await page.report(filters: filters, now: now).report
        // A scorecard narrowed to one source reads in the sheet as that source's group.
        if let segment = filters.segment {
            report.query.groupBy = KPIGrouping(rawValue: segment.dimension.rawValue)
            report.groups[0].group = segment.value
        }
        // KPIs reserved for later have no figures; the page leaves them out, so does its file.
        let shown = Set(report.catalog.definitions.filter { !$0.reserved }.map(\.key))
        for index in report.groups.indices {
            report.groups[index].results.removeAll { !shown.contains($0.key) }
            report.groups[index].previous?.removeAll { !shown.contains($0.key) }
        }
        let encoder = TableEncoder(format: .csv, columns: KPITable.columns)
        var headers: HTTPFields = [.contentType: TableEncoder.Format.csv.contentType]
        headers[.contentDisposition] = "attachment; filename=\"\(Self.fileName(filters))\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: try encoder.header() + encoder.encode(KPITable.rows(page.dependencies.configuration.naming(report), segment: filters.segmentColumn)))))
    }

    /// "pitwall-scorecard-lkt-source-website-2026-11-01-to-2026-11-30.csv": what it holds, in a
    /// name that sorts by date in a downloads folder. Only letters, digits and dashes from the filters.
    static func fileName(_ filters: ScorecardFilters, table: String = "scorecard") -> String {
        var parts = ["pitwall-\(table)"]
        if let store = filters.store { parts.append(store.rawValue) }
        if let segment = filters.segment { parts += [segment.dimension.rawValue, segment.value.isEmpty ? "none" : segment.value] }
        parts.append("\(filters.window.from)-to-\(filters.window.to)")
        let safe = parts.joined(separator: "-").map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "-" ? $0 : "_" }
        return String(safe) + ".csv"
    }
}
