import Foundation
import Hummingbird
import PitwallCharts
import PitwallCore

/// `/kpis`: every KPI against its target for a window, with the window before and the last
/// 30 days as a sparkline; each KPI leads to its breakdowns and definition.
struct ScorecardPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: FilterForm
        var windowLabel: String
        var previousLabel: String?
        var comparedColumn: String
        /// Said when the compared window holds no leads, so its column of dashes is not a mystery.
        var comparedNote: String?
        var rows: [Row]
        var leads: String
        var hasLeads: Bool
        /// The same table as CSV, with the same filters.
        var download: String
        /// Every store's figures of the window, side by side.
        var storesSideBySide: String
        /// The team page for the same window and store (it compares agents over all their leads, so without a segment).
        var agentsSideBySide: String
        /// How many KPIs got better and worse, and which got worse while off target.
        var movement: Movement?
    }

    /// A line above the table for the reader who has ten seconds: "Against the window before:
    /// 3 better, 9 worse. Worse and off target: System uptime, Message delivery rate."
    struct Movement: Sendable {
        var summary: String
        var slipping: [Slipping]
        var hasSlipping: Bool
    }

    struct Slipping: Sendable {
        var key: String
        var name: String
        var link: String
        /// ", " between names, "" after the last.
        var separator: String
    }

    struct FilterForm: Sendable {
        var action: String
        var windows: [Option]
        var isCustom: Bool
        var from: String
        var to: String
        var stores: [Option]
        var comparisons: [Option]
        var segmentLabel: String?
        var segmentName: String?
        var segmentValue: String?
        var clearSegment: String?
        /// Extra fields the detail page keeps (its breakdown).
        var by: String?
        /// The stores page's order (a KPI, worst first).
        var sort: String? = nil
        /// False where the page shows every store (the stores side by side).
        var choosesStore = true
        /// False on a page that compares nothing (the follow-ups).
        var choosesComparison = true
        /// Set on an empty page narrowed to a value no lead has had in the year.
        var unseenSegment: UnseenSegment? = nil
    }

    struct Row: Sendable {
        var key: String
        var name: String
        var link: String
        var value: String
        /// The unformatted figure, for scripts and tests to compare with the API.
        var raw: String
        var target: String
        /// When the store shown is held to its own target here, not the group's, or (SLA
        /// attainment) its leads to its own SLAs: says so under the target.
        var ownRules: String? = nil
        var gap: String
        var badge: StatusBadge
        var sample: String
        /// While the window's leads are young: how much of the outcome is in, and where the figure is heading.
        var progress: String?
        var heading: String?
        var previous: String?
        /// When the window before is still coming in too: where it is heading, which the change is taken against.
        var previousHeading: String?
        var change: String?
        var changeTitle: String?
        /// "better" or "worse" by the KPI's own bands (an opt-out rate that fell is better);
        /// nil for no change worth a colour.
        var changeDirection: String?
        var sparkline: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("kpis", use: page)
        group.get("kpis.csv", use: ScorecardDownload(page: self).csv)
        KPIDetailPage(dependencies: dependencies, renderer: renderer).addRoutes(to: group)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        let view = try await view(filters: filters, session: context.session!, now: now)
        return renderer.html(view, template: "scorecard")
    }

    /// The page's figures: the window, narrowed to a segment when one is chosen, beside the
    /// compared window; with the rollup rows and the system's health reports read for them
    /// (the sparklines draw from both).
    func report(
        filters: ScorecardFilters, now: Timestamp
    ) async throws -> (report: KPIReport, rows: [RollupRow], maturity: MaturityBasis, systemHealth: SystemHealthEvidence?) {
        let configuration = dependencies.configuration
        let catalog = configuration.kpiCatalog(for: filters.store)
        let rows = try await filters.rows(from: dependencies.rollups)
        let series = KPISeries(catalog: catalog)
        let maturity = try await dependencies.maturityBasis(store: filters.store, now: now)
        var report = KPIReport(
            query: KPIQuery(from: filters.window.from, to: filters.window.to, store: filters.store, comparison: filters.comparison),
            catalog: catalog,
            groups: [
                KPIGroupReport(
                    group: nil, results: series.results(rows, days: filters.window.days, maturity: maturity),
                    previous: filters.compared.map { series.results(rows, days: $0.days, maturity: maturity) }, catalog: catalog)
            ])
        // The system KPIs belong to no source or agent: a segment's scorecard leaves them out.
        var systemHealth: SystemHealthEvidence?
        if filters.segment == nil {
            let sparkline = filters.sparklineDays
            let evidence = try await dependencies.store.systemHealthEvidence(
                covering: report.query.systemHealthSpans
                    + [SystemHealthEvidence.span(covering: CivilDate(daysSinceEpoch: sparkline.lowerBound), CivilDate(daysSinceEpoch: sparkline.upperBound))])
            report = report.withSystemHealth(evidence, now: now, span: configuration.systemHealthDays)
            systemHealth = evidence
        }
        return (report, rows, maturity, systemHealth)
    }

    /// "this store's own" under a target the store shown has of its own; "by its own SLA hot
    /// 10 min" under SLA attainment when its leads are held to SLAs of its own.
    static func ownRules(_ key: KPIKey, store: StoreID?, definition: KPIDefinition, configuration: PitwallConfiguration) -> String? {
        var parts: [String] = []
        if definition.target != configuration.kpiCatalog[key].target { parts.append("this store's own") }
        if key.isHeldToSLA, let store, let own = configuration.responseTime.ownSLAs(at: store) { parts.append("by its own SLA " + own) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Built apart from the route so the benchmark can time exactly what a page costs.
    func view(filters: ScorecardFilters, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let (report, rows, maturity, systemHealth) = try await report(filters: filters, now: now)
        // The store's own catalog, as the report was judged by.
        let catalog = report.catalog
        let series = KPISeries(catalog: catalog)
        let home = filters.store.map(configuration.store) ?? configuration.homeStore
        let today = home.calendar.localDate(of: now)
        var daily = series.daily(rows, days: filters.sparklineDays)
        if let systemHealth {
            let days = filters.sparklineDays.map { configuration.systemHealthDays(store: filters.store, from: CivilDate(daysSinceEpoch: $0), to: CivilDate(daysSinceEpoch: $0)) }
            daily.merge(catalog.systemSeries(SystemHealthTimeline(systemHealth, store: filters.store), spans: days, now: now)) { $1 }
        }
        let group = report.groups[0]
        let tableRows = group.results.enumerated().compactMap { index, result -> Row? in
            let definition = catalog[result.key]
            guard !definition.reserved else { return nil }
            let previous = group.previous?[index]
            let comingIn = result.maturity.flatMap { $0.isStillComingIn ? $0 : nil }
            return Row(
                key: result.key.rawValue, name: definition.name, link: "/kpis/\(result.key.rawValue)?\(filters.query())",
                value: KPIFormatting.value(result.value, unit: definition.unit), raw: result.value.map(JSONWriter.format) ?? "",
                target: KPIFormatting.target(definition.target, unit: definition.unit),
                ownRules: Self.ownRules(result.key, store: filters.store, definition: definition, configuration: configuration),
                gap: KPIFormatting.gap(result.gap, unit: definition.unit),
                badge: Self.badge(result, definition: definition, today: today), sample: Self.sample(result, unit: definition.unit),
                progress: comingIn.map(\.progress), heading: comingIn.flatMap { MaturityWording.heading($0, value: result.value) },
                previous: previous.map { KPIFormatting.value($0.value, unit: definition.unit) },
                previousHeading: previous.flatMap { before in before.maturity.flatMap { MaturityWording.heading($0, value: before.value) } },
                change: previous.map { MaturityWording.change(now: result, before: $0, unit: definition.unit) },
                changeTitle: previous.flatMap {
                    MaturityWording.changeTitles(now: result, before: $0, definition: definition, comparison: filters.comparison ?? .previous)
                },
                changeDirection: previous.flatMap { result.shownDirection(from: $0, definition: definition)?.rawValue },
                sparkline: Sparkline(
                    values: daily[result.key] ?? [], band: ChartBand(low: definition.target.min, high: definition.target.max),
                    title: "\(definition.name), 30 days to \(filters.window.to)",
                    provisionalFrom: maturity.firstDayStillComingIn(result.key, today: today, store: home.id, segment: filters.segment).map {
                        Int(max($0.daysSinceEpoch, filters.sparklineDays.lowerBound) - filters.sparklineDays.lowerBound)
                    }
                ).svg)
        }
        let leads = group.results.first { $0.key == .leadToSaleConversion }?.denominator ?? 0
        let leadsBefore = group.previous?.first { $0.key == .leadToSaleConversion }?.denominator ?? 0
        let comparedNote = filters.compared.flatMap { compared in
            leadsBefore > 0 ? nil : "No leads came in during \(compared.label), so there is nothing to compare with."
        }
        let movement = comparedNote == nil
            ? filters.comparison.map { Self.movement(tableRows, against: filters.window.dayCount == 1 && $0 == .previous ? "the day before" : $0.phrase) } : nil
        var form = try await form(filters, action: "/kpis")
        if leads == 0 { try await form.explainEmpty(filters, dependencies: dependencies, now: now) }
        return View(
            chrome: PageChrome(title: "Scorecard", section: .scorecard, session: session, now: now, zone: home),
            form: form,
            windowLabel: filters.window.label, previousLabel: filters.compared?.label, comparedColumn: filters.comparedColumn,
            comparedNote: comparedNote, rows: tableRows, leads: KPIFormatting.grouped(Int64(leads)), hasLeads: leads > 0,
            download: "/kpis.csv?\(filters.query())", storesSideBySide: "/stores?\(filters.query(["store": nil]))",
            agentsSideBySide: TeamPage.link(from: filters), movement: movement)
    }

    /// Counts the rows' better and worse changes; the worse ones off target, red before yellow,
    /// are named, since those are where the figures are slipping.
    static func movement(_ rows: [Row], against phrase: String) -> Movement {
        let better = rows.filter { $0.changeDirection == "better" }.count
        let worse = rows.filter { $0.changeDirection == "worse" }
        let slipping = worse.filter { $0.badge.colour == "red" } + worse.filter { $0.badge.colour == "yellow" }
        let counts = better + worse.count == 0 ? "no KPI moved enough to say." : "\(better) better, \(worse.count) worse."
        return Movement(
            summary: "Against \(phrase): \(counts)",
            slipping: slipping.enumerated().map { index, row in
                Slipping(key: row.key, name: row.name, link: row.link, separator: index == slipping.count - 1 ? "" : ", ")
            },
            hasSlipping: !slipping.isEmpty)
    }

    func form(_ filters: ScorecardFilters, action: String, by: String? = nil, sort: String? = nil, choosesStore: Bool = true) async throws -> FilterForm {
        FilterForm(
            action: action, windows: filters.windowOptions(), isCustom: filters.window.preset == .custom, from: filters.window.from.description,
            to: filters.window.to.description, stores: filters.storeOptions(try await dependencies.knownStores()),
            comparisons: filters.comparisonOptions(),
            segmentLabel: filters.segmentLabel(dependencies.configuration.names), segmentName: filters.segment?.dimension.rawValue, segmentValue: filters.segment?.value,
            clearSegment: filters.segment.map { "\(action)?\(filters.query([$0.dimension.rawValue: nil, "sort": sort]))" }, by: by, sort: sort,
            choosesStore: choosesStore)
    }

    /// The status against the target; while the leads are young, judged on where the figure
    /// is heading, or "Too early" when it is short of the target only because they are young.
    static func badge(_ result: KPIResult, definition: KPIDefinition, today: CivilDate) -> StatusBadge {
        let judgement = result.judgement(definition)
        // Green beyond its band (conversion at 13% against 8% – 12%): the catalog counts that
        // as good, and the badge says why a figure outside the band is not off target.
        let beyond = judgement.sideOfTarget(result.value, target: definition.target).map {
            (words: "\($0.rawValue.capitalizedFirst) target",
             why: "\($0.rawValue) the target (\(KPIFormatting.target(definition.target, unit: definition.unit))), which counts as good")
        }
        switch judgement {
        case .asItStands(let status, _):
            var badge = StatusBadge(status: status)
            if let beyond { (badge.words, badge.title) = (beyond.words, beyond.why.capitalizedFirst) }
            return badge
        case .tooEarly(let maturity):
            return .tooEarly(MaturityWording.explanation(maturity, today: today))
        case .heading(let status, let heading, let maturity):
            var badge = StatusBadge(status: status)
            if let beyond { badge.words = beyond.words }
            badge.title = "Judged on where it is heading, about \(KPIFormatting.value(heading, unit: definition.unit))"
                + (beyond.map { " (\($0.why))" } ?? "") + ": "
                + MaturityWording.explanation(maturity, today: today)
            return badge
        case .tooFewToTell(_, let interval, let counted, let maturity):
            return .tooFew(Self.tooFewExplanation(interval, counted: counted, definition: definition, young: maturity != nil))
        }
    }

    /// "Only 20 to go on: at 95% confidence the rate could be anywhere from 0% to 16.1%, which
    /// takes in the target (8% – 12%). Judged from 30 on." For a median: "Only 9 answered:
    /// ... the median ..."; for an average: "Only 4 sales: ... the average ...".
    static func tooFewExplanation(_ range: PlausibleRange, counted: Double, definition: KPIDefinition, young: Bool) -> String {
        let number = Int64(counted.rounded())
        let count = KPIFormatting.grouped(number)
        let (start, figure): (String, String) =
            if definition.key == .firstResponseTime {
                ("Only \(count) answered: ", "median")
            } else if let things = countedThings(definition.key) {
                ("Only \(count) \(number == 1 ? things.one : things.many): ", "average")
            } else {
                ("Only \(count) to go on: ", "rate")
            }
        let judged = "Judged from \(Int(KPIJudgement.judgedSample)) on."
        guard range.isBounded else { return start + "too few to pin the \(figure) down at 95% confidence. " + judged }
        let span = "\(KPIFormatting.value(range.lower, unit: definition.unit)) to \(KPIFormatting.value(range.upper, unit: definition.unit))"
        return start + "at 95% confidence the \(figure) "
            + (young ? "is heading for anywhere from \(span)" : "could be anywhere from \(span)")
            + ", which takes in the target (\(KPIFormatting.target(definition.target, unit: definition.unit))). " + judged
    }

    /// What an average stands on, named: "7 sales" reads where "7 measured" makes one guess.
    static func countedThings(_ key: KPIKey) -> (one: String, many: String)? {
        switch key {
        case .averageSaleValue: ("sale", "sales")
        case .conversationLength: ("conversation", "conversations")
        case .apiResponseTime, .databaseQueryTime: ("reading", "readings")
        case .leadTemperatureScore: ("lead", "leads")
        case .customerSatisfaction: ("survey answer", "survey answers")
        default: nil
        }
    }

    /// "93 of 1,000 leads", "412 answered": what the figure stands on.
    static func sample(_ result: KPIResult, unit: KPIUnit) -> String {
        if result.key == .firstResponseTime, let answered = result.detail("count"), answered > 0 {
            // The median alone hides the slow tail a BDC manager is asked about.
            let p90 = result.detail("p90").map { " · 9 in 10 within \(KPIFormatting.duration(seconds: $0))" } ?? ""
            return "\(KPIFormatting.grouped(Int64(answered.rounded()))) answered\(p90)"
        }
        guard let denominator = result.denominator else { return "" }
        if result.key == .systemUptime {
            // Seconds of up time read as nothing; "up 6 d 8 h of 6 d 9 h watched" reads.
            return "up \(KPIFormatting.duration(seconds: result.numerator ?? 0)) of \(KPIFormatting.duration(seconds: denominator)) watched"
        }
        let counted = Int64(denominator.rounded())
        if result.key == .netPromoterScore, let promoters = result.detail("promoters"), let detractors = result.detail("detractors") {
            // The score alone hides how it came about: 40 promoters and 10 detractors is not 30 and none.
            return "\(KPIFormatting.grouped(Int64(promoters))) promoters, \(KPIFormatting.grouped(Int64(detractors))) detractors of "
                + KPIFormatting.count(Int(counted), "answer", "answers")
        }
        if let things = countedThings(result.key) { return "\(KPIFormatting.grouped(counted)) \(counted == 1 ? things.one : things.many)" }
        switch unit {
        case .ratio where result.key == .aiAssistedRevenueShare:
            return "\(KPIFormatting.dollars(result.numerator ?? 0)) of \(KPIFormatting.dollars(denominator))"
        case .ratio:
            return "\(KPIFormatting.grouped(Int64((result.numerator ?? 0).rounded()))) of \(KPIFormatting.grouped(Int64(denominator.rounded())))"
        case .seconds, .messages, .score, .currency, .rating, .netScore:
            return "\(KPIFormatting.grouped(counted)) measured"
        }
    }
}
