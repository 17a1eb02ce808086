import Foundation
import Hummingbird
import PitwallCharts
import PitwallCore

/// `/kpis/{key}`: one KPI over time, broken down by a lead attribute, and its definition:
/// formula, target, thresholds and every change to them.
struct KPIDetailPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var key: String
        var name: String
        var value: String
        var raw: String
        var badge: StatusBadge
        var sample: String
        /// While the window's leads are young: how much is in, where it is heading, and why.
        var comingIn: String?
        /// The figure of the compared window beside the headline, and which way it moved.
        var compared: ComparedFigure?
        var details: [Figure]
        var windowLabel: String
        var formula: String
        var unit: String
        var target: String
        var thresholds: String
        var review: String
        var version: Int
        var changes: [Change]
        var isSystem: Bool
        var isUptime: Bool
        /// For uptime: each time a component was down or degraded in the window.
        var outages: [OutageRow]
        var hasOutages: Bool
        var trend: String
        /// Which of the trend's latest days are still coming in, when some are.
        var trendNote: String?
        /// What the trend's grey line is, when the page compares: "the same days a year before (1 Nov – 30 Nov 2025)".
        var comparedLine: String?
        /// "day for day", or "hour for hour" for a one-day window.
        var trendStep: String
        /// Whose clock the trend's days or hours are on, and what it draws when not the window itself.
        var trendClock: String?
        /// How many changes made to this figure the trend marks, and the page that judges them.
        var changesMarked: String?
        var changesLink: String
        var breakdowns: [Option]
        var byLabel: String
        var groups: [GroupRow]
        var hasGroups: Bool
        /// Why a segment cannot be split by the breakdown asked for, and where to look instead.
        var crossed: CrossedBreakdown?
        var breakdownChart: String
        /// Said under the breakdown's chart when its stores are judged by different targets.
        var breakdownNote: String?
        /// On a sales KPI broken down by source, campaign or store: the same groups' spend and
        /// return, where the money that bought those sales is.
        var spendLink: String?
        /// What the figure is made of, day by day (messages by latest status), where that helps.
        var parts: String?
        var back: String
        var filterQuery: String
        /// On the temperature's page: whether the score foretells sales.
        var temperatureCheck: TemperatureCheckView? = nil
    }

    /// Rollups count leads by one attribute at a time: source by agent is not among them.
    struct CrossedBreakdown: Sendable {
        var text: String
        var everyLink: String
        var everyLabel: String
        var byStoreLink: String
    }

    /// Nil when the breakdown can be drawn within the page's segment (or there is none).
    static func crossedBreakdown(filters: ScorecardFilters, by: (SegmentDimension?, String), names: DisplayNames) -> CrossedBreakdown? {
        guard let segment = filters.segment, let dimension = by.0, dimension != segment.dimension,
              !LeadSegment.countsTogether(segment.dimension, dimension), let label = filters.segmentLabel(names)
        else { return nil }
        return CrossedBreakdown(
            text: "Pitwall counts leads by one attribute at a time, so it cannot split \(label) by \(by.1.lowercased()).",
            everyLink: "?\(filters.query([segment.dimension.rawValue: nil, "by": dimension.rawValue]))",
            everyLabel: "Every \(segment.dimension.words) by \(by.1.lowercased())",
            byStoreLink: "?\(filters.query(["by": "store"]))")
    }

    struct ComparedFigure: Sendable {
        /// "The window before (20 Nov – 26 Nov 2026)".
        var label: String
        var value: String
        var change: String
        var title: String?
        /// "better" or "worse"; nil when neither is worth a colour.
        var direction: String?
    }

    struct Change: Sendable {
        var version: Int
        var date: String
        var summary: String
        var reason: String
    }

    struct GroupRow: Sendable {
        /// The store id or segment value as the API names it ("" for leads without one).
        var group: String
        /// As the page shows it: the store's name, the source's configured name, or the value.
        var name: String
        var value: String
        var raw: String
        var sample: String
        var badge: StatusBadge
        var link: String?
        /// A store held to its own target (or, for SLA attainment, its own SLAs) says which, beside its name.
        var ownRules: String? = nil
    }

    static let breakdowns: [(SegmentDimension?, String)] = [
        (nil, "Store"), (.source, "Source"), (.campaign, "Campaign"), (.agent, "Agent"), (.region, "Region"), (.tier, "Tier"),
        (.vehicleCondition, "New / used"), (.hour, "Hour of day"), (.dayType, "Weekday / weekend"), (.responseBucket, "Response time"),
        (.notifiedVia, "Told by"),
    ]

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("kpis/{key}", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let raw = try context.parameters.require("key")
        guard let key = KPIKey(rawValue: raw), !configuration.kpiCatalog[key].reserved else {
            throw DashboardError.notFound("There is no KPI called '\(raw)'. The scorecard lists them all.")
        }
        let filters = try ScorecardFilters(request: request, configuration: configuration, now: now)
        // One store's page shows that store's own target and its change log.
        let catalog = configuration.kpiCatalog(for: filters.store)
        let definition = catalog[key]
        let today = configuration.today(store: filters.store, at: now)
        // Within a segment only a split by store is there to show unless asked otherwise; an
        // agent's own speed is split by agent, the rest by source.
        let byName = request.query("by") ?? (filters.segment == nil ? (key == .agentPickupWithinSLA ? "agent" : "source") : "store")
        guard let by = Self.breakdowns.first(where: { ($0.0?.rawValue ?? "store") == byName }) else {
            throw DashboardError.badParameter(
                ParameterError(name: "by", reason: "'\(byName)' is not one of \(Self.breakdowns.map { $0.0?.rawValue ?? "store" }.joined(separator: ", "))"))
        }
        let series = KPISeries(catalog: catalog)
        let rows = try await filters.rows(from: dependencies.rollups)
        let maturity = try await dependencies.maturityBasis(store: filters.store, now: now)
        var results = series.results(rows, days: filters.window.days, maturity: maturity)
        var comparedResults = filters.compared.map { series.results(rows, days: $0.days, maturity: maturity) }
        let format: ChartValueFormat = { KPIFormatting.value($0, unit: definition.unit) }
        let band = ChartBand(low: definition.target.min, high: definition.target.max, ceiling: definition.unit == .ratio ? 1 : nil)
        let steps: AxisSteps = definition.unit == .seconds ? .duration : .decimal

        var groups: [GroupRow] = []
        var outages: [OutageRow] = []
        var trend = ""
        var breakdownChart = ""
        var breakdownNote: String?
        var parts: String?
        var crossed: CrossedBreakdown?
        let comparedPhrase = filters.compared.map { compared in
            let phrase = filters.window.dayCount == 1 && filters.comparison == .previous ? "the day before" : (filters.comparison ?? .previous).phrase
            return "\(phrase) (\(compared.label))"
        }
        var comparedLine = comparedPhrase
        let trendStep = filters.window.dayCount == 1 ? "hour for hour" : "day for day"
        var trendClock: String?
        var changesMade: [ProcessChange] = []
        if key.isSystemHealth {
            let query = KPIQuery(from: filters.window.from, to: filters.window.to, store: filters.store, comparison: filters.comparison)
            let evidence = try await dependencies.store.systemHealthEvidence(covering: query.systemHealthSpans)
            let report = KPIReport(query: query, catalog: catalog, groups: [KPIGroupReport(group: nil, results: results, previous: comparedResults, catalog: catalog)])
                .withSystemHealth(evidence, now: now, span: configuration.systemHealthDays)
            (results, comparedResults) = (report.overall, report.groups[0].previous)
            let timeline = SystemHealthTimeline(evidence, store: filters.store)
            if filters.window.dayCount == 1 {
                trendClock = "Hours are the store's own; over every store, \(Self.groupClock(configuration))."
                trend = Self.hourlyTrend(filters: filters, band: band, steps: steps, format: format, name: definition.name) { day in
                    catalog.systemSeries(timeline, spans: configuration.systemHealthHours(store: filters.store, on: day), now: now)[key] ?? []
                }
            } else {
                trendClock = "Days are the store's own; over every store, \(Self.groupClock(configuration))."
                trend = Self.trend(key: key, filters: filters, band: band, steps: steps, format: format, name: definition.name) { buckets in
                    let spans = buckets.map { configuration.systemHealthDays(store: filters.store, from: $0.lowerBound, to: $0.upperBound) }
                    return catalog.systemSeries(timeline, spans: spans, now: now)[key] ?? []
                }
            }
            if key == .systemUptime {
                let report = SystemOutageReport(
                    timeline, from: filters.window.from, to: filters.window.to,
                    days: configuration.systemHealthDays(store: filters.store, from: filters.window.from, to: filters.window.to), now: now)
                outages = Self.outages(report, configuration: configuration, now: now)
            }
        } else {
            let stillComingIn = maturity.firstDayStillComingIn(key, today: today, store: filters.store ?? configuration.homeStore.id, segment: filters.segment)
            // One day is drawn hour by hour; within a segment, whose leads are counted by day
            // only, as the two weeks it ends.
            var drawn = filters
            if filters.window.dayCount == 1, let segment = filters.segment {
                drawn.window = ReportingWindow(preset: .custom, from: filters.window.to.adding(days: -13), to: filters.window.to)
                drawn.comparison = nil
                comparedLine = nil
                trendClock =
                    "Leads of one \(segment.dimension.words) are counted by day, not by hour:"
                    + " the line shows the two weeks to \(LocalTimeFormatting.longDate(filters.window.to))."
            }
            if filters.window.dayCount == 1, filters.segment == nil {
                trendClock = "Each lead counts in the hour it came in, on its store's clock."
                trend = Self.hourlyTrend(
                    filters: filters, band: band, steps: steps, format: format, name: definition.name, stillComingIn: stillComingIn,
                    values: Self.hourly(key, rows: try await filters.hourRows(from: dependencies.rollups), series: series))
            } else {
                // The changes made to this figure on the days drawn, of the page's leads: every
                // store's and the store's; with a segment, those of every lead and of that segment.
                changesMade = try await dependencies.changes.processChanges(days: drawn.window.from...drawn.window.to, store: filters.store).filter { change in
                    change.figure == key
                        && (change.segment == nil || filters.segment.map { $0.dimension == change.segment?.dimension && $0.value == change.segment?.value } ?? true)
                }
                trend = Self.trend(
                    key: key, filters: drawn, band: band, steps: steps, format: format, name: definition.name, stillComingIn: stillComingIn, changes: changesMade,
                    storeName: { configuration.store($0).name }
                ) { buckets in
                    guard let first = buckets.first, let last = buckets.last else { return [] }
                    if buckets.allSatisfy({ $0.lowerBound == $0.upperBound }) {
                        return series.daily(rows, days: first.lowerBound.daysSinceEpoch...last.lowerBound.daysSinceEpoch)[key] ?? []
                    }
                    return buckets.map { series.results(rows, days: $0.daysSinceEpoch)[key]?.value }
                }
            }
            if key == .messageDeliveryRate || key == .messageFailureRate { parts = Self.messageOutcomes(rows, window: filters.window) }
            let breakdown = try await self.breakdown(
                of: definition, filters: filters, by: by, series: series, maturity: maturity, today: today, band: band, steps: steps, format: format)
            (groups, breakdownChart, breakdownNote, crossed) = (breakdown.groups, breakdown.chart, breakdown.note, breakdown.crossed)
        }
        let result = results.first { $0.key == key }!
        var compared: ComparedFigure?
        if let phrase = comparedPhrase, let before = comparedResults?.first(where: { $0.key == key }) {
            compared = ComparedFigure(
                label: phrase.capitalizedFirst,
                value: KPIFormatting.value(before.value, unit: definition.unit),
                change: MaturityWording.change(now: result, before: before, unit: definition.unit),
                title: MaturityWording.changeTitles(now: result, before: before, definition: definition, comparison: filters.comparison ?? .previous),
                direction: result.shownDirection(from: before, definition: definition)?.rawValue)
        }
        var temperatureCheck: TemperatureCheckView?
        if key == .leadTemperatureScore {
            let reading = try await TemperatureCheckReading(
                filters.window.from...filters.window.to, store: filters.store, segment: filters.segment, dependencies: dependencies, maturity: maturity)
            temperatureCheck = Self.temperatureCheck(reading, today: today)
        }
        let thresholds = [
            definition.bands.redBelow.map { "red below \(format($0))" }, definition.bands.redAbove.map { "red above \(format($0))" },
        ].compactMap { $0 }
        var form = try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/kpis/\(key.rawValue)", by: byName)
        if result.value == nil { try await form.explainEmpty(filters, dependencies: dependencies, now: now) }
        let view = View(
            chrome: PageChrome(
                title: definition.name, section: .scorecard, session: context.session!, now: now,
                zone: filters.store.map(configuration.store) ?? configuration.homeStore),
            form: form,
            key: key.rawValue, name: definition.name, value: KPIFormatting.value(result.value, unit: definition.unit),
            raw: result.value.map(JSONWriter.format) ?? "", badge: ScorecardPage.badge(result, definition: definition, today: today),
            sample: ScorecardPage.sample(result, unit: definition.unit), comingIn: Self.comingIn(result, today: today), compared: compared,
            details: result.details.map { detail in
                let wording = KPIDetailWording(detail.name, of: key)
                return Figure(key: detail.name, label: wording.label, value: Self.detail(detail, unit: definition.unit), meaning: wording.meaning)
            },
            windowLabel: filters.window.label, formula: definition.formula, unit: definition.unit.rawValue,
            target: KPIFormatting.target(definition.target, unit: definition.unit),
            thresholds: (["yellow outside the target"] + thresholds).joined(separator: ", "), review: definition.reviewFrequency,
            version: definition.version,
            changes: definition.changes.reversed().map {
                Change(version: $0.version, date: LocalTimeFormatting.longDate($0.date), summary: $0.summary, reason: $0.reason)
            },
            isSystem: key.isSystemHealth, isUptime: key == .systemUptime, outages: outages, hasOutages: !outages.isEmpty, trend: trend,
            trendNote: Self.trendNote(
                key, maturity: maturity, window: filters.window, today: today, store: filters.store ?? configuration.homeStore.id,
                segment: filters.segment),
            comparedLine: comparedLine, trendStep: trendStep, trendClock: trendClock,
            changesMarked: changesMade.isEmpty
                ? nil
                : "A dashed upright line marks each change made to this figure on these days (\(KPIFormatting.count(changesMade.count, "change", "changes")));"
                    + " hover over its dot for what changed, or see",
            changesLink: "/changes" + (filters.store.map { "?store=" + SessionMiddleware.percentEncoded($0.rawValue) } ?? ""),
            breakdowns: Self.breakdowns.map { Option(value: $0.0?.rawValue ?? "store", label: $0.1, selected: $0.1 == by.1) },
            byLabel: by.1, groups: groups, hasGroups: !groups.isEmpty, crossed: crossed, breakdownChart: breakdownChart, breakdownNote: breakdownNote,
            spendLink: Self.spendLink(key, by: by.0, filters: filters), parts: parts, back: "/kpis?\(filters.query())",
            filterQuery: filters.query(), temperatureCheck: temperatureCheck)
        return renderer.html(view, template: "kpi")
    }

    /// `/spend` for the same window and store, grouped as this breakdown is, on the KPIs a
    /// lead's cost is spent to win; nil elsewhere, and within a segment, which spend is not
    /// narrowed to.
    static func spendLink(_ key: KPIKey, by dimension: SegmentDimension?, filters: ScorecardFilters) -> String? {
        guard [.leadToSaleConversion, .averageSaleValue, .aiAssistedRevenueShare].contains(key), filters.segment == nil else { return nil }
        let grouping: String
        switch dimension {
        case nil: grouping = "store"
        case .source?: grouping = "source"
        case .campaign?: grouping = "campaign"
        default: return nil
        }
        return "/spend?" + filters.query(["compare": nil, "by": grouping == "source" ? nil : grouping])
    }

    /// Beside a store's name in a breakdown by store: the target it is judged by when it is its
    /// own, and, for SLA attainment, the SLAs its leads are held to when they are its own.
    static func ownRules(of store: StoreID?, key: KPIKey, judgedBy: KPIDefinition, group: KPIDefinition, configuration: PitwallConfiguration) -> String? {
        var parts: [String] = []
        if judgedBy.target != group.target { parts.append("own target " + KPIFormatting.target(judgedBy.target, unit: group.unit)) }
        if key.isHeldToSLA, let store, let own = configuration.responseTime.ownSLAs(at: store) { parts.append("own SLA " + own) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// Whose clock the system KPIs of every store are counted on: "those of Lakeside Toyota
    /// (America/Chicago), the dashboard's clock".
    static func groupClock(_ configuration: PitwallConfiguration) -> String {
        guard !configuration.stores.isEmpty else { return "UTC" }
        return "those of \(configuration.homeStore.name) (\(configuration.homeStore.timeZone.identifier)), the dashboard's clock"
    }

    /// "about 37% of sales in so far, heading for about 5.1%. 9 in 10 sales come within ...".
    static func comingIn(_ result: KPIResult, today: CivilDate) -> String? {
        guard let maturity = result.maturity, maturity.isStillComingIn else { return nil }
        let heading = MaturityWording.heading(maturity, value: result.value).map { ", \($0)" } ?? ""
        return "\(maturity.progress)\(heading). \(MaturityWording.explanation(maturity, today: today))"
    }

    static func detail(_ detail: KPIDetail, unit: KPIUnit) -> String {
        guard let value = detail.value else { return "–" }
        switch detail.name {
        case "p90", "p95", "mean", "max", "downtime", "mean_seconds", "median_seconds", "p90_seconds": return KPIFormatting.value(value, unit: unit == .ratio ? .seconds : unit)
        case "within_sla": return KPIFormatting.percent(value)
        default: return value == value.rounded() ? KPIFormatting.grouped(Int64(value)) : KPIFormatting.decimal(value, places: 2)
        }
    }
}
