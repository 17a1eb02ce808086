/// Where the month (or week) is heading, and the week ahead: the executives' "will we make
/// it?" and the BDC manager's "how many leads tomorrow, and when?". Forecast from the complete
/// days only, through `asOf`, so the same question asked twice gives the same answer all day
/// and a past outlook can be checked against what happened (the backtest).
public struct Outlook: Sendable {
    /// Eight of each weekday: enough to steady a weekday's mean, recent enough to follow the season.
    public static let learningDays = 56
    public static let backtestWeeks = 4
    public static let daysAhead = 7
    /// How far back a store's past holidays are read, to learn what a holiday brings.
    public static let holidayYear = 365

    /// The last complete day.
    public let asOf: CivilDate
    public let kind: OutlookPeriod
    public let period: ClosedRange<CivilDate>
    public let previousPeriod: ClosedRange<CivilDate>
    public let lastYearPeriod: ClosedRange<CivilDate>
    /// The group's (or the one store's) figures, one per metric in `ForecastMetric` order.
    public let metrics: [MetricOutlook]
    /// Each store forecast, in order.
    public let stores: [StoreOutlook]
    /// Stores with too little history to forecast.
    public let notForecast: [NotForecast]
    public let nextDays: [DayOutlook]
    /// What the week ahead's agents are planned for.
    public let staffingTarget: StaffingTarget

    /// The local days an outlook as of `asOf` reads: the learning and backtest weeks, the
    /// year of holidays before them, the period so far and the whole period before it.
    public static func historyDays(asOf: CivilDate, kind: OutlookPeriod) -> ClosedRange<CivilDate> {
        let period = kind.days(containing: asOf.adding(days: 1))
        // A year: the holidays of the last year teach what the next one brings.
        let earliest = Swift.min(asOf.adding(days: 1 - holidayYear - 7 * backtestWeeks), kind.before(period).lowerBound)
        return earliest...asOf
    }

