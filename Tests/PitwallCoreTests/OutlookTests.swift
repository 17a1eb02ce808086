import Foundation
import Testing

@testable import PitwallCore

@Suite("The outlook: where the month is heading, the week ahead, and how past forecasts did")
struct OutlookTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let store = StoreProfile(id: "north", name: "North Motors", timeZone: utc)

    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// One whole-store rollup row for a day.
    static func day(_ date: CivilDate, store: StoreID = "north", leads: Int64 = 0, texts: Int64 = 0, sales: Int64 = 0, revenue: Int64 = 0) -> RollupRow {
        var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
        counters[RollupCounter.leads.rawValue] = leads
        counters[RollupCounter.messagesSent.rawValue] = texts
        counters[RollupCounter.salesClosed.rawValue] = sales
        counters[RollupCounter.revenueCents.rawValue] = revenue * 100
        return RollupRow(cell: RollupCell(dimension: .all, value: "", store: store, day: date.daysSinceEpoch), counters: counters, responseTimes: Data())
    }

    /// A store with the same week every week: ten leads a weekday, twenty on Saturday and
    /// none on Sunday (closed); thirty texts a day; a $30,000 sale each day but Sunday.
    static func steadyWeeks(through last: CivilDate, days: Int, store: StoreID = "north") -> [RollupRow] {
        (0..<days).map { back in
            let date = last.adding(days: -back)
            switch date.isoWeekday {
            case 7: return day(date, store: store, texts: 30)
            case 6: return day(date, store: store, leads: 20, texts: 30, sales: 1, revenue: 30_000)
            default: return day(date, store: store, leads: 10, texts: 30, sales: 1, revenue: 30_000)
            }
        }
    }

    /// The `hour` rows of the same weeks: weekdays six leads at 10:00 and four at 15:00, Saturdays all twenty at 11:00.
    static func steadyHours(through last: CivilDate, days: Int, store: StoreID = "north") -> [RollupRow] {
        (0..<days).flatMap { back -> [RollupRow] in
            let date = last.adding(days: -back)
            let hours: [(Int, Int64)] = date.isoWeekday == 7 ? [] : date.isoWeekday == 6 ? [(11, 20)] : [(10, 6), (15, 4)]
            return hours.map { hour, leads in
                var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
                counters[RollupCounter.leads.rawValue] = leads
                return RollupRow(cell: RollupCell(dimension: .hour, value: hour.zeroPadded(2), store: store, day: date.daysSinceEpoch), counters: counters, responseTimes: Data())
            }
        }
    }

    @Test("a weekday's forecast is its mean over the weeks learned; the range adds each day's spread and each mean's own error")
    func weekdayArithmetic() {
        // Two weeks from Monday 2 November 2026.
        let leads: [Double] = [10, 12, 8, 10, 14, 20, 4, 12, 10, 8, 14, 16, 22, 6]
        let start = Self.date("2026-11-02")
        let pattern = WeekdayPattern(learned: start...start.adding(days: 13), holidays: []) { leads[Int(start.daysSinceEpoch.distance(to: $0.daysSinceEpoch))] }
        #expect(pattern.means == [11, 11, 8, 12, 15, 21, 5])
        #expect(pattern.daysSeen == [2, 2, 2, 2, 2, 2, 2])
        #expect(pattern.isEnough)
        // Σ (x − mean)² / mean = 2/11 + 2/11 + 0 + 8/12 + 2/15 + 2/21 + 2/5 over 14 − 7 degrees of freedom.
        #expect(abs(pattern.scaledSquares - (4.0 / 11 + 8.0 / 12 + 2.0 / 15 + 2.0 / 21 + 2.0 / 5)) < 1e-12)
        #expect(pattern.freedom == 7)
        var spread = Dispersion()
        spread.add(pattern)
        // 0.237: calmer than random arrivals, so counts are held to the Poisson floor of 1.
        #expect(spread.value(for: .leads) == 1)
        // The next week: 83 expected; variance 1 × 83 × (1 + 1/2) = 124.5.
        let week = Outlook.dates(start.adding(days: 14)...start.adding(days: 20))
        let sum = pattern.forecast(week, dispersion: 1)
        #expect(sum == ForecastSum(expected: 83, variance: 124.5))
        let range = sum.range(plus: 100)
        #expect(range.expected == 183)
        #expect(abs(range.low - (183 - 1.2815515655446004 * 124.5.squareRoot())) < 1e-9)
        #expect(abs(range.high - (183 + 1.2815515655446004 * 124.5.squareRoot())) < 1e-9)
    }

    @Test("money's spread is estimated with no floor, and a range never goes below zero")
    func moneySpread() {
        let start = Self.date("2026-11-02")
        let pattern = WeekdayPattern(learned: start...start.adding(days: 13), holidays: []) { $0 < start.adding(days: 7) ? 100 : 300 }
        var spread = Dispersion()
        spread.add(pattern)
        // Each day is 100 from its mean of 200: 14 × 100² / 200 over 7 degrees of freedom.
        #expect(spread.value(for: .revenue) == 100)
        #expect(Dispersion().value(for: .revenue) == 0)
        #expect(Dispersion().value(for: .sales) == 1)
        #expect(ForecastSum(expected: 2, variance: 100).range().low == 0)
    }

    @Test("a holiday is left out of its weekday's mean")
    func holidaysLeftOut() {
        let start = Self.date("2026-11-02")
        let christmasLike = start.adding(days: 9)  // a Wednesday
        let pattern = WeekdayPattern(learned: start...start.adding(days: 20), holidays: [christmasLike]) { $0 == christmasLike ? 0 : 9 }
        #expect(pattern.means[2] == 9)
        #expect(pattern.daysSeen[2] == 2)
        #expect(pattern.daysSeen[3] == 3)
    }

    @Test("mid-month: the days so far plus the usual days left, against the month before, with the exact range")
    func midMonth() {
        let asOf = Self.date("2026-12-09")  // a Wednesday
        let history = DailyHistory(rows: Self.steadyWeeks(through: asOf, days: 120))
        let outlook = Outlook(
            asOf: asOf, kind: .month, history: history, lastYear: DailyHistory(rows: []), hourRows: Self.steadyHours(through: asOf, days: 56),
            stores: [Self.store])
        #expect(outlook.period == Self.date("2026-12-01")...Self.date("2026-12-31"))
        #expect(outlook.previousPeriod == Self.date("2026-11-01")...Self.date("2026-11-30"))
        let leads = outlook.metric(.leads)
        // 1-9 December: seven weekdays and a Saturday; 10-31 December: sixteen weekdays (four Thursdays) and three Saturdays.
        #expect(leads.toDate == 90)
        #expect(leads.rest?.expected == 220)
        #expect(leads.projected?.expected == 310)
        // Variance: 10 × 3 × (1 + 3/8) four times for Mon, Tue, Wed and Fri, 10 × 4 × (1 + 4/8) for the
        // four Thursdays, 20 × 3 × (1 + 3/8) for Saturdays: 307.5.
        let spread = 1.2815515655446004 * 307.5.squareRoot()
        #expect(abs(leads.projected!.low - (310 - spread)) < 1e-9)
        #expect(abs(leads.projected!.high - (310 + spread)) < 1e-9)
        // November 2026: 21 weekdays, 4 Saturdays, 5 Sundays.
        #expect(leads.previousPeriod == 290)
        #expect(leads.lastYear == nil && leads.lastYearToDate == nil)
        // Every week alike: each backtest week was forecast exactly.
        #expect(leads.backtest.map(\.actual) == [70, 70, 70, 70])
        #expect(leads.backtest.map(\.forecast.expected) == [70, 70, 70, 70])
        #expect(leads.backtest.first?.days == Self.date("2026-11-12")...Self.date("2026-11-18"))
        #expect(leads.meanAbsolutePercentageError == 0)
        #expect(leads.withinRange == 4)
        // Revenue never varied: a range of no width, and clearly above November.
        let revenue = outlook.metric(.revenue)
        #expect(revenue.toDate == 240_000)
        #expect(revenue.projected == ForecastRange(expected: 810_000, low: 810_000, high: 810_000))
        #expect(revenue.previousPeriod == 750_000)
        #expect(outlook.metric(.textsSent).projected?.expected == 930)
        #expect(outlook.stores.map(\.store) == ["north"])
        #expect(outlook.stores[0].figure(.sales).projected.expected == 27)
        #expect(outlook.notForecast.isEmpty)

        // The week ahead: Thursday 10 December first, ten leads, with each day's own range.
        #expect(outlook.nextDays.map(\.date) == Outlook.dates(Self.date("2026-12-10")...Self.date("2026-12-16")))
        let thursday = outlook.nextDays[0]
        #expect(thursday.figures[.leads]?.expected == 10)
        #expect(abs(thursday.figures[.leads]!.high - (10 + 1.2815515655446004 * 11.25.squareRoot())) < 1e-9)
        #expect(thursday.busiest == [BusiestHour(store: "north", hour: 10, leads: 6)])
        #expect(outlook.nextDays[2].busiest == [BusiestHour(store: "north", hour: 11, leads: 20)])
        #expect(outlook.nextDays[3].busiest.isEmpty)  // Sunday: closed, no leads

        let advice = outlook.advice { $0 == "north" ? "North Motors" : $0.rawValue }
        #expect(advice.contains("New leads: December 2026 is heading for 310 (likely 288–332), too close to call against November 2026's 290."))
        #expect(advice.contains("Revenue: December 2026 is heading for $810,000 (likely $810,000–$810,000), above November 2026's $750,000 even at the bottom of its range (+8%)."))
        #expect(advice.contains("Busiest hour of the next 7 days: Sat 12 Dec 2026, 11:00–12:00 at North Motors, about 20.0 new leads: have agents free then."))
    }

    @Test("on the month's last day the whole next month is forecast; a week outlook looks to Sunday")
    func periodEdges() {
        let asOf = Self.date("2026-11-30")
        let history = DailyHistory(rows: Self.steadyWeeks(through: asOf, days: 120))
        let month = Outlook(asOf: asOf, kind: .month, history: history, lastYear: DailyHistory(rows: []), hourRows: [], stores: [Self.store])
        #expect(month.period.lowerBound == Self.date("2026-12-01"))
        #expect(month.metric(.leads).toDate == 0)
        // December 2026: 23 weekdays, 4 Saturdays.
        #expect(month.metric(.leads).projected?.expected == 310)
        let week = Outlook(asOf: Self.date("2026-12-02"), kind: .week, history: history, lastYear: DailyHistory(rows: []), hourRows: [], stores: [Self.store])
        #expect(week.period == Self.date("2026-11-30")...Self.date("2026-12-06"))
        #expect(week.previousPeriod == Self.date("2026-11-23")...Self.date("2026-11-29"))
        // Monday and Tuesday known (they came from the steady history through 30 November only: 10, then nothing).
        #expect(week.metric(.leads).toDate == 10)
        #expect(week.metric(.leads).previousPeriod == 70)
        #expect(week.lastYearPeriod == Self.date("2025-12-01")...Self.date("2025-12-07"))
    }

    @Test("a change the weeks learned from did not have shows in the backtest, and the advice says to plan on the range")
    func backtestSeesAJump() {
        let asOf = Self.date("2026-12-09")
        let rows = (0..<120).map { back -> RollupRow in
            let date = asOf.adding(days: -back)
            return Self.day(date, leads: back < 7 ? 5 : 10)
        }
        let outlook = Outlook(
            asOf: asOf, kind: .month, history: DailyHistory(rows: rows), lastYear: DailyHistory(rows: []), hourRows: [], stores: [Self.store])
        let leads = outlook.metric(.leads)
        #expect(leads.backtest.map(\.actual) == [70, 70, 70, 35])
        #expect(leads.backtest.map(\.forecast.expected) == [70, 70, 70, 70])
        #expect(leads.meanAbsolutePercentageError == 0.25)
        #expect(leads.withinRange == 3)
        let advice = outlook.advice { $0.rawValue }
        #expect(advice.first?.hasSuffix("; past weeks' forecasts of it were 25% off on average, so plan on the range, not the figure.") == true)
    }

    @Test("a store with too little history is named and left out of the forecast, not of the figures so far; stores add up")
    func newStore() {
        let asOf = Self.date("2026-12-09")
        let south = StoreProfile(id: "south", name: "South Motors", timeZone: Self.utc)
        let rows = Self.steadyWeeks(through: asOf, days: 120) + Self.steadyWeeks(through: asOf, days: 120, store: "east")
            + (0..<10).map { Self.day(asOf.adding(days: -$0), store: "south", leads: 3) }
        let east = StoreProfile(id: "east", timeZone: Self.utc)
        let outlook = Outlook(
            asOf: asOf, kind: .month, history: DailyHistory(rows: rows), lastYear: DailyHistory(rows: []), hourRows: [], stores: [Self.store, east, south])
        #expect(outlook.notForecast == [NotForecast(store: "south", daysOfHistory: 10)])
        let leads = outlook.metric(.leads)
        #expect(leads.toDate == 90 + 90 + 27)
        #expect(leads.rest?.expected == 440)
        #expect(abs(leads.rest!.high - 440 - 1.2815515655446004 * (2 * 307.5).squareRoot()) < 1e-9)
        // The group's history reaches back past November: its November includes South's first day.
        #expect(leads.previousPeriod.map { $0 - 583 } == 0)
        #expect(outlook.stores.map(\.store) == ["north", "east"])
        let advice = outlook.advice { $0 == "south" ? "South Motors" : $0.rawValue }
        #expect(advice.last == "South Motors is not forecast: 10 days of history, and a forecast needs each weekday seen at least 2 times.")
    }

    @Test("with no history at all there is nothing to forecast and nothing is claimed")
    func nothing() {
        let outlook = Outlook(
            asOf: Self.date("2026-12-09"), kind: .month, history: DailyHistory(rows: []), lastYear: DailyHistory(rows: []), hourRows: [],
            stores: [Self.store])
        #expect(outlook.metrics.allSatisfy { $0.projected == nil && $0.toDate == 0 && $0.backtest.isEmpty })
        #expect(outlook.nextDays.allSatisfy { $0.figures.isEmpty })
        #expect(outlook.advice { $0.rawValue } == ["north is not forecast: 0 days of history, and a forecast needs each weekday seen at least 2 times."])
    }

    @Test("last year's same month, whole and to the same day")
    func lastYear() {
        let asOf = Self.date("2026-12-09")
        let lastYear = DailyHistory(rows: (0..<31).map { Self.day(Self.date("2025-12-01").adding(days: $0), leads: 2) })
        let outlook = Outlook(
            asOf: asOf, kind: .month, history: DailyHistory(rows: Self.steadyWeeks(through: asOf, days: 120)), lastYear: lastYear, hourRows: [],
            stores: [Self.store])
        #expect(outlook.lastYearPeriod == Self.date("2025-12-01")...Self.date("2025-12-31"))
        #expect(outlook.metric(.leads).lastYear == 62)
        #expect(outlook.metric(.leads).lastYearToDate == 18)
    }

    @Test("a goal: the chance of reaching it from the forecast's spread, and what each day left must bring")
    func goalArithmetic() {
        // 18 so far, 44 expected over 22 days with variance 61.5; a goal of 80 needs 62 more:
        // P(Normal(44, 61.5) ≥ 62) = 0.5 × erfc(18 / √123).
        let far = GoalOutlook(goal: 80, toDate: 18, rest: ForecastSum(expected: 44, variance: 61.5), daysLeft: 22)
        #expect(abs(far.chance - 0.01085865127704543) < 1e-12)
        #expect(abs(far.neededPerDay! - 62.0 / 22) < 1e-12 && far.usualPerDay == 2)
        #expect(!far.isReached)
        let reached = GoalOutlook(goal: 10, toDate: 18, rest: ForecastSum(expected: 44, variance: 61.5), daysLeft: 22)
        #expect(reached.chance == 1 && reached.neededPerDay == 0 && reached.isReached)
        // No spread at all: certain either way.
        #expect(GoalOutlook(goal: 100, toDate: 0, rest: ForecastSum(expected: 100, variance: 0), daysLeft: 5).chance == 1)
        #expect(GoalOutlook(goal: 101, toDate: 0, rest: ForecastSum(expected: 100, variance: 0), daysLeft: 5).chance == 0)
        // The month's last day: nothing left to do.
        let over = GoalOutlook(goal: 101, toDate: 100, rest: ForecastSum(), daysLeft: 0)
        #expect(over.chance == 0 && over.neededPerDay == nil && !over.isReached)
    }

    @Test("the month's goals are judged in the outlook and said in its advice; a week has none")
    func goalsInTheOutlook() {
        let asOf = Self.date("2026-12-09")
        let history = DailyHistory(rows: Self.steadyWeeks(through: asOf, days: 120))
        let goals: [ForecastMetric: Double] = [.leads: 300, .revenue: 800_000]
        let outlook = Outlook(
            asOf: asOf, kind: .month, history: history, lastYear: DailyHistory(rows: []), hourRows: [], stores: [Self.store], goals: goals)
        // 210 more leads needed, 220 expected with variance 307.5.
        let leads = try! #require(outlook.metric(.leads).goal)
        #expect(abs(leads.chance - 0.5 * erfc(-10 / (2 * 307.5).squareRoot())) < 1e-12)
        #expect(abs(leads.neededPerDay! - 210.0 / 22) < 1e-12 && leads.usualPerDay == 10)
        #expect(outlook.metric(.sales).goal == nil)
        let advice = outlook.advice { $0.rawValue }
        #expect(advice.contains(
            "New leads: December 2026 is heading for 310 (likely 288–332), too close to call against November 2026's 290; "
                + "the chance of reaching the goal of 300 is about 71.6%: it needs 9.5 a day for the 22 days left, against the usual 10.0."))
        #expect(advice.contains { $0.hasPrefix("Revenue: ") && $0.hasSuffix("; the chance of reaching the goal of $800,000 is over 99%: it needs $25,455 a day for the 22 days left, against the usual $25,909.") })
        let week = Outlook(asOf: asOf, kind: .week, history: history, lastYear: DailyHistory(rows: []), hourRows: [], stores: [Self.store], goals: goals)
        #expect(week.metrics.allSatisfy { $0.goal == nil })
    }

    @Test("a holiday to come brings what the store's past holidays brought against their weekdays")
    func holidaysToCome() {
        let asOf = Self.date("2026-12-09")
        let thanksgiving = Self.date("2026-11-26")
        let christmas = Self.date("2026-12-25")  // a Friday
        let store = StoreProfile(id: "north", timeZone: Self.utc, holidays: [thanksgiving, christmas])
        // Thanksgiving brought 3 web leads against a Thursday's 10, its 30 texts, and no sale.
        let rows = Self.steadyWeeks(through: asOf, days: 120).filter { $0.cell.day != thanksgiving.daysSinceEpoch }
            + [Self.day(thanksgiving, leads: 3, texts: 30)]
        let outlook = Outlook(
            asOf: asOf, kind: .month, history: DailyHistory(rows: rows), lastYear: DailyHistory(rows: []),
            hourRows: Self.steadyHours(through: asOf, days: 56), stores: [store])
        // The rest of December as before, but Christmas brings 0.3 of a Friday's leads and no sale.
        #expect(abs(outlook.metric(.leads).rest!.expected - (220 - 10 + 3)) < 1e-9)
        #expect(outlook.metric(.textsSent).rest?.expected == 660.0)
        #expect(outlook.metric(.sales).projected?.expected == 26.0)
        #expect(outlook.metric(.revenue).projected?.expected == 780_000)
        // November counts Thanksgiving as it was; the Thursdays' mean leaves it out.
        #expect(outlook.metric(.leads).previousPeriod == 283)
        #expect(outlook.nextDays.first?.figures[.leads]?.expected == 10)
        // As of 23 December, Christmas Day's busiest hour is a Friday's 10:00 at 0.3 of its 6 leads.
        let lastWeek = Self.steadyWeeks(through: Self.date("2026-12-23"), days: 120).filter { $0.cell.day != thanksgiving.daysSinceEpoch }
            + [Self.day(thanksgiving, leads: 3, texts: 30)]
        let christmasWeek = Outlook(
            asOf: Self.date("2026-12-23"), kind: .month, history: DailyHistory(rows: lastWeek), lastYear: DailyHistory(rows: []),
            hourRows: Self.steadyHours(through: Self.date("2026-12-23"), days: 56), stores: [store])
        let day = try! #require(christmasWeek.nextDays.first { $0.date == christmas })
        #expect(day.holidayAt == ["north"])
        #expect(day.busiest.count == 1 && day.busiest[0].hour == 10 && abs(day.busiest[0].leads - 1.8) < 1e-9)
        #expect(abs(day.figures[.leads]!.expected - 3) < 1e-9 && day.figures[.sales]?.expected == 0.0)
    }

    @Test("an hour is ahead until it has ended on the store's own clock: Chicago's noon hour at 13:30 is over, Los Angeles' is not yet begun")
    func hoursAhead() throws {
        let chicago = StoreProfile(id: "chi", name: "Chicago", timeZone: TimeZone(identifier: "America/Chicago")!)
        let angeles = StoreProfile(id: "lax", name: "Los Angeles", timeZone: TimeZone(identifier: "America/Los_Angeles")!)
        let ahead = HoursAhead(now: try Timestamp(rfc3339: "2026-12-10T19:30:00Z"), stores: [chicago, angeles])
        let today = CivilDate(year: 2026, month: 12, day: 10)!
        #expect(!ahead.isAhead(store: "chi", date: today, hours: 12..<13))
        #expect(ahead.isAhead(store: "chi", date: today, hours: 13..<14), "13:00-14:00 is under way at 13:30")
        #expect(ahead.isAhead(store: "chi", date: today, hours: 11..<14), "a span still running")
        #expect(ahead.isAhead(store: "lax", date: today, hours: 12..<13), "11:30 in Los Angeles")
        #expect(!ahead.isAhead(store: "lax", date: today, hours: 10..<11))
        #expect(!ahead.isAhead(store: "chi", date: today.adding(days: -1), hours: 20..<21))
        #expect(ahead.isAhead(store: "chi", date: today.adding(days: 1), hours: 0..<1))
        #expect(ahead.isAhead(store: "elsewhere", date: today.adding(days: -3), hours: 0..<1), "a store whose clock is not known keeps its hours")
    }
}
