import Foundation
import Hummingbird
import PitwallCharts
import PitwallCore

/// `/sla`: the leads waiting now with their SLA countdowns (most urgent first), the last 15
/// minutes per store, how long leads wait and what that costs in sales, and each agent.
struct SpeedToLeadPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        var queue: [QueueLine]
        var hasQueue: Bool
        var queueCount: Int
        var breachedCount: Int
        var hiddenCount: Int
        var hasHidden: Bool
        var slaText: String
        var rolling: [RollingLine]
        var distribution: String
        var conversion: String
        var heatmap: String
        var agents: [AgentLine]
        var hasAgents: Bool
    }

    struct QueueLine: Sendable {
        var leadID: String
        var link: String
        var store: String
        var source: String
        var tier: String
        var agent: String
        var arrived: String
        var waited: String
        var left: String
        /// Epoch milliseconds when the SLA runs out, for the page's ticking countdown.
        var deadline: String
        var badge: StatusBadge
        var state: String
    }

    struct RollingLine: Sendable {
        var store: String
        var answered: Int
        var median: String
        var mean: String
        var breaches: Int
        var waiting: Int
    }

    struct AgentLine: Sendable {
        var agent: String
        var store: String
        var waiting: Int
        var oldest: String
        var overLimit: Bool
        var answered: String
        var median: String
        var conversion: String
    }

    static let shownQueue = 200

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("sla", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let filters = try ScorecardFilters(request: request, configuration: configuration, now: now)
        let home = filters.store.map(configuration.store) ?? configuration.homeStore
        let desk = dependencies.desk
        let catalog = configuration.kpiCatalog
        let series = KPISeries(catalog: catalog)

        let queue = try await desk.openQueue(store: filters.store, now: now).filter { $0.state == .open || $0.state == .breached }
            .sorted { lhs, rhs in
                (lhs.breachesAt ?? now, lhs.leadID.rawValue) < (rhs.breachesAt ?? now, rhs.leadID.rawValue)
            }
        let lines = queue.prefix(Self.shownQueue).map { lead -> QueueLine in
            let left = lead.secondsLeft ?? 0
            let storeLocal = LocalTimeFormatting(store: configuration.store(lead.storeID), now: now)
            return QueueLine(
                leadID: lead.leadID.rawValue, link: "/leads/\(SessionMiddleware.percentEncoded(lead.leadID.rawValue))",
                store: configuration.store(lead.storeID).name, source: lead.source, tier: lead.tier.rawValue, agent: lead.agentID?.rawValue ?? "–",
                arrived: storeLocal.time(lead.start ?? lead.createdAt), waited: KPIFormatting.duration(seconds: lead.elapsedSeconds ?? 0),
                left: lead.state == .breached ? "over by \(KPIFormatting.duration(seconds: max(-left, (lead.elapsedSeconds ?? 0) - lead.slaSeconds)))"
                    : KPIFormatting.duration(seconds: left),
                deadline: lead.breachesAt.map { String($0.millisecondsSinceEpoch) } ?? "",
                badge: StatusBadge(lead.state == .breached ? BoardColour.red : (lead.slaFractionUsed ?? 0) >= desk.policy.escalateAtFraction ? BoardColour.yellow : .green),
                state: lead.state == .breached ? "past SLA" : (lead.slaFractionUsed ?? 0) >= desk.policy.escalateAtFraction ? "escalated" : "waiting")
        }

        let rolling = try await desk.rollingView(minutes: 15, store: filters.store, now: now).map { view in
            RollingLine(
                store: configuration.store(view.storeID).name, answered: view.answered,
                median: KPIFormatting.value(view.medianSeconds, unit: .seconds), mean: KPIFormatting.value(view.meanSeconds, unit: .seconds),
                breaches: view.breaches, waiting: view.waiting)
        }

        let buckets = try await filters.rows(from: dependencies.rollups, dimension: .responseBucket)
        var byBucket: [String: [KPIResult]] = [:]
        var bucketRows: [String: [RollupRow]] = [:]
        for row in buckets where filters.window.days.contains(row.cell.day) { bucketRows[row.cell.value, default: []].append(row) }
        for (bucket, rows) in bucketRows { byBucket[bucket] = series.results(rows, days: filters.window.days) }
        let bucketNames = ResponseBucket.allCases.map(\.rawValue)
        func bucketValue(_ bucket: String, _ key: KPIKey, numerator: Bool) -> Double? {
            let result = byBucket[bucket]?.first { $0.key == key }
            return numerator ? result?.denominator : result?.value
        }
        let distribution = BarChart(
            labels: bucketNames, values: bucketNames.map { bucketValue($0, .leadToSaleConversion, numerator: true) }, width: 560, height: 220,
            title: "Leads by time to first response, \(filters.window.label)", format: { KPIFormatting.grouped(Int64($0.rounded())) }
        ).svg
        let conversionDefinition = catalog[.leadToSaleConversion]
        let conversion = BarChart(
            labels: bucketNames, values: bucketNames.map { bucketValue($0, .leadToSaleConversion, numerator: false) },
            band: ChartBand(low: conversionDefinition.target.min, high: conversionDefinition.target.max), width: 560, height: 220,
            title: "Lead-to-sale conversion by time to first response, \(filters.window.label)", format: { KPIFormatting.percent($0) }
        ).svg

        let hours = try await filters.rows(from: dependencies.rollups, dimension: .hour)
        var cells: [StoreID: [String: [RollupRow]]] = [:]
        for row in hours where filters.window.days.contains(row.cell.day) { cells[row.cell.store, default: [:]][row.cell.value, default: []].append(row) }
        let storeIDs = cells.keys.sorted()
        let hourLabels = (0..<24).map { $0.zeroPadded(2) }
        let heatmap = Heatmap(
            rows: storeIDs.map { configuration.store($0).name }, columns: hourLabels,
            cells: storeIDs.map { store in
                hourLabels.map { hour in
                    cells[store]?[hour].flatMap { series.results($0, days: filters.window.days).first { $0.key == .firstResponseTime }?.value }
                }
            },
            title: "Median first response by store and hour the lead came in, \(filters.window.label)", higherIsBetter: false,
            format: { KPIFormatting.duration(seconds: $0) }
        ).svg

        let agentRows = try await filters.rows(from: dependencies.rollups, dimension: .agent)
        var byAgent: [String: [RollupRow]] = [:]
        for row in agentRows where filters.window.days.contains(row.cell.day) && !row.cell.value.isEmpty { byAgent[row.cell.value, default: []].append(row) }
        let loads = Dictionary(try await desk.agentLoad(store: filters.store, now: now).map { ($0.agentID.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        let agents = Set(byAgent.keys).union(loads.keys).sorted().map { agent -> AgentLine in
            let results = byAgent[agent].map { series.results($0, days: filters.window.days) } ?? []
            let response = results.first { $0.key == .firstResponseTime }
            let load = loads[agent]
            return AgentLine(
                agent: agent, store: load.map { configuration.store($0.storeID).name } ?? "", waiting: load?.waiting ?? 0,
                oldest: load?.oldestWaitingSince.map { LocalTimeFormatting.relative($0, now: now) } ?? "–", overLimit: load?.overLimit ?? false,
                answered: KPIFormatting.grouped(Int64(response?.detail("count") ?? 0)), median: KPIFormatting.value(response?.value, unit: .seconds),
                conversion: KPIFormatting.value(results.first { $0.key == .leadToSaleConversion }?.value, unit: .ratio))
        }
        let view = View(
            chrome: PageChrome(title: "Speed to lead", section: .speedToLead, session: context.session!, now: now, zone: home),
            form: try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/sla"),
            windowLabel: filters.window.label, queue: Array(lines), hasQueue: !lines.isEmpty, queueCount: queue.count,
            breachedCount: queue.filter { $0.state == .breached }.count, hiddenCount: max(queue.count - Self.shownQueue, 0), hasHidden: queue.count > Self.shownQueue,
            slaText: LeadTier.allCases.map { "\($0.rawValue) \(KPIFormatting.duration(seconds: desk.policy.sla(for: $0)))" }.joined(separator: ", "), rolling: rolling, distribution: distribution,
            conversion: conversion, heatmap: heatmap, agents: agents, hasAgents: !agents.isEmpty)
        return renderer.html(view, template: "sla")
    }
}
