/// Whether each recorded coaching took: the agent's figure it worked on, in the days since
/// the coaching, against as many days before it (up to `longestSide`), the coaching day itself
/// in neither. A change is called only past chance over every session of the review at once
/// (Holm), as the team review calls its changes, so a log of twenty sessions does not turn up a
/// "took" by luck; and a young window's share is judged where it is heading.
public struct CoachingReview: Hashable, Sendable {
    /// The most days set side by side on each side: a month, as the monthly review looks back.
    public static let longestSide = 30

    public enum Verdict: String, Hashable, Sendable {
        /// Better since, past chance.
        case took
        /// Worse since, past chance.
        case slipped
        /// Both sides have enough leads, and the change is within what chance makes.
        case noClearChange = "no_clear_change"
        /// Too few days or leads since (or before) to tell.
        case tooEarly = "too_early"
    }

    public struct Outcome: Hashable, Sendable {
        public var session: CoachingSession
        /// The days compared on each side; nil while no whole day has passed since.
        public var before: ClosedRange<CivilDate>?
        public var since: ClosedRange<CivilDate>?
        public var figureBefore: KPIResult?
        public var figureSince: KPIResult?
        /// How often chance alone would move the share this far; nil when not tested.
        public var changeChance: Double?
        public var verdict: Verdict

        /// Days on each side (0 while none has passed).
        public var days: Int { since.map { Int($0.upperBound.daysSinceEpoch - $0.lowerBound.daysSinceEpoch) + 1 } ?? 0 }
    }

    /// The newest coaching first.
    public var outcomes: [Outcome]

    /// The two windows of a coaching on `day`, as of `through` (the last day counted): the
    /// days since, up to `longestSide`, and as many before. Nil while `through` is not past `day`.
    public static func windows(coached day: CivilDate, through: CivilDate) -> (before: ClosedRange<CivilDate>, since: ClosedRange<CivilDate>)? {
        let days = min(Int64(longestSide), through.daysSinceEpoch - day.daysSinceEpoch)
        guard days >= 1 else { return nil }
        let count = Int(days)
        return (day.adding(days: -count)...day.adding(days: -1), day.adding(days: 1)...day.adding(days: count))
    }

    /// `figure`: the agent's result on the session's focus over a window (nil: no leads).
    public init(sessions: [CoachingSession], through: CivilDate, catalog: KPICatalog, figure: (CoachingSession, ClosedRange<CivilDate>) -> KPIResult?) {
        var outcomes = sessions.sorted { ($0.day, $0.recordedAt.millisecondsSinceEpoch, $0.id) > ($1.day, $1.recordedAt.millisecondsSinceEpoch, $1.id) }.map { session in
            guard let windows = Self.windows(coached: session.day, through: through) else {
                return Outcome(session: session, before: nil, since: nil, figureBefore: nil, figureSince: nil, changeChance: nil, verdict: .tooEarly)
            }
            let (before, since) = (figure(session, windows.before), figure(session, windows.since))
            var chance: Double?
            if let before, let since, (before.denominator ?? 0) >= TeamReview.smallestTested, (since.denominator ?? 0) >= TeamReview.smallestTested {
                chance = since.shareChangeChance(from: before)
            }
            return Outcome(
                session: session, before: windows.before, since: windows.since, figureBefore: before, figureSince: since, changeChance: chance,
                verdict: chance == nil ? .tooEarly : .noClearChange)
        }
        let tested = outcomes.indices.filter { outcomes[$0].changeChance != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { outcomes[$0].changeChance! })) where clear {
            let outcome = outcomes[index]
            guard let before = outcome.figureBefore, let figures = outcome.figureSince?.comparedFigures(with: before), figures.now != figures.before else { continue }
            outcomes[index].verdict = (figures.now > figures.before) == !catalog[outcome.session.focus].higherIsWorse ? .took : .slipped
        }
        self.outcomes = outcomes
    }

    public func count(_ verdict: Verdict) -> Int { outcomes.filter { $0.verdict == verdict }.count }
}

extension CoachingReview.Outcome {
    /// "It took: agent pick-up within SLA 80% (96 of 120) in the 30 days since, from 41.6% (52
    /// of 125) in the 30 days before." The verdict and its figures, for the log, the reports
    /// and the command line.
    public func words(catalog: KPICatalog) -> String {
        let definition = catalog[session.focus]
        let days = KPIFormatting.count(self.days, "day", "days")
        let figures =
            "\(definition.nameInSentence) \(TeamReview.figure(figureSince, unit: definition.unit)) in the \(days) since, "
            + "from \(TeamReview.figure(figureBefore, unit: definition.unit)) in the \(days) before"
        switch verdict {
        case .took: return "It took: \(figures)."
        case .slipped: return "Worse since: \(figures)."
        case .noClearChange:
            let times = max(1, Int(((changeChance ?? 1) * 100).rounded()))
            return times >= 100 ? "No clear change: \(figures)." : "No clear change: \(figures); chance alone moves it this far \(times) times in 100."
        case .tooEarly:
            guard since != nil else { return "Too early to tell: the days since begin the day after the coaching." }
            let counted = [(figureBefore, "before"), (figureSince, "since")].filter { ($0.0?.denominator ?? 0) < TeamReview.smallestTested }
            if counted.isEmpty { return "Too early to tell: too little of the days since is in yet to say where \(definition.nameInSentence) is heading." }
            let short = counted.map { "\(KPIFormatting.grouped(Int64(($0.0?.denominator ?? 0).rounded()))) \($0.1)" }.joined(separator: " and ")
            return "Too early to tell: \(short) counted for \(definition.nameInSentence) in the \(days) each side; \(Int(TeamReview.smallestTested)) are needed on each."
        }
    }

    /// "Victor Nelson (Lakeside Toyota), coached 5 Nov 2026 on agent pick-up within SLA".
    public func title(catalog: KPICatalog, agentName: String, storeName: String?) -> String {
        agentName + (storeName.map { " (\($0))" } ?? "") + ", coached \(LocalTimeFormatting.longDate(session.day)) on \(catalog[session.focus].nameInSentence)"
    }
}
