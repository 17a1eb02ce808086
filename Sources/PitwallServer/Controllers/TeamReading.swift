import PitwallCore

/// A window's team review, as the API returns it, the team page shows it and `pitwall team`
/// prints it.
public struct TeamReading: Sendable {
    public var review: TeamReview
    /// The ways the stores told their agents of their leads, set against each other.
    public var notificationMethods: NotificationMethodReview
    /// The earlier window each agent is set beside, when asked.
    public var compared: ClosedRange<CivilDate>?
    var configuration: PitwallConfiguration
    /// Built once: the configuration builds its names afresh at each call, and a page names
    /// every agent several times.
    let names: DisplayNames
    /// More than one store listed: each agent is named with their store.
    var showsStore: Bool
    /// The agent rollup rows read, and the days of them that run on without a gap (the
    /// window, and the window before when it is next to it): what a week-by-week trend can draw.
    let rows: [RollupRow]
    public let trendDays: ClosedRange<CivilDate>

    init(_ window: ClosedRange<CivilDate>, comparedWith compared: ClosedRange<CivilDate>? = nil, store: StoreID?, dependencies: AppDependencies) async throws {
        let stores: [StoreID]
        if let store { stores = [store] } else { stores = try await dependencies.rollups.storesToList(dependencies.configuration) }
        // Set beside an earlier window, a young one is judged where it is heading.
        let maturity = compared == nil ? nil : try await dependencies.maturityBasis(store: store, now: dependencies.clock.now())
        try await self.init(
            window, comparedWith: compared, stores: stores, store: store, rollups: dependencies.rollups, configuration: dependencies.configuration,
            maturity: maturity)
    }

    /// `stores`: those to list, in order (one, or every store known); `compared`: an earlier
    /// window to set each agent against their own figures of; `maturity`: how far each
    /// window's outcomes have come, so that a young window's change is judged where it is
    /// heading (without it, as the figures stand).
    public init(
        _ window: ClosedRange<CivilDate>, comparedWith compared: ClosedRange<CivilDate>? = nil, stores: [StoreID], store: StoreID?,
        rollups: any KPIRollupStore, configuration: PitwallConfiguration, maturity: MaturityBasis? = nil
    ) async throws {
        var rows = try await rollups.rollupRows(dimension: .agent, days: window.daysSinceEpoch, store: store)
        if let compared {
            // The window before is usually next to this one; a year before is read on its own.
            let before = compared.upperBound < window.lowerBound ? compared : compared.lowerBound...min(compared.upperBound, window.lowerBound.adding(days: -1))
            if before.lowerBound <= before.upperBound {
                rows += try await rollups.rollupRows(dimension: .agent, days: before.daysSinceEpoch, store: store)
            }
        }
        let series = KPISeries(catalog: configuration.kpiCatalog)
        /// Each store's groups (agents, or ways of telling them) over `days`.
        func byStore(_ rows: [RollupRow], _ days: ClosedRange<CivilDate>, keys: Set<KPIKey>, maturity: MaturityBasis?) -> [StoreID: [String: [KPIResult]]] {
            var byStore: [StoreID: [RollupRow]] = [:]
            for row in rows where days.daysSinceEpoch.contains(row.cell.day) { byStore[row.cell.store, default: []].append(row) }
            return byStore.mapValues { rows in series.resultsByGroup(rows, days: days.daysSinceEpoch, keys: keys, maturity: maturity) { $0.value } }
        }
        func results(_ days: ClosedRange<CivilDate>) -> [StoreID: [String: [KPIResult]]] { byStore(rows, days, keys: TeamReview.keysRead, maturity: maturity) }
        self.review = TeamReview(results: results(window), before: compared.map(results), stores: stores, catalog: configuration.kpiCatalog)
        let ways = try await rollups.rollupRows(dimension: .notifiedVia, days: window.daysSinceEpoch, store: store)
        let pickups = byStore(ways, window, keys: [.agentPickupWithinSLA], maturity: nil).mapValues { $0.compactMapValues { $0[.agentPickupWithinSLA] } }
        self.notificationMethods = NotificationMethodReview(results: pickups, stores: stores)
        self.rows = rows
        self.trendDays = compared.map { $0.upperBound.adding(days: 1) >= window.lowerBound ? min($0.lowerBound, window.lowerBound)...window.upperBound : window } ?? window
        self.compared = compared
        self.configuration = configuration
        names = configuration.names
        self.showsStore = Set(review.agents.map(\.store)).count > 1
    }

