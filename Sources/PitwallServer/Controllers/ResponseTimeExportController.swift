import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCore

/// The per-lead response-time table for spreadsheets and scripts, streamed a day at a time.
struct ResponseTimeExportController {
    let desk: SpeedToLeadDesk
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("sla").add(middleware: RequireScopeMiddleware(required: .read)).get("export", use: export)
    }

    @Sendable func export(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let now = clock.now()
        let window = try KPIQuery.parse(request, now: now, configuration: desk.configuration)
        var format = TableEncoder.Format.csv
        if let text = parameters["format"] {
            guard let chosen = TableEncoder.Format(rawValue: String(text)) else {
                throw APIError.badRequest(
                    "format: '\(text)' is not one of \(TableEncoder.Format.allCases.map(\.rawValue).joined(separator: ", "))", code: "invalid_parameter")
            }
            format = chosen
        }
        let encoder = TableEncoder(format: format, columns: ResponseTimeTable.columns)
        let desk = self.desk
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: try encoder.header()))
            try await desk.responseTimeRows(from: window.from, to: window.to, store: window.store, now: now) { rows in
                try await writer.write(ByteBuffer(string: try encoder.encode(rows)))
            }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [.contentType: format.contentType]
        headers[.contentDisposition] = "attachment; filename=\"pitwall-response-times-\(window.from)-to-\(window.to).\(format.rawValue)\""
        return Response(status: .ok, headers: headers, body: body)
    }
}