    /// - Parameters:
    ///   - history: the rows of `historyDays(asOf:kind:)`.
    ///   - lastYear: the rows of the same period a year before (`kind.yearBefore`), or none.
    ///   - hourRows: the `hour` rollup rows of the last `learningDays` days through `asOf`.
    ///   - stores: the stores to forecast (the group's, or the one asked for).
    ///   - goals: the month's goals of the group or the store (a week has none).
    ///   - storeGoals: each store's own month goals, for the group's store table.
    ///   - roster, staffing: the agents on shift and the answer-time target the week ahead's
    ///     staffing is planned against.
    public init(
        asOf: CivilDate, kind: OutlookPeriod, history: DailyHistory, lastYear: DailyHistory, hourRows: [RollupRow], stores: [StoreProfile],
        goals: [ForecastMetric: Double] = [:], storeGoals: [StoreID: [ForecastMetric: Double]] = [:], roster: AgentRoster = AgentRoster(),
        staffing: StaffingTarget = StaffingTarget()
    ) {
        self.asOf = asOf
        self.kind = kind
        staffingTarget = staffing
        let period = kind.days(containing: asOf.adding(days: 1))
        self.period = period
        let previous = kind.before(period)
        let lastYearDays = kind.yearBefore(period)
        previousPeriod = previous
        lastYearPeriod = lastYearDays
        let learning = Learning(history: history, stores: stores)

        let now = learning.patterns(through: asOf)
        notForecast = stores.compactMap { store in
            guard now.patterns[store.id] == nil else { return nil }
            let first = history.firstDay[store.id]
            return NotForecast(store: store.id, daysOfHistory: first.map { Swift.max(0, Int($0.daysSinceEpoch.distance(to: asOf.daysSinceEpoch)) + 1) } ?? 0)
        }
        let rest = asOf < period.upperBound ? Self.dates(asOf.adding(days: 1)...period.upperBound) : []
        let done = period.lowerBound <= asOf ? period.lowerBound...asOf : nil
        let ids = stores.map(\.id)
        let known = { (metric: ForecastMetric, store: StoreID?, days: ClosedRange<CivilDate>?) -> Double in
            guard let days else { return 0 }
            return (store.map { [$0] } ?? ids).reduce(0) { $0 + history.total(metric, store: $1, over: days) }
        }
        let earliest = history.firstDay.filter { ids.contains($0.key) }.values.min()
        let previousKnown = earliest.map { $0 <= previous.lowerBound } ?? false
        let backtests = Self.backtest(learning, asOf: asOf)
        let daysDone = done.map { Self.dates($0).count } ?? 0
        let lastYearToDate = daysDone > 0 ? lastYearDays.lowerBound...lastYearDays.lowerBound.adding(days: daysDone - 1) : nil

        metrics = ForecastMetric.allCases.map { metric in
            let toDate = known(metric, nil, done)
            let forecast = now.isEmpty ? nil : now.forecast(metric, rest)
            let day = { (date: CivilDate) in ids.reduce(0) { $0 + history.total(metric, store: $1, over: date...date) } }
            let goal = kind == .month ? goals[metric] : nil
            return MetricOutlook(
                metric: metric, toDate: toDate, rest: forecast?.range(), projected: forecast?.range(plus: toDate),
                goal: goal.flatMap { goal in forecast.map { GoalOutlook(goal: goal, toDate: toDate, rest: $0, daysLeft: rest.count) } },
                daily: done.map { Self.dates($0).map(day) } ?? [],
                expectedDaily: now.isEmpty ? [] : rest.map { now.forecast(metric, [$0]).expected },
                previousDaily: previousKnown ? Self.dates(previous).map(day) : [],
                previousPeriod: previousKnown ? known(metric, nil, previous) : nil,
                lastYear: lastYear.isEmpty ? nil : ids.reduce(0) { $0 + lastYear.total(metric, store: $1, over: lastYearDays) },
                lastYearToDate: lastYear.isEmpty ? nil : lastYearToDate.map { days in ids.reduce(0) { $0 + lastYear.total(metric, store: $1, over: days) } } ?? 0,
                backtest: backtests[metric] ?? [])
        }
        self.stores = stores.compactMap { store in
            guard let patterns = now.patterns[store.id] else { return nil }
            return StoreOutlook(
                store: store.id,
                figures: ForecastMetric.allCases.map { metric in
                    let toDate = known(metric, store.id, done)
                    let forecast = patterns[metric]!.forecast(rest, dispersion: now.dispersion[metric]!)
                    let goal = kind == .month ? storeGoals[store.id]?[metric] : nil
                    return StoreOutlook.Figure(
                        metric: metric, toDate: toDate, projected: forecast.range(plus: toDate),
                        previousPeriod: previousKnown ? known(metric, store.id, previous) : nil,
                        goal: goal.map { GoalOutlook(goal: $0, toDate: toDate, rest: forecast, daysLeft: rest.count) })
                })
        }
        let hours = Dictionary(grouping: hourRows.filter { $0.cell.dimension == .hour }, by: \.cell.store)
        let paces = Dictionary(uniqueKeysWithValues: stores.compactMap { store -> (StoreID, LeadPace)? in
            guard let learned = now.patterns[store.id]?[.leads]?.learned else { return nil }
            return (store.id, LeadPace(rows: hours[store.id] ?? [], days: learned, store: store))
        })
        // A store's leads an hour on `date`: its weekday's pace, a holiday's at the share its holidays bring.
        let hourly = { (store: StoreProfile, date: CivilDate) -> [Double]? in
            guard let hours = paces[store.id]?.perHour[date.isoWeekday - 1] else { return nil }
            let share = store.holidays.contains(date) ? now.patterns[store.id]?[.leads]?.holidayShare ?? 1 : 1
            return hours.map { $0 * share }
        }
        nextDays = Self.dates(asOf.adding(days: 1)...asOf.adding(days: Self.daysAhead)).map { date in
            DayOutlook(
                date: date, holidayAt: stores.filter { $0.holidays.contains(date) }.map(\.id),
                figures: now.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: ForecastMetric.allCases.map { ($0, now.forecast($0, [date]).range()) }),
                busiest: stores.compactMap { store in
                    guard let hour = hourly(store, date), let peak = hour.max(), peak > 0 else { return nil }
                    return BusiestHour(store: store.id, hour: hour.firstIndex(of: peak)!, leads: peak)
                },
                staffing: stores.compactMap { store in
                    guard let hours = hourly(store, date), let before = hourly(store, date.adding(days: -1)) else { return nil }
                    return StoreStaffing.plan(
                        date: date, store: store, perHour: hours, nightBefore: StoreStaffing.night(after: date.adding(days: -1), store: store, perHour: before),
                        roster: roster, target: staffing)
                })
        }
    }

    /// What the method would have said at the start of each of the last weeks, from the weeks
    /// before it, against what those weeks brought: how far to trust today's range.
    static func backtest(_ learning: Learning, asOf: CivilDate) -> [ForecastMetric: [BacktestWeek]] {
        var weeks: [ForecastMetric: [BacktestWeek]] = [:]
        for back in (1...backtestWeeks).reversed() {
            let anchor = asOf.adding(days: -7 * back)
            let days = anchor.adding(days: 1)...anchor.adding(days: 7)
            let then = learning.patterns(through: anchor)
            guard !then.isEmpty else { continue }
            for metric in ForecastMetric.allCases {
                let forecast = then.forecast(metric, dates(days))
                let actual = then.order.reduce(0) { $0 + learning.history.total(metric, store: $1, over: days) }
                weeks[metric, default: []].append(BacktestWeek(days: days, forecast: forecast.range(), actual: actual))
            }
        }
        return weeks
    }

    /// Every date of `days`, in order.
    public static func dates(_ days: ClosedRange<CivilDate>) -> [CivilDate] {
        var dates: [CivilDate] = []
        var date = days.lowerBound
        while date <= days.upperBound {
            dates.append(date)
            date = date.adding(days: 1)
        }
        return dates
    }

    /// One metric's figure.
    public func metric(_ metric: ForecastMetric) -> MetricOutlook { metrics.first { $0.metric == metric }! }
}

