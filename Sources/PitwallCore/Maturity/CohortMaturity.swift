/// How far a window's lead-cohort KPI has come: while its leads are young, more of the
/// outcome it counts is still on its way, and the figure reads low (or, for opt-outs, low
/// too, which flatters it).
public struct CohortMaturity: Hashable, Sendable {
    public var outcome: LeadOutcome
    /// The share of the window's eventual outcomes estimated to have happened by now, from
    /// its leads' ages and how long outcomes usually take (`OutcomeDelays`).
    public var shareIn: Double
    /// 9 in 10 outcomes of this kind come within this many seconds of their lead.
    public var typicalDelay: Double
    /// How many measured outcomes the estimate stands on.
    public var measuredOn: Int
    /// The local day by whose end the window's youngest leads are `typicalDelay` old.
    public var settlesOn: CivilDate

    /// Below this share, the figure is "still coming in".
    public static let settledShare = 0.9
    /// Below this share, too little has come in to say where the figure is heading.
    public static let projectableShare = 0.25

    public init(outcome: LeadOutcome, shareIn: Double, typicalDelay: Double, measuredOn: Int, settlesOn: CivilDate) {
        self.outcome = outcome
        self.shareIn = shareIn
        self.typicalDelay = typicalDelay
        self.measuredOn = measuredOn
        self.settlesOn = settlesOn
    }

    public var isStillComingIn: Bool { shareIn < Self.settledShare }

    /// Where a ratio is heading if the rest comes at the usual pace; nil when too little has come in.
    public func projected(_ value: Double?) -> Double? {
        guard let value, isStillComingIn, shareIn >= Self.projectableShare else { return nil }
        return min(1, value / shareIn)
    }

    /// True when the figure is below its target's minimum only because its leads are young:
    /// holding it against the target now would cry wolf. A figure over a maximum is never
    /// excused, since what is still coming can only raise it.
    public func isTooEarlyToJudge(_ value: Double?, target: KPITarget) -> Bool {
        guard isStillComingIn, let value, let minimum = target.min else { return false }
        return value < minimum
    }
}

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
    /// rows hold no leads.
    public func maturity(of key: KPIKey, rows: some Sequence<RollupRow>) -> CohortMaturity? {
        guard let (outcome, cohort) = key.laterOutcome, let typical = delays.delay(within: 0.9, of: outcome) else { return nil }
        var leads = 0.0
        var arrived = 0.0
        var youngestDay: Int64?
        for row in rows {
            let count = Double(row.counters[cohort.rawValue])
            guard count > 0 else { continue }
            let share = delays.shareWithin(meanAge(store: row.cell.store, day: row.cell.day), of: outcome) ?? 1
            leads += count
            arrived += count * share
            youngestDay = max(youngestDay ?? row.cell.day, row.cell.day)
        }
        guard leads > 0, let youngestDay else { return nil }
        return CohortMaturity(
            outcome: outcome, shareIn: arrived / leads, typicalDelay: typical, measuredOn: delays.measured(outcome),
            settlesOn: CivilDate(daysSinceEpoch: youngestDay).adding(days: Int((typical / 86_400).rounded(.up))))
    }

    /// `results` with the maturity of each cohort KPI that has one.
    public func annotate(_ results: [KPIResult], rows: [RollupRow]) -> [KPIResult] {
        results.map { result in
            var result = result
            result.maturity = maturity(of: result.key, rows: rows)
            return result
        }
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
