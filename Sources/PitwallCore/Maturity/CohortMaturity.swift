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

    /// The status the projected figure would have; nil without a projection.
    public func projectedStatus(_ value: Double?, bands: StatusBands) -> KPIStatus? {
        projected(value).map(bands.status(of:))
    }

    /// True when the figure is below its target's minimum only because its leads are young:
    /// holding it against the target now would cry wolf. Not when it is heading below the
    /// target even at the usual pace (that is a real problem, seen early), and never for a
    /// figure over a maximum, since what is still coming can only raise it.
    public func isTooEarlyToJudge(_ value: Double?, definition: KPIDefinition) -> Bool {
        guard isStillComingIn, let value, let minimum = definition.target.min, value < minimum else { return false }
        guard let heading = projectedStatus(value, bands: definition.bands) else { return true }
        return heading == .green
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

    /// The first of the latest local days whose leads are younger than 9 in 10 of the KPI's
    /// outcomes take: from it on, each day's figure is still coming in. Nil when no day is, or
    /// the KPI counts no later outcome, or its delays were not measured.
    public func firstDayStillComingIn(_ key: KPIKey, today: CivilDate, store: StoreID? = nil) -> CivilDate? {
        guard let outcome = key.laterOutcome?.outcome, let typical = delays.delay(within: 0.9, of: outcome) else { return nil }
        var first: CivilDate?
        var day = today
        while meanAge(store: store ?? "", day: day.daysSinceEpoch) < typical {
            first = day
            day = day.adding(days: -1)
        }
        return first
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