/// What the stores' history teaches as of one day.
struct Learning {
    let history: DailyHistory
    let stores: [StoreProfile]

    /// What was learned through one day.
    struct Learned {
        /// Each store with enough history, its pattern of each metric.
        var patterns: [StoreID: [ForecastMetric: WeekdayPattern]] = [:]
        /// Those stores in the order given: sums of money come out the same in every process.
        var order: [StoreID] = []
        var dispersion: [ForecastMetric: Double] = [:]

        var isEmpty: Bool { order.isEmpty }

        /// The stores' expected total of `metric` over `dates`, and its variance.
        func forecast(_ metric: ForecastMetric, _ dates: [CivilDate]) -> ForecastSum {
            order.reduce(ForecastSum()) { $0 + patterns[$1]![metric]!.forecast(dates, dispersion: dispersion[metric]!) }
        }
    }

    /// Each store with enough history, its pattern of each metric over the `learningDays`
    /// through `anchor` (from its first day, when that is later); and each metric's spread.
    func patterns(through anchor: CivilDate) -> Learned {
        var patterns: [StoreID: [ForecastMetric: WeekdayPattern]] = [:]
        var order: [StoreID] = []
        var spread = Dictionary(uniqueKeysWithValues: ForecastMetric.allCases.map { ($0, Dispersion()) })
        for store in stores {
            guard let first = history.firstDay[store.id], first <= anchor else { continue }
            let learned = Swift.max(first, anchor.adding(days: 1 - Outlook.learningDays))...anchor
            let pastHolidays = store.holidays.filter { $0 >= first && $0 <= anchor && $0 > anchor.adding(days: -Outlook.holidayYear) }.sorted()
            var byMetric: [ForecastMetric: WeekdayPattern] = [:]
            for metric in ForecastMetric.allCases {
                let value = { (date: CivilDate) in history.value(metric, store: store.id, on: date) }
                byMetric[metric] = WeekdayPattern(learned: learned, holidays: store.holidays, value: value).learningHolidays(pastHolidays, value: value)
            }
            guard byMetric[.leads]!.isEnough else { continue }
            for metric in ForecastMetric.allCases { spread[metric]!.add(byMetric[metric]!) }
            patterns[store.id] = byMetric
            order.append(store.id)
        }
        return Learned(patterns: patterns, order: order, dispersion: Dictionary(uniqueKeysWithValues: spread.map { ($0.key, $0.value.value(for: $0.key)) }))
    }
}

