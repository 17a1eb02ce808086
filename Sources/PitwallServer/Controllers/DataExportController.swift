import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCore

/// `GET /v1/export/{leads|messages|kpis|repeats}.{csv|ndjson}`: the data behind the dashboards for
/// spreadsheets and BI tools (`repeats`: the repeat leads, `source=` for one vendor's). Leads and messages are streamed a day at a time, so a year of
/// data never sits in the server's memory.
struct DataExportController {
    let dependencies: AppDependencies
    var leads: any LeadQueryStore { dependencies.leads }
    var rollups: any KPIRollupStore { dependencies.rollups }
    var events: any EventStore { dependencies.store }
    var configuration: PitwallConfiguration { dependencies.configuration }
    var clock: any WallClock { dependencies.clock }

    enum Table: String, CaseIterable {
        case leads, messages, kpis, repeats

        var columns: [String] {
            switch self {
            case .leads: LeadTable.columns
            case .messages: MessageTable.columns
            case .kpis: KPITable.columns
            case .repeats: RepeatLeadTable.columns
            }
        }
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("export").add(middleware: RequireScopeMiddleware(required: .read)).get("{file}", use: export)
    }

    @Sendable func export(request: Request, context: PitwallRequestContext) async throws -> Response {
        let file = try context.parameters.require("file")
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        let tables = Table.allCases.map(\.rawValue).joined(separator: ", ")
        guard let table = Table(rawValue: parts[0]) else {
            throw APIError.notFound("no export '\(file)'; the tables are \(tables), as .csv or .ndjson")
        }
        guard parts.count == 2, let format = TableEncoder.Format(rawValue: parts[1]) else {
            throw APIError.notFound("no export '\(file)'; ask for \(table.rawValue).csv or \(table.rawValue).ndjson")
        }
        let now = clock.now()
        let query = try KPIQuery.parse(request, now: now, configuration: configuration, breakdowns: table == .kpis)
        let encoder = TableEncoder(format: format, columns: table.columns)
        let body: ResponseBody
        switch table {
        case .leads, .messages:
            let (leads, configuration) = (self.leads, self.configuration)
            body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: try encoder.header()))
                try await leads.walkLeads(createdOn: query.from, through: query.to, store: query.store, configuration: configuration) { slice in
                    let rows = table == .leads ? slice.map { LeadTable.row($0.records, store: $0.store) } : slice.flatMap { MessageTable.rows($0.records) }
                    if !rows.isEmpty { try await writer.write(ByteBuffer(string: try encoder.encode(rows))) }
                }
                try await writer.finish(nil)
            }
        case .kpis:
            let maturity = try await dependencies.maturityBasis(store: query.store, now: now)
            let report = try await rollups.scorecard(query, configuration: configuration, maturity: maturity)
                .withSystemHealth(from: events, configuration: configuration, now: now)
            let text = try encoder.header() + encoder.encode(KPITable.rows(configuration.naming(report)))
            body = ResponseBody(byteBuffer: ByteBuffer(string: text))
        case .repeats:
            let source = request.query("source").flatMap { $0.isEmpty ? nil : $0 }
            let repeats = try await RepeatLeadReading.repeats(query.from...query.to, store: query.store, source: source, reader: leads, configuration: configuration)
            body = ResponseBody(byteBuffer: ByteBuffer(string: try encoder.header() + encoder.encode(repeats.map(RepeatLeadTable.row))))
        }
        var headers: HTTPFields = [.contentType: format.contentType]
        let scope = query.store.map { "-\($0.rawValue)" } ?? ""
        headers[.contentDisposition] = "attachment; filename=\"pitwall-\(table.rawValue)\(scope)-\(query.from)-to-\(query.to).\(format.rawValue)\""
        return Response(status: .ok, headers: headers, body: body)
    }
}
