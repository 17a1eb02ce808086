import Hummingbird
import PitwallCore

/// `GET /v1/reports/{kind}`: the SOP's daily, weekly or monthly report as JSON, for any period
/// (`date`: a day in it) and store, the same that the schedule sends.
struct ReportsController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("reports").add(middleware: RequireScopeMiddleware(required: .read)).get("{kind}", use: report)
    }

    @Sendable func report(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let store = request.query("store").map { StoreID($0) }
        let asked: ReportRequest
        do {
            asked = try ReportRequest.parse(
                kind: context.parameters.get("kind"), date: request.query("date"), today: dependencies.configuration.today(store: store, at: now))
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_parameter")
        }
        let report = try await dependencies.performanceReport(asked.kind, period: asked.period, store: store, now: now)
        return Response.json(report.json(linkBase: dependencies.configuration.notifications.linkBase))
    }
}
