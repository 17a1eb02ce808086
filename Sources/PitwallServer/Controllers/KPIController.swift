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
        let query = try KPIQuery.parse(request, now: now, configuration: configuration, breakdowns: true, narrows: true)
        // An unknown store was answered 404 by KnownStoreMiddleware already.
        let maturity = try await dependencies.maturityBasis(store: query.store, now: now)
        var report = try await dependencies.rollups.scorecard(query, configuration: configuration, maturity: maturity)
        // The system KPIs belong to no source or agent: a segment's scorecard leaves them without data, as the page does.
        if query.segment == nil { report = try await report.withSystemHealth(from: dependencies.store, configuration: configuration, now: now) }
        try await report.explainEmpty(rollups: dependencies.rollups, configuration: configuration, now: now)
        return Response.json(configuration.naming(report).json)
    }
}
