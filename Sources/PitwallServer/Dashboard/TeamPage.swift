import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCharts
import PitwallCore

/// `/team`: each agent's shares beside the rest of their store's agents, for the BDC
/// manager's weekly team meeting: who to coach on what, whose way to pass on. The same
/// figures as `GET /v1/team`.
struct TeamPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        var findings: [String]
        var columns: [String]
        var stores: [StoreBlock]
        var hasAgents: Bool
        var smallestTested: String
        /// "6 Oct – 4 Nov 2026": the window each agent is also set against their own figures of.
        var comparedLabel: String?
        /// Every comparison of the page as CSV, same window and store.
        var download: String
        /// The A/B test of how agents are told of their leads; empty when no hand-off said.
        var methods: [MethodRow]
        var methodFindings: [String]
        var hasMethods: Bool
    }

    /// One way a store told its agents of their leads, against the store's other ways.
    struct MethodRow: Sendable {
        var store: String
        var storeName: String
        var method: String
        var value: String
        var raw: String
        var counts: String
        var median: String
        /// "against email: 40% (20 of 50), clearly slower": each of the store's other ways.
        var against: String
        var call: String
        var mark: String?
    }

    struct StoreBlock: Sendable {
        var store: String
        var name: String
        var rows: [Row]
    }

    struct Row: Sendable {
        var agent: String
        var name: String
        /// The scorecard narrowed to this agent at their store.
        var link: String
        /// "coached 5 Nov 2026": the agent's latest coaching logged in the days the page shows.
        var coached: String?
        /// The coaching log's form, filled for this agent.
        var coachLink: String
        var leads: String
        /// The median time from hand-off to the agent's first message.
        var pickup: String
        /// "from 17 min 2 s": the agent's median pick-up in the window compared with, if any.
        var pickupBefore: String?
        /// The agent's pick-up within SLA week by week (SVG), over the window and the window before.
        var pickupTrend: String
        var cells: [Cell]
        var averageSale: String
    }

    struct Cell: Sendable {
        var key: String
        var value: String
        /// The unformatted share, for scripts and tests to compare with the API.
        var raw: String
        var counts: String
        /// "better" or "worse" than the store's other agents, past chance; empty otherwise.
        var call: String
        var mark: String?
        /// "from 50%": the agent's own figure in the window compared with; nil without one.
        var before: String?
        /// "better" or "worse" than the agent's own before, past chance; empty otherwise.
        var progress: String
        var progressMark: String?
        var title: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("team", use: page)
        group.get("team.csv", use: csv)
    }

    /// The page's window and store; a segment is refused, since agents are compared over all their leads.
    func filters(_ request: Request, now: Timestamp) throws -> ScorecardFilters {
        // A week gives an agent too few leads to tell anyone apart: a month unless asked.
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now, fallback: .last30Days)
        if let segment = filters.segment {
            throw DashboardError.badParameter(
                ParameterError(name: segment.dimension.rawValue, reason: TeamReading.notNarrowed(segment.dimension)))
        }
        return filters
    }

    /// `/team.csv`: one row an agent and compared KPI, with the store's other agents' beside it,
    /// and the agent's own of the compared window, as the page sets them.
    @Sendable func csv(request: Request, context: PitwallRequestContext) async throws -> Response {
        let filters = try self.filters(request, now: dependencies.clock.now())
        let reading = try await TeamReading(
            filters.window.from...filters.window.to, comparedWith: filters.compared.map { $0.from...$0.to }, store: filters.store, dependencies: dependencies)
        let encoder = TableEncoder(format: .csv, columns: TeamTable.columns)
        var headers: HTTPFields = [.contentType: TableEncoder.Format.csv.contentType]
        headers[.contentDisposition] = "attachment; filename=\"\(ScorecardDownload.fileName(filters, table: "team"))\""
        let body = try encoder.header() + encoder.encode(TeamTable.rows(reading.review, agentName: reading.agentName))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        return renderer.html(try await view(filters: try filters(request, now: now), session: context.session!, now: now), template: "team")
    }

    /// The team page from another page's filters: the same window and store, but a month
    /// instead of a day or a week, too short to tell agents apart; without a segment, since
    /// agents are compared over all their leads.
    static func link(from filters: ScorecardFilters) -> String {
        var changes: [String: String?] = filters.segment.map { [$0.dimension.rawValue: nil] } ?? [:]
        if [.today, .yesterday, .last7Days].contains(filters.window.preset) { changes["window"] = ReportingWindow.Preset.last30Days.rawValue }
        return "/team?\(filters.query(changes))"
    }

    func view(filters: ScorecardFilters, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let catalog = configuration.kpiCatalog
        let compared = filters.compared.map { $0.from...$0.to }
        let reading = try await TeamReading(filters.window.from...filters.window.to, comparedWith: compared, store: filters.store, dependencies: dependencies)
        let pickups = reading.weekly(.agentPickupWithinSLA)
        let pickupTarget = catalog[.agentPickupWithinSLA].target
        let trendLabel = ReportingWindow(preset: .custom, from: reading.trendDays.lowerBound, to: reading.trendDays.upperBound).label
        var coachedOn: [String: CivilDate] = [:]
        for session in try await dependencies.coaching.coachingSessions(days: reading.trendDays, store: filters.store) {
            coachedOn["\(session.store.rawValue)\u{1F}\(session.agent)"] = session.day
        }
        func row(_ line: TeamReview.AgentLine) -> Row {
            let name = reading.agentName(line.agent)
            let cells = TeamReview.comparedKeys.map { Self.cell($0, of: line, name: name, reading: reading) }
            return Row(
                agent: line.agent, name: name, link: "/kpis?\(filters.query(["agent": line.agent, "store": line.store.rawValue]))",
                coached: coachedOn["\(line.store.rawValue)\u{1F}\(line.agent)"].map { "coached \(LocalTimeFormatting.longDate($0))" },
                coachLink: "/coaching?store=\(SessionMiddleware.percentEncoded(line.store.rawValue))&agent=\(SessionMiddleware.percentEncoded(line.agent))",
                leads: KPIFormatting.grouped(Int64(line.leads)),
                pickup: line.medianPickup,
                pickupBefore: line.comparison(.agentPickupWithinSLA)?.before.map { "from " + AgentPickup.median($0) },
                pickupTrend: Sparkline(
                    values: pickups[line.store]?[line.agent] ?? [], band: ChartBand(low: pickupTarget.min, high: pickupTarget.max), width: 96, height: 30,
                    title: "\(name), \(catalog[.agentPickupWithinSLA].name) week by week, \(trendLabel)", domain: 0...1
                ).svg,
                cells: cells, averageSale: KPIFormatting.value(line.results[.averageSaleValue]?.value, unit: catalog[.averageSaleValue].unit))
        }
        var blocks: [StoreBlock] = []
        for line in reading.review.agents {
            if blocks.last?.store != line.store.rawValue { blocks.append(StoreBlock(store: line.store.rawValue, name: reading.storeName(line.store), rows: [])) }
            blocks[blocks.count - 1].rows.append(row(line))
        }
        let home = filters.store.map(configuration.store) ?? configuration.homeStore
        let form = try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/team")
        return View(
            chrome: PageChrome(title: "Agents side by side", section: .speedToLead, session: session, now: now, zone: home),
            form: form, windowLabel: filters.window.label, findings: reading.findings, columns: TeamReview.comparedKeys.map { catalog[$0].name },
            stores: blocks, hasAgents: !blocks.isEmpty, smallestTested: "\(Int(TeamReview.smallestTested))", comparedLabel: reading.comparedLabel,
            download: "/team.csv?\(filters.query())", methods: Self.methodRows(reading), methodFindings: reading.notificationFindings,
            hasMethods: !reading.notificationMethods.methods.isEmpty)
    }

    static func methodRows(_ reading: TeamReading) -> [MethodRow] {
        let review = reading.notificationMethods
        return review.methods.indices.map { index in
            let line = review.methods[index]
            let against = review.against(index)
            return MethodRow(
                store: line.store.rawValue, storeName: reading.storeName(line.store), method: line.method,
                value: KPIFormatting.value(line.pickup.value, unit: .ratio), raw: line.pickup.value.map { "\($0)" } ?? "",
                counts: TeamReview.counts(line.pickup.numerator, line.handOffs), median: line.medianSeconds.map { KPIFormatting.duration(seconds: $0) } ?? "–",
                against: against.isEmpty ? NotificationMethodReview.noOtherWay : against.joined(separator: "; "), call: line.call?.rawValue ?? "",
                mark: line.call == .better ? "▲" : line.call == .worse ? "▼" : nil)
        }
    }
}
