import Hummingbird
import PitwallCore

/// The scorecard: every KPI against its target, for any window, store and breakdown.
struct KPIController {
    let dependencies: AppDependencies
    var configuration: PitwallConfiguration { dependencies.configuration }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        let kpis = group.group("kpis").add(middleware: RequireScopeMiddleware(required: .read))
        kpis.get(use: scorecard)
        kpis.get("definitions") { _, _ in Response.json(configuration.kpiCatalog.json) }
    }

    @Sendable func scorecard(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let query = try KPIQuery.parse(request, now: now, breakdowns: true)
        // An unknown store was answered 404 by KnownStoreMiddleware already.
        let maturity = try await dependencies.maturityBasis(store: query.store, now: now)
        let report = try await dependencies.rollups.scorecard(query, catalog: configuration.kpiCatalog, maturity: maturity)
            .withSystemHealth(from: dependencies.store, configuration: configuration, now: now)
        return Response.json(report.json)
    }
}
