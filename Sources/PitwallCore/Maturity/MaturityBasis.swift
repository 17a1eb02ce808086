/// What saying how far a window has come needs: the measured delays, the time now, and the
/// stores' zones (a rollup day is a store's local day).
public struct MaturityBasis: Sendable {
    public var delays: OutcomeDelays
    public var now: Timestamp
    public var resolver: LocalDayResolver

    public init(delays: OutcomeDelays, now: Timestamp, resolver: LocalDayResolver) {
        self.delays = delays
        self.now = now
        self.resolver = resolver
    }

    /// The maturity of `key` for the cohort of `rows` (rollup rows of its days, any stores);
    /// nil when the KPI counts no later outcome, too few of its outcomes were measured, or the
    /// rows hold no leads. Rows of one segment (a source's group, a scorecard narrowed to it)
    /// are read at that segment's own pace where it was measured.
    public func maturity(of key: KPIKey, rows: some Sequence<RollupRow>) -> CohortMaturity? {
        let delays = self.delays(for: rows)
        guard let (outcome, cohort) = key.laterOutcome, let typical = delays.delay(within: 0.9, of: outcome) else { return nil }
        // The rows of one store's day (its sources', its campaigns') share an age: each day's
        // age is worked out once, in the order the days first come.
        var days: [StoreDay] = []
        var counts: [StoreDay: Double] = [:]
        for row in rows {
            let count = Double(row.counters[cohort.rawValue])
            guard count > 0 else { continue }
            let day = StoreDay(store: row.cell.store, day: row.cell.day)
            if counts[day] == nil { days.append(day) }
            counts[day, default: 0] += count
        }
        var leads = 0.0
        var arrived = 0.0
        var youngestDay: Int64?
        for day in days {
            let count = counts[day]!
            let share = delays.shareWithin(meanAge(store: day.store, day: day.day), of: outcome) ?? 1
            leads += count
            arrived += count * share
            youngestDay = max(youngestDay ?? day.day, day.day)
        }
        guard leads > 0, let youngestDay else { return nil }
        return CohortMaturity(
            outcome: outcome, shareIn: arrived / leads, typicalDelay: typical, measuredOn: delays.measured(outcome),
            settlesOn: CivilDate(daysSinceEpoch: youngestDay).adding(days: Int((typical / 86_400).rounded(.up))), measuredIn: delays.measuredIn(outcome),
            scales: key.scalesWithLaterOutcome)
    }

    /// `results` with the maturity of each cohort KPI that has one.
    public func annotate(_ results: [KPIResult], rows: [RollupRow]) -> [KPIResult] {
        results.map { result in
            var result = result
            result.maturity = maturity(of: result.key, rows: rows)
            return result
        }
    }

    /// The first of the latest local days whose leads are younger than 9 in 10 of the KPI's
    /// outcomes take: from it on, each day's figure is still coming in. Nil when no day is, or
    /// the KPI counts no later outcome, or its delays were not measured.
    public func firstDayStillComingIn(
        _ key: KPIKey, today: CivilDate, store: StoreID? = nil, segment: (dimension: SegmentDimension, value: String)? = nil
    ) -> CivilDate? {
        let delays = segment.map { self.delays.within($0.dimension, $0.value) } ?? self.delays
        guard let outcome = key.laterOutcome?.outcome, let typical = delays.delay(within: 0.9, of: outcome) else { return nil }
        var first: CivilDate?
        var day = today
        while meanAge(store: store ?? "", day: day.daysSinceEpoch) < typical {
            first = day
            day = day.adding(days: -1)
        }
        return first
    }

    /// The segment's delays when every row is of the same one, else the scope's.
    func delays(for rows: some Sequence<RollupRow>) -> OutcomeDelays {
        var segment: (dimension: SegmentDimension, value: String)?
        for row in rows {
            guard row.cell.dimension != .all else { return delays }
            if let segment, segment != (row.cell.dimension, row.cell.value) { return delays }
            segment = (row.cell.dimension, row.cell.value)
        }
        return segment.map { delays.within($0.dimension, $0.value) } ?? delays
    }

    /// The mean age now of a day's leads, taking them as spread evenly over the day (or over
    /// the part of today that has passed).
    func meanAge(store: StoreID, day: Int64) -> Double {
        let start = resolver.startOfDay(day, of: store)
        let end = min(start.adding(milliseconds: Timestamp.millisecondsPerDay), now)
        guard end > start else { return 0 }
        let middle = Timestamp(millisecondsSinceEpoch: (start.millisecondsSinceEpoch + end.millisecondsSinceEpoch) / 2)
        return max(0, middle.seconds(until: now))
    }
}

/// A store's local day, for counting what its rows of several segments share.
struct StoreDay: Hashable {
    var store: StoreID
    var day: Int64
}
