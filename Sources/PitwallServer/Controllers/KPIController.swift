import Hummingbird
import PitwallCore

/// The scorecard: every KPI against its target, for any window, store and breakdown.
struct KPIController {
    let dependencies: AppDependencies
    var configuration: PitwallConfiguration { dependencies.configuration }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        let kpis = group.group("kpis").add(middleware: RequireScopeMiddleware(required: .read))
        kpis.get(use: scorecard)
        // With ?store=, that store's definitions: its own targets, and their changes in the log.
        kpis.get("definitions") { request, _ in Response.json(configuration.kpiCatalog(for: request.query("store").map { StoreID($0) }).json) }
    }

    @Sendable func scorecard(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let query = try KPIQuery.parse(request, now: now, configuration: configuration, breakdowns: true)
        // An unknown store was answered 404 by KnownStoreMiddleware already.
        let maturity = try await dependencies.maturityBasis(store: query.store, now: now)
        let report = try await dependencies.rollups.scorecard(query, configuration: configuration, maturity: maturity)
            .withSystemHealth(from: dependencies.store, configuration: configuration, now: now)
        return Response.json(configuration.naming(report).json)
    }
}
