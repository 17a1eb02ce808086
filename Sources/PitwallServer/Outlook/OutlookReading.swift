import PitwallCore

/// An outlook read from the rollups: what `GET /v1/outlook` returns, the `/outlook` page
/// shows and `pitwall outlook` prints.
public struct OutlookReading: Sendable {
    public var query: OutlookQuery
    public var outlook: Outlook
    /// The advice with stores by their names.
    public var advice: [String]
    public var storeNames: [StoreID: String]
    /// What the week ahead's agents are planned for.
    public var staffing: StaffingTarget

    /// `now`: when the outlook is read, so that its advice names no hour of today that is over;
    /// nil for an outlook read as of a day long past (a backtest, the command line's `--as-of`).
    public init(_ query: OutlookQuery, rollups: any KPIRollupStore, configuration: PitwallConfiguration, now: Timestamp? = nil) async throws {
        self.query = query
        staffing = configuration.staffing
        let history = Outlook.historyDays(asOf: query.asOf, kind: query.kind)
        let counters = RollupCounterSelection.only(ForecastMetric.allCases.map(\.counter))
        let rows = try await rollups.rollupRows(dimension: .all, days: history.daysSinceEpoch, store: query.store, counters: counters)
        let lastYearDays = query.kind.yearBefore(query.kind.days(containing: query.asOf.adding(days: 1)))
        let lastYear = try await rollups.rollupRows(dimension: .all, days: lastYearDays.daysSinceEpoch, store: query.store, counters: counters)
        let learned = query.asOf.adding(days: 1 - Outlook.learningDays)...query.asOf
        let hours = try await rollups.rollupRows(dimension: .hour, days: learned.daysSinceEpoch, store: query.store, counters: .only([.leads]))
        let daily = DailyHistory(rows: rows)
        var ids = Set(daily.stores)
        if let store = query.store {
            ids = [store]
        } else {
            ids.formUnion(configuration.stores.map(\.id).filter { TenantScope.allows($0) })
        }
        let stores = configuration.stores.filter { ids.contains($0.id) }
            + ids.filter { id in !configuration.stores.contains { $0.id == id } }.sorted { $0.rawValue < $1.rawValue }.map(configuration.store)
        outlook = Outlook(
            asOf: query.asOf, kind: query.kind, history: daily, lastYear: DailyHistory(rows: lastYear), hourRows: hours, stores: stores,
            goals: configuration.monthlyGoals.goals(for: query.store), storeGoals: query.store == nil ? configuration.monthlyGoals.stores : [:], roster: configuration.roster, staffing: configuration.staffing)
        storeNames = Dictionary(uniqueKeysWithValues: stores.map { ($0.id, $0.name) })
        let names = storeNames
        // Only an outlook whose week ahead starts today is read against the clock: one as of an
        // earlier day (a backtest) keeps its whole week.
        let ahead = now.flatMap { now in
            stores.contains { $0.calendar.localTime(of: now).date <= query.asOf.adding(days: 1) } ? HoursAhead(now: now, stores: stores) : nil
        }
        advice = outlook.advice(storeName: { names[$0] ?? $0.rawValue }, ahead: ahead)
    }

    /// Figures to the cent: a forecast claims no more.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// The whole answer of `GET /v1/outlook`.
    public var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", outlook.asOf.description)
        writer.member("store", query.store)
        writer.key("period")
        Self.write(outlook.period, kind: outlook.kind, to: &writer) { [outlook] writer in
            writer.member("days_done", outlook.daysDone)
            writer.member("days_left", outlook.daysLeft)
        }
        writer.key("previous_period")
        Self.write(outlook.previousPeriod, kind: outlook.kind, to: &writer) { _ in }
        writer.key("last_year_period")
        Self.write(outlook.lastYearPeriod, kind: outlook.kind, to: &writer) { _ in }
        writer.member("learned_days", Outlook.learningDays)
        writer.key("staffing_target")
        writer.beginObject()
        writer.member("minutes_per_lead", staffing.minutesPerLead)
        writer.member("answer_within_seconds", staffing.answerWithinSeconds)
        writer.member("share_in_time", staffing.shareInTime)
        writer.endObject()
        writer.key("metrics")
        writer.beginArray()
        for metric in outlook.metrics { Self.write(metric, to: &writer) }
        writer.endArray()
        writer.key("stores")
        writer.beginArray()
        for store in outlook.stores {
            writer.beginObject()
            writer.member("store", store.store)
            writer.member("name", storeNames[store.store])
            writer.key("metrics")
            writer.beginObject()
            for figure in store.figures {
                writer.key(figure.metric.rawValue)
                writer.beginObject()
                writer.member("to_date", Self.rounded(figure.toDate))
                writer.key("projected")
                Self.write(figure.projected, to: &writer)
                writer.member("previous_period", figure.previousPeriod.map(Self.rounded))
                writer.key("goal")
                Self.write(figure.goal, to: &writer)
                writer.endObject()
            }
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
        writer.key("not_forecast")
        writer.beginArray()
        for left in outlook.notForecast {
            writer.beginObject()
            writer.member("store", left.store)
            writer.member("days_of_history", left.daysOfHistory)
            writer.endObject()
        }
        writer.endArray()
        writer.key("next_days")
        writer.beginArray()
        for day in outlook.nextDays { Self.write(day, to: &writer) }
        writer.endArray()
        writer.member("advice", strings: advice)
        writer.endObject()
        return writer.text
    }

