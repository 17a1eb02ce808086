import Foundation
import Hummingbird
import PitwallCharts
import PitwallCore

/// `/outlook`: where the month is heading for leads, texts, sales and revenue against the
/// month before, the week ahead with each store's busiest hour, and how far the same method
/// was off on the weeks just past. The same figures as `GET /v1/outlook`.
struct OutlookPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var periodName: String
        var asOfLabel: String
        var stores: [Option]
        var periods: [Option]
        var asOf: String
        var latest: String
        var canForecast: Bool
        var advice: [String]
        var hasAdvice: Bool
        var metrics: [MetricRow]
        /// Whether any figure has a goal (the configuration's `goals:`), for its columns.
        var hasGoals: Bool
        var charts: [ChartFigure]
        var storeRows: [StoreRow]
        var hasStores: Bool
        var days: [DayRow]
        var dayStores: [String]
        var staffing: [StaffingRow]
        var hasStaffing: Bool
        var staffingDays: [String]
        var staffingTarget: String
        var backtest: [BacktestRow]
        var hasBacktest: Bool
        var weeks: [String]
        var method: String
    }

    struct MetricRow: Sendable {
        var key: String
        var name: String
        var toDate: String
        var expected: String
        /// Unformatted, for scripts and tests to compare with the API.
        var rawExpected: String
        var range: String
        var previous: String
        var change: String?
        var changeTone: String?
        var lastYear: String
        var goal: String
        /// "about 24%", "Reached"; with what it takes on hover.
        var chance: String
        var chanceTitle: String?
        var chanceTone: String?
    }

    struct StoreRow: Sendable {
        var store: String
        var name: String
        var cells: [StoreCell]
    }

    /// A store's expected total, and its own goal's chance where it has one.
    struct StoreCell: Sendable {
        var text: String
        var goal: String?
    }

    struct DayRow: Sendable {
        var date: String
        var label: String
        var holiday: String?
        var leads: String
        var rawLeads: String
        var texts: String
        var busiest: [String]
    }

    /// A store's week ahead of agents: each day's most needed, and where the roster is short.
    struct StaffingRow: Sendable {
        var store: String
        var name: String
        var cells: [StaffingCell]
    }

    struct StaffingCell: Sendable {
        var date: String
        var needed: String
        var words: String
        var short: Bool
    }

    struct BacktestRow: Sendable {
        var key: String
        var name: String
        var cells: [BacktestCell]
        var error: String
        var within: String
    }

    struct BacktestCell: Sendable {
        var forecast: String
        var actual: String
        var missed: Bool
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("outlook", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let query = try OutlookQuery.parse(request, now: now, configuration: dependencies.configuration) { DashboardError.badParameter($0) }
        return renderer.html(try await view(query, session: context.session!, now: now), template: "outlook")
    }

    func view(_ query: OutlookQuery, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let reading = try await OutlookReading(query, rollups: dependencies.rollups, configuration: configuration, now: now)
        let home = query.store.map(configuration.store) ?? configuration.homeStore
        var chrome = PageChrome(title: "Outlook", section: .outlook, session: session, now: now, zone: home)
        // The forecast stands on complete days: it moves once a day, not with each event.
        chrome.liveSpacing = 60_000
        let stores = try await dependencies.knownStores()
        let latest = configuration.today(store: query.store, at: now).adding(days: -1)
        return Self.view(reading, chrome: chrome, stores: stores, latest: latest)
    }

    static func view(_ reading: OutlookReading, chrome: PageChrome, stores: [StoreProfile], latest: CivilDate) -> View {
        let outlook = reading.outlook
        let query = reading.query
        let previousName = outlook.kind.name(outlook.previousPeriod)
        let metrics = outlook.metrics.map { metric in
            let change = metric.changeFromPrevious
            var tone: String?
            if let projected = metric.projected, let previous = metric.previousPeriod {
                // Coloured only when the whole range is on one side: texts sent are neither good nor bad.
                if metric.metric != .textsSent, projected.low > previous { tone = "better" }
                if metric.metric != .textsSent, projected.high < previous { tone = "worse" }
            }
            return MetricRow(
                key: metric.metric.rawValue, name: metric.metric.name, toDate: metric.metric.format(metric.toDate),
                expected: metric.projected.map { metric.metric.format($0.expected) } ?? "–",
                rawExpected: metric.projected.map { JSONWriter.format(OutlookReading.rounded($0.expected)) } ?? "",
                range: metric.projected.map { "\(metric.metric.format($0.low))–\(metric.metric.format($0.high))" } ?? "–",
                previous: metric.previousPeriod.map(metric.metric.format) ?? "–",
                change: change.map { ($0 >= 0 ? "+" : "") + KPIFormatting.percent($0) }, changeTone: tone,
                lastYear: metric.lastYear.map(metric.metric.format) ?? "–", goal: metric.goal.map { metric.metric.format($0.goal) } ?? "–",
                chance: metric.goal.map { $0.isReached ? "Reached" : KPIFormatting.percent($0.chance) } ?? "–",
                chanceTitle: metric.goal.flatMap { $0.isReached ? nil : Outlook.words($0, metric: metric.metric, daysLeft: outlook.daysLeft).capitalizedFirst },
                chanceTone: metric.goal.map { $0.chance >= 0.8 ? "better" : $0.chance < 0.2 ? "worse" : "" })
        }
        let charts = outlook.metrics.filter { $0.projected != nil }.map { chart($0, outlook: outlook, previousName: previousName) }
        let names = { (id: StoreID) in reading.storeNames[id] ?? id.rawValue }
        let storeRows = outlook.stores.map { store in
            StoreRow(
                store: store.store.rawValue, name: names(store.store),
                cells: ForecastMetric.allCases.map { metric in
                    let figure = store.figure(metric)
                    let range = "\(metric.format(figure.projected.low))–\(metric.format(figure.projected.high))"
                    return StoreCell(
                        text: "\(metric.format(figure.projected.expected)) (\(range))",
                        goal: figure.goal.map { "goal \(metric.format($0.goal)): \($0.isReached ? "reached" : "\(KPIFormatting.percent($0.chance)) chance")" })
                })
        }
        let days = outlook.nextDays.map { day in
            DayRow(
                date: day.date.description, label: LocalTimeFormatting.date(day.date, relativeTo: day.date),
                holiday: day.holidayAt.isEmpty ? nil : "Holiday at \(day.holidayAt.map(names).joined(separator: ", "))",
                leads: day.figures[.leads].map { "\(ForecastMetric.leads.format($0.expected)) (\(ForecastMetric.leads.format($0.low))–\(ForecastMetric.leads.format($0.high)))" } ?? "–",
                rawLeads: day.figures[.leads].map { JSONWriter.format(OutlookReading.rounded($0.expected)) } ?? "",
                texts: day.figures[.textsSent].map { ForecastMetric.textsSent.format($0.expected) } ?? "–",
                busiest: outlook.stores.map { store in
                    guard let busiest = day.busiest.first(where: { $0.store == store.store }) else { return "–" }
                    return "\(busiest.hour.zeroPadded(2)):00–\((busiest.hour + 1).zeroPadded(2)):00, about \(KPIFormatting.decimal(busiest.leads, places: 1))"
                })
        }
        let staffing = outlook.stores.map { store in
            StaffingRow(
                store: store.store.rawValue, name: names(store.store),
                cells: outlook.nextDays.map { day in Self.staffingCell(day.staffing.first { $0.store == store.store }, date: day.date) })
        }
        let weeks = outlook.metrics.first { !$0.backtest.isEmpty }?.backtest.map { week in
            "\(week.days.lowerBound.day) \(LocalTimeFormatting.monthNames[week.days.lowerBound.month - 1]) – \(week.days.upperBound.day) \(LocalTimeFormatting.monthNames[week.days.upperBound.month - 1])"
        } ?? []
        let backtest = outlook.metrics.filter { !$0.backtest.isEmpty }.map { metric in
            BacktestRow(
                key: metric.metric.rawValue, name: metric.metric.name,
                cells: metric.backtest.map { week in
                    BacktestCell(
                        forecast: "\(metric.metric.format(week.forecast.low))–\(metric.metric.format(week.forecast.high))",
                        actual: metric.metric.format(week.actual), missed: !week.forecast.contains(week.actual))
                },
                error: metric.meanAbsolutePercentageError.map(KPIFormatting.percent) ?? "–",
                within: "\(metric.withinRange) of \(metric.backtest.count)")
        }
        let asOf = outlook.asOf
        return View(
            chrome: chrome, periodName: outlook.kind.name(outlook.period),
            asOfLabel: "from the days through \(LocalTimeFormatting.weekdayNames[asOf.isoWeekday - 1]) \(LocalTimeFormatting.longDate(asOf)); \(outlook.daysDone) of \(outlook.daysDone + outlook.daysLeft) days done",
            stores: ScorecardFilters.storeOptions(stores, chosen: query.store),
            periods: OutlookPeriod.allCases.map { Option(value: $0.rawValue, label: $0 == .month ? "This month" : "This week", selected: $0 == query.kind) },
            asOf: asOf.description, latest: latest.description, canForecast: outlook.metrics.contains { $0.projected != nil }, advice: reading.advice, hasAdvice: !reading.advice.isEmpty,
            metrics: metrics, hasGoals: outlook.metrics.contains { $0.goal != nil }, charts: charts, storeRows: storeRows, hasStores: storeRows.count > 1, days: days,
            dayStores: outlook.stores.map { names($0.store) },
            staffing: staffing, hasStaffing: outlook.nextDays.contains { !$0.staffing.isEmpty },
            staffingDays: outlook.nextDays.map { LocalTimeFormatting.date($0.date, relativeTo: $0.date) },
            staffingTarget: outlook.staffingTarget.words, backtest: backtest, hasBacktest: !backtest.isEmpty, weeks: weeks,
            method: "Each weekday's mean over the last \(Outlook.learningDays) complete days (holidays left out), for each store; "
                + "the range is where the total falls four times in five if the coming days vary as those did. "
                + "It sees the week's rhythm, not a campaign starting or a feed breaking: the weeks below show how far off it has been.")
    }

    /// "up to 3 agents; short 10:00–13:00 (2 on shift)", "closed", or without a roster just the agents.
    static func staffingCell(_ staffing: StoreStaffing?, date: CivilDate) -> StaffingCell {
        guard let staffing else { return StaffingCell(date: date.description, needed: "", words: "–", short: false) }
        guard !staffing.hours.isEmpty else { return StaffingCell(date: date.description, needed: "0", words: "closed", short: false) }
        let most = staffing.mostNeeded
        guard most > 0 else { return StaffingCell(date: date.description, needed: "0", words: "no leads expected", short: false) }
        var words = "up to \(KPIFormatting.count(most, "agent", "agents"))"
        let gaps = staffing.gaps(on: date)
        if !gaps.isEmpty {
            words += "; short " + gaps.map { "\($0.hours) (\($0.rostered) on shift)" }.joined(separator: ", ")
        } else if staffing.hours.contains(where: { $0.rostered != nil }) {
            words += ", covered"
        }
        return StaffingCell(date: date.description, needed: "\(most)", words: words, short: !gaps.isEmpty)
    }

    /// The period's running total: so far, then as forecast (dashed, with its range), beside
    /// the period before's.
    static func chart(_ metric: MetricOutlook, outlook: Outlook, previousName: String) -> ChartFigure {
        let dates = Outlook.dates(outlook.period)
        var running = 0.0
        var line: [Double?] = metric.daily.map { running += $0; return running }
        let known = line.count
        for value in metric.expectedDaily {
            running += value
            line.append(running)
        }
        let projected = metric.projected!
        // The likely range opens from the total so far to the end's range, drawn widening day by day.
        let bound = { (end: Double) -> [Double?] in
            dates.indices.map { index -> Double? in
                if index < known - 1 { return nil }
                if index == known - 1 { return metric.toDate }
                let share = Double(index - known + 1) / Double(metric.expectedDaily.count)
                return line[index].map { $0 + (end - projected.expected) * share }
            }
        }
        var series = [
            ChartSeries(name: outlook.kind.name(outlook.period), values: line, provisionalFrom: known),
            ChartSeries(name: "Likely low", values: bound(projected.low), colour: "#8c959f", provisionalFrom: 0),
            ChartSeries(name: "Likely high", values: bound(projected.high), colour: "#8c959f", provisionalFrom: 0),
        ]
        if !metric.previousDaily.isEmpty {
            var before = 0.0
            let previous = metric.previousDaily.map { before += $0; return before }
            series.append(ChartSeries(name: previousName, values: previous.prefix(dates.count).map { Optional($0) }, colour: "#d0d7de"))
        }
        let svg = LineChart(
            labels: dates.map { "\($0.day)" }, series: series, width: 480, height: 220,
            title: "\(metric.metric.name), running total over \(outlook.kind.name(outlook.period)): so far, then as forecast (dashed) with its likely range",
            fromZero: true, format: { metric.metric.format($0) }
        ).svg
        return ChartFigure(caption: "\(metric.metric.name), running total", svg: svg)
    }
}
