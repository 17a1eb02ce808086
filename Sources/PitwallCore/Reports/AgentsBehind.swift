/// The SOP's "pause campaigns if response times consistently exceed thresholds due to capacity
/// constraints": a store whose agents missed their pick-up target on most days of a period in
/// which more leads were handed to them than usual, while it kept buying leads. The AI's first
/// answer does not tire; people do, so it is the agents' pick-up (hand-off to their first
/// message) that says the team cannot keep up, and the rise in hand-offs that says why. A
/// store slow at its usual volume has a team or process to look at, which the pick-up's own
/// remedy says; pausing what marketing buys is for the leads that outgrew the team.
public struct AgentsBehind: Sendable {
    public var store: StoreID
    /// Days with enough leads handed to agents to judge, and those of them off target.
    public var daysJudged: Int
    public var daysMissed: Int
    /// The period's pick-up within SLA, as the store's scorecard judges it, and the 4 weeks
    /// before's share.
    public var pickup: KPIResult
    public var pickupBefore: Double
    public var target: KPITarget
    /// Leads handed to agents a day in the period, and in the 4 weeks before.
    public var handoffsPerDay: Double
    public var usualHandoffsPerDay: Double
    /// The store's paid sources over the period, most spent first.
    public var paidSources: [(source: String, spend: Money)]

    /// A day with fewer hand-offs than this says nothing about the team either way.
    public static let handoffsToJudgeADay = 5.0
    /// At least this many judged days, and off target on at least two in three of them: one
    /// bad Saturday is not a store that cannot keep up.
    public static let daysToJudge = 4
    /// What the usual is read from: the 4 weeks before the period, every weekday alike.
    public static let usualDays = 28
    /// A rise in hand-offs counts from a fifth more than usual, and only beyond twice the
    /// spread chance gives a count of that size (Poisson: the square root of the expected).
    public static let risingShare = 1.2

    /// The stores of `rows` (every lead's rollup rows of the period, a row a store and day,
    /// `periodDays` long) whose agents were behind on most days and over the period while
    /// more leads were handed to them than in `before` (the same rows of the `usualDays`
    /// before), and picked up less than then; each judged by its own catalog. `paidSources`
    /// is left empty for `paying` to fill.
    public static func find(rows: [RollupRow], before: [RollupRow], periodDays: Int, catalog: (StoreID) -> KPICatalog) -> [AgentsBehind] {
        var byStoreDay: [StoreID: [Int64: KPITotals]] = [:]
        var byStore: [StoreID: KPITotals] = [:]
        for row in rows {
            byStoreDay[row.cell.store, default: [:]][row.cell.day, default: KPITotals()].add(row)
            byStore[row.cell.store, default: KPITotals()].add(row)
        }
        var usual: [StoreID: KPITotals] = [:]
        for row in before { usual[row.cell.store, default: KPITotals()].add(row) }
        return byStoreDay.keys.sorted().compactMap { store in
            let judgedBy = catalog(store)
            func pickup(_ totals: KPITotals) -> KPIResult? { judgedBy.evaluate(totals, only: [.agentPickupWithinSLA]).first }
            var (judged, missed) = (0, 0)
            for totals in byStoreDay[store]!.values {
                guard let day = pickup(totals), (day.denominator ?? 0) >= handoffsToJudgeADay else { continue }
                judged += 1
                if [.yellow, .red].contains(day.status) { missed += 1 }
            }
            guard judged >= daysToJudge, missed * 3 >= judged * 2, let whole = byStore[store], let period = pickup(whole),
                [.yellow, .red].contains(period.status), let usualTotals = usual[store], let then = pickup(usualTotals)?.value, let now = period.value, now < then
            else { return nil }
            let handed = Double(whole[.handedOff])
            let usualPerDay = Double(usualTotals[.handedOff]) / Double(usualDays)
            let expected = usualPerDay * Double(periodDays)
            guard usualPerDay > 0, handed >= expected * risingShare, handed - expected > 2 * expected.squareRoot() else { return nil }
            return AgentsBehind(
                store: store, daysJudged: judged, daysMissed: missed, pickup: period, pickupBefore: then, target: judgedBy[.agentPickupWithinSLA].target,
                handoffsPerDay: handed / Double(periodDays), usualHandoffsPerDay: usualPerDay, paidSources: [])
        }
    }

    /// This store with what `sourceRows` (its rollup rows of the period by source) say it paid
    /// for leads, most first; nil when it paid for none: pausing is for what marketing buys.
    public func paying(_ sourceRows: [RollupRow]) -> AgentsBehind? {
        let paid = LeadSpendReport(grouping: .source, rows: sourceRows.filter { $0.cell.store == store }).lines
            .filter { $0.spend.spend.cents > 0 }
            .sorted { ($0.spend.spend.cents, $1.value) > ($1.spend.spend.cents, $0.value) }
        guard !paid.isEmpty else { return nil }
        var behind = self
        behind.paidSources = paid.map { (source: $0.value, spend: $0.spend.spend) }
        return behind
    }

    /// "Lakeside Toyota: leads handed to its agents rose to 21 a day in the week from 16 in the 4
    /// weeks before, and they picked up in time on only 1 of 7 days (63.9% within SLA against
    /// ≥ 80%, from 78.0%), while it paid $4,805 for leads (CarGurus $1,358, ...). If the team
    /// cannot keep up, ask marketing to cap or pause those campaigns until staffing catches
    /// up, rather than buy leads nobody answers in time."
    public func words(storeName: String, sourceName: (String) -> String, period: String) -> String {
        let total = paidSources.reduce(0) { $0 + $1.spend.cents }
        let named = paidSources.prefix(3).map { "\(sourceName($0.source)) \(LeadSpendReport.price(Double($0.spend.cents) / 100))" }
        let more = paidSources.count > named.count ? ", and \(paidSources.count - named.count) more" : ""
        let met = daysJudged - daysMissed
        // "12 a day from 6", but "4.5 a day": a tenth matters only to a small store.
        let perDay = { (value: Double) in KPIFormatting.decimal(value, places: value >= 10 || value == value.rounded() ? 0 : 1) }
        return "\(storeName): leads handed to its agents rose to \(perDay(handoffsPerDay)) a day \(period) from \(perDay(usualHandoffsPerDay)) in the 4 weeks before, "
            + "and they picked up in time on \(met == 0 ? "none" : "only \(met)") of \(daysJudged) days "
            + "(\(KPIFormatting.value(pickup.value, unit: .ratio)) within SLA against \(KPIFormatting.target(target, unit: .ratio)), "
            + "from \(KPIFormatting.value(pickupBefore, unit: .ratio))), while it paid \(LeadSpendReport.price(Double(total) / 100)) for leads "
            + "(\(named.joined(separator: ", "))\(more)). If the team cannot keep up, ask marketing to cap or pause those campaigns until staffing "
            + "catches up, rather than buy leads nobody answers in time."
    }
}
