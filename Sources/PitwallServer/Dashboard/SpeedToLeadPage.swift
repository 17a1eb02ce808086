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
        /// "1 lead", "12 leads".
        var queueCount: String
        var breachedCount: Int
        var hiddenCount: Int
        var hasHidden: Bool
        /// "of source: Cars.com": whose leads the waiting list and the last 15 minutes are,
        /// when the page is narrowed.
        var narrowedTo: String?
        var slaText: String
        var rolling: [RollingLine]
        var distribution: ChartFigure
        var conversion: ChartFigure
        /// While the window's sales are still coming in: read the conversion bars against each other.
        var conversionNote: String?
        /// Customer satisfaction by how long the customer waited: speed set against quality. Nil
        /// when no customer of the window answered the survey.
        var satisfaction: ChartFigure?
        var heatmap: String
        /// Narrowed to a segment, the hours are still every lead's: said under the chart.
        var heatmapNote: String?
        var agents: [AgentLine]
        var hasAgents: Bool
        /// Narrowed to anything but an agent, the agents' figures are still over all their leads.
        var agentsNote: String?
        /// Each agent's appointments and sales against their store's other agents, same window and store.
        var team: String
        /// The quarterly review of the SLAs, same store, over the last 90 days.
        var review: String
    }

    struct QueueLine: Sendable {
        var leadID: String
        var link: String
        var store: String
        var source: String
        var tier: String
        var agent: String
        var arrived: String
        /// On the SLA's clock: for a business clock, open hours only.
        var waited: String
        /// "40 min on the wall clock", when that is a minute or more longer: a lead that came
        /// in before opening has waited longer than its SLA counts.
        var wallWait: String?
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
        /// Of the leads handed to the agent in the window, the share an agent wrote to within
        /// the lead's SLA, with the counts; how long that took on average; those nobody has.
        var pickedUpInTime: String
        var pickedUpCounts: String
        var pickup: String
        var notPickedUp: String
        var conversion: String
        /// "Too few" or "Too early" when an agent's few or young leads cannot say yet, with
        /// the reason on hover: 0 sales of 16 leads is not yet a verdict on the agent.
        var conversionCaveat: String?
        var conversionWhy: String?
    }

    static let shownQueue = 200

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("sla", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        return renderer.html(try await view(filters: filters, session: context.session!, now: now), template: "sla")
    }

    /// Built apart from the route so the benchmark can time exactly what a page costs.
    func view(filters: ScorecardFilters, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let desk = dependencies.desk
        let segment = filters.segmentValue
        let queue = try await desk.openQueue(store: filters.store, now: now)
            .filter { ($0.state == .open || $0.state == .breached) && $0.isOf(segment) }
            .sorted { lhs, rhs in (lhs.breachesAt ?? now, lhs.leadID.rawValue) < (rhs.breachesAt ?? now, rhs.leadID.rawValue) }
        let pageZone = filters.store.map(configuration.store) ?? configuration.homeStore
        let names = dependencies.configuration.names
        let lines = queue.prefix(Self.shownQueue).map { queueLine($0, now: now, pageZone: pageZone.timeZone, names: names) }
        let rolling = try await desk.rollingView(minutes: 15, store: filters.store, segment: segment, now: now).map { view in
            RollingLine(
                store: configuration.store(view.storeID).name, answered: view.answered,
                median: KPIFormatting.value(view.medianSeconds, unit: .seconds), mean: KPIFormatting.value(view.meanSeconds, unit: .seconds),
                breaches: view.breaches, waiting: view.waiting)
        }
        let charts = try await waitCharts(filters, now: now)
        let agents = try await agentLines(filters, now: now)
        let label = filters.segmentLabel(names)
        return View(
            chrome: PageChrome(
                title: "Speed to lead", section: .speedToLead, session: session, now: now, zone: pageZone),
            form: try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/sla"),
            windowLabel: filters.window.label, queue: Array(lines), hasQueue: !lines.isEmpty, queueCount: KPIFormatting.count(queue.count, "lead", "leads"),
            breachedCount: queue.filter { $0.state == .breached }.count, hiddenCount: max(queue.count - Self.shownQueue, 0), hasHidden: queue.count > Self.shownQueue,
            narrowedTo: label.map { "of \($0)" },
            slaText: Self.slaText(desk.policy, store: filters.store, configuration: configuration),
            rolling: rolling, distribution: charts.distribution, conversion: charts.conversion, conversionNote: charts.conversionNote,
            satisfaction: charts.satisfaction, heatmap: try await heatmap(filters),
            heatmapNote: filters.segment.flatMap { segment in
                label.map { "These hours are of every lead, not only \($0): hours are counted over all leads, not by \(segment.dimension.words)." }
            },
            agents: agents, hasAgents: !agents.isEmpty,
            agentsNote: filters.segment.flatMap { segment in
                segment.dimension == .agent ? nil : label.map { "Each agent over all their leads, not only \($0): agents are counted over every lead they hold." }
            },
            team: TeamPage.link(from: filters), review: SLAReviewPage.link(from: filters))
    }

    /// "hot 5 min, warm 15 min, cold 1 h" for the store shown (its own where it has them);
    /// over all stores, the group's, naming the stores held to their own.
    static func slaText(_ policy: ResponseTimePolicy, store: StoreID?, configuration: PitwallConfiguration) -> String {
        let limits = LeadTier.allCases.map { "\($0.rawValue) \(KPIFormatting.duration(seconds: policy.sla(for: $0, at: store)))" }.joined(separator: ", ")
        if let store { return policy.storeSLASeconds[store] == nil ? limits : limits + " (this store's own)" }
        let own = policy.storeSLASeconds.keys.map { configuration.store($0).name }.sorted()
        return own.isEmpty ? limits : limits + "; own SLAs at " + own.joined(separator: ", ")
    }

    /// One waiting lead: where it stands against its SLA, counted down on the page.
    func queueLine(_ lead: LeadResponseAssessment, now: Timestamp, pageZone: TimeZone, names: DisplayNames) -> QueueLine {
        let configuration = dependencies.configuration
        let escalateAt = dependencies.desk.policy.escalateAtFraction
        let left = lead.secondsLeft ?? 0
        let escalated = lead.isEscalated(at: escalateAt)
        return QueueLine(
            leadID: lead.leadID.rawValue, link: "/leads/\(SessionMiddleware.percentEncoded(lead.leadID.rawValue))",
            store: configuration.store(lead.storeID).name, source: names.source(lead.source), tier: lead.tier.rawValue,
            agent: lead.agentID.map(names.agent) ?? "–",
            arrived: Self.arrival(lead, store: configuration.store(lead.storeID), now: now, pageZone: pageZone),
            waited: KPIFormatting.duration(seconds: lead.elapsedSeconds ?? 0),
            wallWait: Self.wallWait(lead, now: now),
            left: lead.state == .breached
                ? "over by \(KPIFormatting.duration(seconds: max(-left, (lead.elapsedSeconds ?? 0) - lead.slaSeconds)))" : KPIFormatting.duration(seconds: left),
            deadline: lead.breachesAt.map { String($0.millisecondsSinceEpoch) } ?? "",
            badge: StatusBadge(lead.state == .breached ? BoardColour.red : escalated ? BoardColour.yellow : .green),
            state: lead.state == .breached ? "past SLA" : escalated ? "escalated" : "waiting")
    }

    /// When the lead came in, on its store's clock; named ("10:56 PST") when that is not the
    /// page's clock, or a Pacific lead at 10:56 reads as two and a half hours old at 13:34 CST.
    static func arrival(_ lead: LeadResponseAssessment, store: StoreProfile, now: Timestamp, pageZone: TimeZone) -> String {
        let instant = lead.start ?? lead.createdAt
        let time = LocalTimeFormatting(store: store, now: now).time(instant)
        let zone = ZoneAbbreviation.name(of: store.timeZone, at: instant)
        return zone == ZoneAbbreviation.name(of: pageZone, at: instant) ? time : "\(time) \(zone)"
    }

    static func wallWait(_ lead: LeadResponseAssessment, now: Timestamp) -> String? {
        let wall = Double(now.millisecondsSinceEpoch - (lead.start ?? lead.createdAt).millisecondsSinceEpoch) / 1000
        guard lead.clock == .business, wall - (lead.elapsedSeconds ?? 0) >= 60 else { return nil }
        return "\(KPIFormatting.duration(seconds: wall)) on the wall clock"
    }

    struct WaitCharts {
        var distribution: ChartFigure
        var conversion: ChartFigure
        var conversionNote: String?
        var satisfaction: ChartFigure?
    }

    /// Leads per response-time bucket, their conversion, and their customers' satisfaction: what
    /// a slow answer costs. While the window's sales are still coming in, a note says so: every
    /// bucket is young alike, so the bars compare with each other but not yet with the target.
    func waitCharts(_ filters: ScorecardFilters, now: Timestamp) async throws -> WaitCharts {
        let series = KPISeries(catalog: dependencies.configuration.kpiCatalog(for: filters.store))
        let (rows, unnarrowed) = try await waitRows(filters)
        let maturity = try await dependencies.maturityBasis(store: filters.store, now: now)
            .maturity(of: .leadToSaleConversion, rows: rows.filter { filters.window.days.contains($0.cell.day) })
        let note = maturity.flatMap { maturity in
            maturity.isStillComingIn
                ? "These leads' sales are still coming in (\(maturity.progress)): compare the bars with each other, "
                    + "not yet with the target. The agents' lead-to-sale figures below are young the same way." : nil
        }
        let byBucket = series.resultsByGroup(rows, days: filters.window.days, keys: [.leadToSaleConversion, .customerSatisfaction]) { $0.value }
        let every = ResponseBucket.allCases.map(\.rawValue)
        // A lead whose clocks disagree is counted among the leads, but has no wait to set its
        // sales or its rating beside: a bar of them would read as one more kind of wait.
        let unknown = ResponseBucket.unknown.rawValue
        let buckets = every.filter { $0 != unknown }
        let conversion = byBucket.mapValues { $0[.leadToSaleConversion] }
        let catalog = dependencies.configuration.kpiCatalog(for: filters.store)
        let target = catalog[.leadToSaleConversion].target
        let satisfaction = byBucket.mapValues { $0[.customerSatisfaction] }
        let answers = buckets.map { (bucket: $0, count: Int64((satisfaction[$0]??.denominator ?? 0).rounded())) }.filter { $0.count > 0 }
        let conversionCounted = buckets.map { conversion[$0]??.denominator }
        let leadsCounted = every.map { conversion[$0]??.denominator }
        let untold = Int64((conversion[unknown]??.denominator ?? 0).rounded())
        let satisfactionChart = answers.isEmpty
            ? nil
            : ChartFigure(
                caption: "Customer satisfaction (1 to 5) by time to first response",
                bars: BarChart(
                    labels: buckets, values: buckets.map { satisfaction[$0]??.value }, band: ChartBand(low: catalog[.customerSatisfaction].target.min, high: 5),
                    width: 560, height: 220, title: "Customer satisfaction by time to first response, \(filters.window.label)",
                    scale: SurveyAnswer.satisfactionRange,
                    format: { $0 == $0.rounded() ? "\(Int($0))" : KPIFormatting.decimal($0, places: 2) }),
                counted: buckets.map { satisfaction[$0]??.denominator }, noun: "survey answers")
        var conversionChart = ChartFigure(
            caption: "Lead-to-sale conversion by time to first response",
            bars: BarChart(
                labels: buckets, values: buckets.map { conversion[$0]??.value }, band: ChartBand(low: target.min, high: target.max), width: 560, height: 220,
                title: "Lead-to-sale conversion by time to first response, \(filters.window.label)", format: { KPIFormatting.percent($0) }),
            counted: conversionCounted, noun: "leads")
        if untold > 0 {
            let leads = KPIFormatting.count(Int(untold), "lead", "leads")
            let untoldNote = "\(leads) with clock problems (an answer dated before the lead arrived, say) are left out of the sales and ratings by wait: their wait cannot be told."
            conversionChart.note = [conversionChart.note, untoldNote].compactMap { $0 }.joined(separator: " ")
        }
        if let unnarrowed {
            conversionChart.finding = unnarrowed
        } else if filters.segment == nil {
            // The bars pool every source; under them, each slower bucket like for like.
            let bySource = try await dependencies.rollups.rollupRows(
                dimension: .sourceResponseBucket, days: filters.window.days, store: filters.store, counters: .only([.leads, .leadsSold]))
            conversionChart.finding = WaitsLikeForLike(rows: bySource).words
        }
        return WaitCharts(
            distribution: ChartFigure(
                caption: "Leads by time to first response",
                svg: BarChart(
                    labels: every.map { dependencies.configuration.names.value($0, of: .responseBucket) }, values: leadsCounted, width: 560, height: 220,
                    title: "Leads by time to first response, \(filters.window.label)", format: { KPIFormatting.grouped(Int64($0.rounded())) }
                ).svg),
            conversion: conversionChart,
            conversionNote: note,
            satisfaction: satisfactionChart.map { figure in
                var figure = figure
                let behind = "Survey answers behind each bar: " + answers.map { "\($0.bucket) \(KPIFormatting.grouped($0.count))" }.joined(separator: ", ") + "."
                figure.note = [behind, figure.note].compactMap { $0 }.joined(separator: " ")
                return figure
            }
        )
    }

    /// The window's rows by response bucket. Narrowed to a source, that source's own: its
    /// source-and-wait cells, read as wait cells. Narrowed to anything else (a campaign, an
    /// agent), every lead's, with the words that say so: waits are not counted by those.
    func waitRows(_ filters: ScorecardFilters) async throws -> (rows: [RollupRow], unnarrowed: String?) {
        let segment = filters.segmentValue
        if let rows = try await dependencies.rollups.rollupRows(
            by: .responseBucket, narrowedTo: segment, days: filters.window.days, store: filters.store, counters: .kpis)
        {
            return (rows, nil)
        }
        let dimension = segment?.dimension.words ?? ""
        let label = filters.segmentLabel(dependencies.configuration.names) ?? dimension
        return (
            try await filters.windowRows(from: dependencies.rollups, dimension: .responseBucket),
            "These waits are of every lead, not only \(label): waits are counted by source, not by \(dimension)."
        )
    }

    /// Median first response per store and local hour the lead came in: where staffing is thin.
    func heatmap(_ filters: ScorecardFilters) async throws -> String {
        let configuration = dependencies.configuration
        // A month of hourly cells at a time, summed as they come: a year's at once took the
        // server over 300 MB.
        var totals: [String: KPITotals] = [:]
        var stores: Set<StoreID> = []
        try await filters.windowRows(from: dependencies.rollups, dimension: .hour, daysAtATime: 31) { rows in
            for row in rows {
                totals["\(row.cell.store.rawValue)|\(row.cell.value)", default: KPITotals()].add(row)
                stores.insert(row.cell.store)
            }
        }
        let catalog = configuration.kpiCatalog(for: filters.store)
        let cells = totals.mapValues { catalog.evaluate($0, only: [.firstResponseTime]) }
        let storeIDs = stores.sorted()
        let hours = (0..<24).map { $0.zeroPadded(2) }
        return Heatmap(
            rows: storeIDs.map { configuration.store($0).name }, columns: hours,
            cells: storeIDs.map { store in hours.map { cells["\(store.rawValue)|\($0)"]?[.firstResponseTime]?.value } },
            title: "Median first response by store and hour the lead came in, \(filters.window.label)", higherIsBetter: false,
            format: { KPIFormatting.duration(seconds: $0) }
        ).svg
    }

    /// Each agent: leads waiting on them now, and how fast and how well they answered in the window.
    func agentLines(_ filters: ScorecardFilters, now: Timestamp) async throws -> [AgentLine] {
        let configuration = dependencies.configuration
        let rows = try await filters.windowRows(from: dependencies.rollups, dimension: .agent)
        // Each agent's leads at their age, so a young week's few sales read "too early", not 0 %.
        let maturity = try await dependencies.maturityBasis(store: filters.store, now: now)
        let byAgent = KPISeries(catalog: configuration.kpiCatalog(for: filters.store)).resultsByGroup(
            rows, days: filters.window.days, keys: [.agentPickupWithinSLA, .leadToSaleConversion], maturity: maturity
        ) { $0.value.isEmpty ? nil : $0.value }
        // Narrowed to one agent, only theirs: the others' loads would stand in rows of their own.
        let onlyAgent = filters.segment.flatMap { $0.dimension == .agent ? $0.value : nil }
        let loads = Dictionary(
            try await dependencies.desk.agentLoad(store: filters.store, now: now).filter { onlyAgent == nil || $0.agentID.rawValue == onlyAgent }
                .map { ($0.agentID.rawValue, $0) },
            uniquingKeysWith: { first, _ in first })
        // An agent with nobody waiting on them still works somewhere: the stores of their leads.
        var storesOf: [String: Set<StoreID>] = [:]
        for row in rows where filters.window.days.contains(row.cell.day) && !row.cell.value.isEmpty {
            storesOf[row.cell.value, default: []].insert(row.cell.store)
        }
        let names = configuration.names
        let conversionDefinition = configuration.kpiCatalog(for: filters.store)[.leadToSaleConversion]
        let today = configuration.today(store: filters.store, at: now)
        let lines = Set(byAgent.keys).union(loads.keys).map { agent in
            let results = byAgent[agent] ?? []
            let pickup = results[.agentPickupWithinSLA]
            let load = loads[agent]
            let caveat = results[.leadToSaleConversion].map { ScorecardPage.badge($0, definition: conversionDefinition, today: today) }
                .flatMap { ["Too few", "Too early"].contains($0.words) ? $0 : nil }
            return (id: agent, line: AgentLine(
                agent: names.agent(agent),
                store: load.map { configuration.store($0.storeID).name }
                    ?? (storesOf[agent] ?? []).sorted().map { configuration.store($0).name }.joined(separator: ", "),
                waiting: load?.waiting ?? 0,
                oldest: load?.oldestWaitingSince.map { LocalTimeFormatting.relative($0, now: now) } ?? "–", overLimit: load?.overLimit ?? false,
                pickedUpInTime: KPIFormatting.value(pickup?.value, unit: .ratio),
                pickedUpCounts: (pickup?.denominator ?? 0) > 0 ? TeamReview.counts(pickup?.numerator, pickup?.denominator) : "",
                pickup: AgentPickup.median(pickup),
                notPickedUp: KPIFormatting.grouped(Int64(pickup?.detail("not_picked_up") ?? 0)),
                conversion: KPIFormatting.value(results[.leadToSaleConversion]?.value, unit: .ratio),
                conversionCaveat: caveat.map { $0.words.lowercased() }, conversionWhy: caveat?.title))
        }
        // A store's agents together, each by the name the manager knows them by.
        return lines.sorted { ($0.line.store, $0.line.agent, $0.id) < ($1.line.store, $1.line.agent, $1.id) }.map(\.line)
    }
}
