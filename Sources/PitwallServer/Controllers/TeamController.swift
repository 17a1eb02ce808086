import Hummingbird
import PitwallCore

/// `GET /v1/team`: each agent's shares against the rest of their store's agents, with who to
/// coach and whose way to pass on.
struct TeamController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("team").add(middleware: RequireScopeMiddleware(required: .read)).get(use: team)
    }

    @Sendable func team(request: Request, context: PitwallRequestContext) async throws -> Response {
        let query = try KPIQuery.parse(request, now: dependencies.clock.now(), configuration: dependencies.configuration)
        if let segment = ScorecardFilters.segmentDimensions.first(where: { request.query($0.rawValue) != nil }) {
            throw APIError.badRequest("\(segment.rawValue): " + TeamReading.notNarrowed(segment))
        }
        let reading = try await TeamReading(query.from...query.to, store: query.store, dependencies: dependencies)
        return Response.json(reading.json(query))
    }
}

/// A window's team review, as the API returns it, the team page shows it and `pitwall team`
/// prints it.
public struct TeamReading: Sendable {
    public var review: TeamReview
    var configuration: PitwallConfiguration
    /// More than one store listed: each agent is named with their store.
    var showsStore: Bool

    init(_ window: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        let stores: [StoreID]
        if let store { stores = [store] } else { stores = try await dependencies.rollups.storesToList(dependencies.configuration) }
        try await self.init(window, stores: stores, store: store, rollups: dependencies.rollups, configuration: dependencies.configuration)
    }

    /// `stores`: those to list, in order (one, or every store known).
    public init(
        _ window: ClosedRange<CivilDate>, stores: [StoreID], store: StoreID?, rollups: any KPIRollupStore, configuration: PitwallConfiguration
    ) async throws {
        let rows = try await rollups.rollupRows(dimension: .agent, days: window.daysSinceEpoch, store: store)
        var byStore: [StoreID: [RollupRow]] = [:]
        for row in rows { byStore[row.cell.store, default: []].append(row) }
        let series = KPISeries(catalog: configuration.kpiCatalog)
        let results = byStore.mapValues { rows in series.resultsByGroup(rows, days: window.daysSinceEpoch, keys: TeamReview.keysRead) { $0.value } }
        self.review = TeamReview(results: results, stores: stores, catalog: configuration.kpiCatalog)
        self.configuration = configuration
        self.showsStore = Set(review.agents.map(\.store)).count > 1
    }

    /// Why the team is not narrowed to one source, tier or the like, as the API and the page refuse it.
    static func notNarrowed(_ dimension: SegmentDimension) -> String {
        "agents are compared within their store, over all their leads, not narrowed to one \(dimension.words)"
    }

    public func agentName(_ agent: String) -> String { configuration.names.value(agent, of: .agent) }
    public func storeName(_ store: StoreID) -> String { configuration.store(store).name }

    public var findings: [String] {
        review.findings(catalog: configuration.kpiCatalog, agentName: agentName, storeName: storeName, showsStore: showsStore)
    }

    public func json(_ query: KPIQuery) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.window(query, segment: nil)
        writer.member("smallest_tested", Int(TeamReview.smallestTested))
        writer.key("agents")
        review.writeAgents(to: &writer, agentName: agentName, storeName: storeName)
        writer.member("findings", strings: findings)
        writer.endObject()
        return writer.text
    }

    /// As `pitwall team` prints it: a table a store, ▲ and ▼ beside a figure clearly apart, then the findings.
    public func text(_ query: KPIQuery) -> String {
        let catalog = configuration.kpiCatalog
        var lines = ["Agents side by side, leads of \(query.from) to \(query.to), \(query.store.map { "store \(storeName($0))" } ?? "all stores")", ""]
        lines += findings
        var store: StoreID?
        var rows: [[String]] = []
        func flush() {
            guard let shown = store else { return }
            lines += ["", storeName(shown)]
            lines += TextTable.lines([["Agent", "Leads", "Average pick-up"] + TeamReview.comparedKeys.map { catalog[$0].name }] + rows)
            rows = []
        }
        for line in review.agents {
            if line.store != store {
                flush()
                store = line.store
            }
            rows.append(
                [agentName(line.agent), KPIFormatting.grouped(Int64(line.leads)), line.averagePickup]
                    + TeamReview.comparedKeys.map { key in
                        let comparison = line.comparison(key)
                        let mark = comparison?.call == .better ? "▲ " : comparison?.call == .worse ? "▼ " : ""
                        return mark + KPIFormatting.value(comparison?.result.value, unit: catalog[key].unit)
                    })
        }
        flush()
        return lines.joined(separator: "\n")
    }
}
