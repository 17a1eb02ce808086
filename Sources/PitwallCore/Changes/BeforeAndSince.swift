/// The days just before something happened (a coaching, a new template, a new routing rule)
/// set against as many days since, the day itself in neither: the reading behind the coaching
/// log and the change log. A change is called only past chance over every entry of a log at
/// once (Holm), so a log of twenty entries does not turn up a "better" by luck; a young
/// window's share is judged where it is heading.
public enum BeforeAndSince {
    /// The most days set side by side on each side: a month, as the monthly review looks back.
    public static let longestSide = 30

    /// Below this many counted (the share's denominator) on either side a share is not
    /// tested, as the team review tests an agent's.
    public static let smallestTested = TeamReview.smallestTested

    /// The window a log shows unless asked: the 90 days up to today, about a quarter, long
    /// enough for an entry of two months ago to have its 30 days since.
    public static let usualLogDays = 90

    /// The days of a log asked for `from` (nil: the usual 90 days before `to`) to `to`, but
    /// no later than `today`: nothing is logged ahead, and an entry is judged on the days
    /// that have been.
    public static func logDays(from: CivilDate?, to: CivilDate, today: CivilDate) -> ClosedRange<CivilDate> {
        let last = min(to, today)
        let first = from ?? last.adding(days: 1 - usualLogDays)
        return min(first, last)...last
    }

    /// The two windows of something that happened on `day`, as of `through` (the last day
    /// counted): the days since, up to `longestSide`, and as many before. Nil while `through`
    /// is not past `day`.
    /// The members a log judged before and since opens its JSON with: the days it lists, the
    /// store read, the longest side, and the least counted a side needs to be tested.
    public static func writeLogHeader(days: ClosedRange<CivilDate>, store: StoreID?, smallestTested: Double, to writer: inout JSONWriter) {
        writer.member("from", days.lowerBound.description)
        writer.member("to", days.upperBound.description)
        writer.member("store", store)
        writer.member("longest_side_days", longestSide)
        writer.member("smallest_tested", Int(smallestTested))
    }

    public static func windows(around day: CivilDate, through: CivilDate) -> (before: ClosedRange<CivilDate>, since: ClosedRange<CivilDate>)? {
        let days = min(Int64(longestSide), through.daysSinceEpoch - day.daysSinceEpoch)
        guard days >= 1 else { return nil }
        let count = Int(days)
        return (day.adding(days: -count)...day.adding(days: -1), day.adding(days: 1)...day.adding(days: count))
    }

    /// How often chance alone would move the share (or rating) this far; nil when either side counts
    /// fewer than `smallestTested` or is too young to say where it is heading.
    public static func chance(before: KPIResult?, since: KPIResult?) -> Double? {
        guard let before, let since, (before.denominator ?? 0) >= smallestTested, (since.denominator ?? 0) >= smallestTested else { return nil }
        return since.changeChance(from: before)
    }

    /// For each pair (its chance from `chance`), whether it moved for the better (true) or the
    /// worse (false) past chance over all of them at once; nil where it did not, or was not tested.
    public static func clearMoves(_ pairs: [(before: KPIResult?, since: KPIResult?, chance: Double?)], catalog: KPICatalog) -> [Bool?] {
        var moves = [Bool?](repeating: nil, count: pairs.count)
        let tested = pairs.indices.filter { pairs[$0].chance != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { pairs[$0].chance! })) where clear {
            moves[index] = move(before: pairs[index].before, since: pairs[index].since, catalog: catalog)
        }
        return moves
    }

    /// Whether the share moved for the better (true) or the worse (false), chance aside; nil
    /// when a side is missing or it did not move.
    public static func move(before: KPIResult?, since: KPIResult?, catalog: KPICatalog) -> Bool? {
        guard let before, let since, let figures = since.comparedFigures(with: before), figures.now != figures.before else { return nil }
        return (figures.now > figures.before) == !catalog[since.key].higherIsWorse
    }
}

extension BeforeAndSince {
    /// "lead response rate 31.2% (412 of 1,320) in the 30 days since, from 26% (330 of 1,269)
    /// in the 30 days before".
    public static func figures(_ definition: KPIDefinition, before: KPIResult?, since: KPIResult?, days: Int) -> String {
        let days = KPIFormatting.count(days, "day", "days")
        return "\(definition.nameInSentence) \(TeamReview.figure(since, unit: definition.unit)) in the \(days) since, "
            + "from \(TeamReview.figure(before, unit: definition.unit)) in the \(days) before"
    }

    /// "No clear change: ...; chance alone moves it this far 42 times in 100."
    public static func noClearChange(_ figures: String, chance: Double?) -> String {
        let times = max(1, Int(((chance ?? 1) * 100).rounded()))
        return times >= 100 ? "No clear change: \(figures)." : "No clear change: \(figures); chance alone moves it this far \(times) times in 100."
    }

    /// Why a pair with whole days on both sides was not tested: too few counted on a side, or
    /// too little of a young side in to say where it is heading.
    public static func tooEarly(_ definition: KPIDefinition, before: KPIResult?, since: KPIResult?, days: Int) -> String {
        let short = [(before, "before"), (since, "since")].filter { ($0.0?.denominator ?? 0) < smallestTested }
        if short.isEmpty { return "Too early to tell: too little of the days since is in yet to say where \(definition.nameInSentence) is heading." }
        let counted = short.map { "\(KPIFormatting.grouped(Int64(($0.0?.denominator ?? 0).rounded()))) \($0.1)" }.joined(separator: " and ")
        return "Too early to tell: \(counted) counted for \(definition.nameInSentence) in the "
            + "\(KPIFormatting.count(days, "day", "days")) each side; \(Int(smallestTested)) are needed on each."
    }
}