    /// Store by store and agent by agent, `key` a week at a time over `trendDays`, oldest first.
    public func weekly(_ key: KPIKey) -> [StoreID: [String: [Double?]]] {
        TeamTrend.weekly(rows, days: trendDays, key: key, catalog: configuration.kpiCatalog)
    }

    /// "6 Oct – 4 Nov 2026": the earlier window, as the findings name it.
    public var comparedLabel: String? { compared.map { ReportingWindow(preset: .custom, from: $0.lowerBound, to: $0.upperBound).label } }

    /// Why the team is not narrowed to one source, tier or the like, as the API and the page refuse it.
    static func notNarrowed(_ dimension: SegmentDimension) -> String {
        "agents are compared within their store, over all their leads, not narrowed to one \(dimension.words)"
    }

    public func agentName(_ agent: String) -> String { names.value(agent, of: .agent) }
    public func storeName(_ store: StoreID) -> String { configuration.store(store).name }

    /// Who stands apart from their colleagues, then, when set beside an earlier window, who
    /// moved from their own before.
    public var findings: [String] {
        let catalog = configuration.kpiCatalog
        return review.findings(catalog: catalog, agentName: agentName, storeName: storeName, showsStore: showsStore)
            + (comparedLabel.map { review.progressFindings(catalog: catalog, agentName: agentName, storeName: storeName, showsStore: showsStore, before: $0) } ?? [])
    }

    /// What the A/B test of the ways agents are told found.
    public var notificationFindings: [String] {
        notificationMethods.findings(storeName: storeName, showsStore: Set(notificationMethods.methods.map(\.store)).count > 1)
    }

    public func json(_ query: KPIQuery) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.window(query, segment: nil)
        writer.comparedWindow(query)
        writer.member("smallest_tested", Int(TeamReview.smallestTested))
        writer.key("agents")
        review.writeAgents(to: &writer, agentName: agentName, storeName: storeName, compared: compared != nil)
        writer.member("findings", strings: findings)
        notificationMethods.write(to: &writer, storeName: storeName)
        writer.member("notification_findings", strings: notificationFindings)
        writer.endObject()
        return writer.text
    }

    /// As `pitwall team` prints it: the findings, then a table a store, ▲ and ▼ before a figure
    /// clearly apart from the store's other agents, ↑ and ↓ after one clearly better or worse
    /// than the agent's own before.
    public func text(_ query: KPIQuery) -> String {
        let catalog = configuration.kpiCatalog
        var lines = ["Agents side by side, leads of \(query.from) to \(query.to), \(query.store.map { "store \(storeName($0))" } ?? "all stores")"]
        if let compared { lines[0] += ", each agent against their own \(compared.lowerBound) to \(compared.upperBound) too" }
        lines.append("")
        lines += findings
        var store: StoreID?
        var rows: [[String]] = []
        func flush() {
            guard let shown = store else { return }
            lines += ["", storeName(shown)]
            lines += TextTable.lines([["Agent", "Leads", "Median pick-up"] + TeamReview.comparedKeys.map { catalog[$0].name }] + rows)
            rows = []
        }
        for line in review.agents {
            if line.store != store {
                flush()
                store = line.store
            }
            rows.append(
                [agentName(line.agent), KPIFormatting.grouped(Int64(line.leads)), line.medianPickup]
                    + TeamReview.comparedKeys.map { key in
                        let comparison = line.comparison(key)
                        let mark = comparison?.call == .better ? "▲ " : comparison?.call == .worse ? "▼ " : ""
                        let moved = comparison?.progress == .better ? " ↑" : comparison?.progress == .worse ? " ↓" : ""
                        return mark + KPIFormatting.value(comparison?.result.value, unit: catalog[key].unit) + moved
                    })
        }
        flush()
        if !notificationMethods.methods.isEmpty {
            lines += ["", "How agents were told of their leads", ""] + notificationFindings + [""]
            lines += TextTable.lines(
                [["Store", "Told by", "Picked up within SLA", "Median pick-up", "Against the store's other ways"]]
                    + notificationMethods.methods.indices.map { index in
                        let line = notificationMethods.methods[index]
                        let against = notificationMethods.against(index)
                        let mark = line.call == .better ? "▲ " : line.call == .worse ? "▼ " : ""
                        return [
                            storeName(line.store), line.method,
                            mark + KPIFormatting.value(line.pickup.value, unit: .ratio) + " (\(TeamReview.counts(line.pickup.numerator, line.handOffs)))",
                            line.medianSeconds.map { KPIFormatting.duration(seconds: $0) } ?? "–",
                            against.isEmpty ? NotificationMethodReview.noOtherWay : against.joined(separator: "; "),
                        ]
                    })
        }
        return lines.joined(separator: "\n")
    }
}