    static func write(_ days: ClosedRange<CivilDate>, kind: OutlookPeriod, to writer: inout JSONWriter, more: (inout JSONWriter) -> Void) {
        writer.beginObject()
        writer.member("kind", kind.rawValue)
        writer.member("from", days.lowerBound.description)
        writer.member("to", days.upperBound.description)
        writer.member("name", kind.name(days))
        more(&writer)
        writer.endObject()
    }

    static func write(_ range: ForecastRange?, to writer: inout JSONWriter) {
        guard let range else { return writer.null() }
        writer.beginObject()
        writer.member("expected", rounded(range.expected))
        writer.member("low", rounded(range.low))
        writer.member("high", rounded(range.high))
        writer.endObject()
    }

    static func write(_ goal: GoalOutlook?, to writer: inout JSONWriter) {
        guard let goal else { return writer.null() }
        writer.beginObject()
        writer.member("goal", goal.goal)
        writer.member("chance", (goal.chance * 1000).rounded() / 1000)
        writer.member("needed_per_day", goal.neededPerDay.map(rounded))
        writer.member("usual_per_day", goal.usualPerDay.map(rounded))
        writer.endObject()
    }

    static func write(_ metric: MetricOutlook, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("metric", metric.metric.rawValue)
        writer.member("name", metric.metric.name)
        writer.member("unit", metric.metric.isMoney ? "dollars" : "count")
        writer.member("to_date", rounded(metric.toDate))
        writer.key("rest")
        write(metric.rest, to: &writer)
        writer.key("projected")
        write(metric.projected, to: &writer)
        writer.member("previous_period", metric.previousPeriod.map(rounded))
        writer.member("change_from_previous", metric.changeFromPrevious)
        writer.key("goal")
        write(metric.goal, to: &writer)
        writer.member("last_year", metric.lastYear.map(rounded))
        writer.member("last_year_to_date", metric.lastYearToDate.map(rounded))
        writer.key("backtest")
        writer.beginObject()
        writer.key("weeks")
        writer.beginArray()
        for week in metric.backtest {
            writer.beginObject()
            writer.member("from", week.days.lowerBound.description)
            writer.member("to", week.days.upperBound.description)
            writer.key("forecast")
            write(week.forecast, to: &writer)
            writer.member("actual", rounded(week.actual))
            writer.endObject()
        }
        writer.endArray()
        writer.member("mean_absolute_percentage_error", metric.meanAbsolutePercentageError)
        writer.member("within_range", metric.withinRange)
        writer.endObject()
        writer.endObject()
    }

    static func write(_ day: DayOutlook, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("date", day.date.description)
        writer.member("weekday", OutreachReading.weekdays[day.date.isoWeekday - 1])
        writer.member("holiday_at", strings: day.holidayAt.map(\.rawValue))
        writer.key("metrics")
        writer.beginObject()
        for metric in ForecastMetric.allCases {
            guard let range = day.figures[metric] else { continue }
            writer.key(metric.rawValue)
            write(range, to: &writer)
        }
        writer.endObject()
        writer.key("busiest")
        writer.beginArray()
        for busiest in day.busiest {
            writer.beginObject()
            writer.member("store", busiest.store)
            writer.member("hour", busiest.hour)
            writer.member("leads", rounded(busiest.leads))
            writer.endObject()
        }
        writer.endArray()
        writer.key("staffing")
        writer.beginArray()
        for staffing in day.staffing {
            writer.beginObject()
            writer.member("store", staffing.store)
            writer.member("most_needed", staffing.mostNeeded)
            writer.key("short")
            writer.beginArray()
            for span in staffing.shortSpans {
                writer.beginObject()
                writer.member("from_hour", span.lowerBound)
                writer.member("to_hour", span.upperBound)
                writer.endObject()
            }
            writer.endArray()
            writer.key("hours")
            writer.beginArray()
            for hour in staffing.hours {
                writer.beginObject()
                writer.member("hour", hour.hour)
                writer.member("leads", rounded(hour.leads))
                writer.member("needed", hour.needed)
                writer.key("rostered")
                if let rostered = hour.rostered { writer.integer(Int64(rostered)) } else { writer.null() }
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}
