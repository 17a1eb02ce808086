import Hummingbird
import PitwallCore

/// `GET /v1/system/outages`: the outages behind the uptime figure, for a post-mortem or a
/// status page: the same window, store and days as the scorecard.
struct OutagesController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("system").add(middleware: RequireScopeMiddleware(required: .read)).get("outages", use: outages)
    }

    @Sendable func outages(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let now = dependencies.clock.now()
        let query: KPIQuery
        do {
            query = try KPIQuery.parse(
                from: parameters["from"].map(String.init), to: parameters["to"].map(String.init), store: parameters["store"].map(String.init),
                groupBy: nil, compare: nil, today: StoreProfile.unconfigured("utc").calendar.localDate(of: now))
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_parameter")
        }
        let evidence = try await dependencies.store.systemHealthEvidence(covering: query.systemHealthSpans)
        let report = SystemOutageReport(
            SystemHealthTimeline(evidence, store: query.store), from: query.from, to: query.to,
            days: dependencies.configuration.systemHealthDays(store: query.store, from: query.from, to: query.to), now: now)
        return Response.json(report.json)
    }
}