/// One metric of the outlook.
public struct MetricOutlook: Sendable {
    public let metric: ForecastMetric
    /// Counted so far in the period (its complete days).
    public let toDate: Double
    /// The days left, forecast; nil when no store has history enough.
    public let rest: ForecastRange?
    /// `toDate` plus `rest`: where the period ends.
    public let projected: ForecastRange?
    /// Against the month's goal, when one is set and the month can be forecast.
    public let goal: GoalOutlook?
    /// Each complete day of the period so far, and each day left as forecast: the period's
    /// line, drawn beside the period before's (`previousDaily`, empty when not known).
    public let daily: [Double]
    public let expectedDaily: [Double]
    public let previousDaily: [Double]
    /// The whole period before; nil when the history does not reach back to its start.
    public let previousPeriod: Double?
    /// The same period a year before, whole and to the same day; nil without any data then.
    public let lastYear: Double?
    public let lastYearToDate: Double?
    public let backtest: [BacktestWeek]

    /// How far the backtest's forecasts were from what happened, on average, as a share of
    /// what happened (weeks with nothing left out).
    public var meanAbsolutePercentageError: Double? {
        let judged = backtest.filter { $0.actual > 0 }
        guard !judged.isEmpty else { return nil }
        return judged.reduce(0) { $0 + abs($1.forecast.expected - $1.actual) / $1.actual } / Double(judged.count)
    }

    /// Backtest weeks whose outcome fell inside the forecast's 80 % range.
    public var withinRange: Int { backtest.filter { $0.forecast.contains($0.actual) }.count }
}

/// A store left out of the forecast: fewer than two of some weekday in its history.
public struct NotForecast: Sendable, Equatable {
    public let store: StoreID
    /// Days from its first counted day through the outlook's day.
    public let daysOfHistory: Int
}

/// A past week as the method would have forecast it, and what it brought.
public struct BacktestWeek: Sendable {
    public let days: ClosedRange<CivilDate>
    public let forecast: ForecastRange
    public let actual: Double
}

/// One store's figures.
public struct StoreOutlook: Sendable {
    public struct Figure: Sendable {
        public let metric: ForecastMetric
        public let toDate: Double
        public let projected: ForecastRange
        public let previousPeriod: Double?
        /// The store's own goal for the month, in the group's outlook; nil without one.
        public let goal: GoalOutlook?
    }

    public let store: StoreID
    public let figures: [Figure]

    public func figure(_ metric: ForecastMetric) -> Figure { figures.first { $0.metric == metric }! }
}

/// A day ahead.
public struct DayOutlook: Sendable {
    public let date: CivilDate
    /// Stores with a holiday that day: forecast at the share of their weekday that their
    /// holidays of the last year brought (the weekday's own without one), and planned for no
    /// agents where the holiday closes them.
    public let holidayAt: [StoreID]
    /// Empty when no store has history enough.
    public let figures: [ForecastMetric: ForecastRange]
    /// Each store's usual busiest hour of that weekday, on its own clock.
    public let busiest: [BusiestHour]
    /// Each forecast store's open hours: leads, agents needed, agents on the roster.
    public let staffing: [StoreStaffing]
}

public struct BusiestHour: Sendable, Equatable {
    public let store: StoreID
    /// The store's local hour, 0-23.
    public let hour: Int
    /// Leads that hour usually brings.
    public let leads: Double
}

extension MetricOutlook {
    /// The projected total against the whole period before, as a fraction; nil without either.
    public var changeFromPrevious: Double? {
        guard let projected, let previousPeriod, previousPeriod > 0 else { return nil }
        return (projected.expected - previousPeriod) / previousPeriod
    }
}

extension Outlook {
    /// Complete days of the period so far.
    public var daysDone: Int { period.lowerBound <= asOf ? Self.dates(period.lowerBound...Swift.min(asOf, period.upperBound)).count : 0 }

    /// Days of the period still to come, forecast.
    public var daysLeft: Int { Self.dates(period).count - daysDone }
}
