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
        let now = dependencies.clock.now()
        let query = try KPIQuery.parse(request, now: now, configuration: dependencies.configuration)
        let evidence = try await dependencies.store.systemHealthEvidence(covering: query.systemHealthSpans)
        let report = SystemOutageReport(
            SystemHealthTimeline(evidence, store: query.store), from: query.from, to: query.to,
            days: dependencies.configuration.systemHealthDays(store: query.store, from: query.from, to: query.to), now: now)
        return Response.json(report.json)
    }
}
