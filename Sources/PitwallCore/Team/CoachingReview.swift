/// Whether each recorded coaching took: the agent's figure it worked on, in the days since
/// the coaching against as many days before it, called past chance over every session of the
/// log at once (`BeforeAndSince`).
public struct CoachingReview: Hashable, Sendable {
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

    /// `figure`: the agent's result on the session's focus over a window (nil: no leads).
    public init(sessions: [CoachingSession], through: CivilDate, catalog: KPICatalog, figure: (CoachingSession, ClosedRange<CivilDate>) -> KPIResult?) {
        self.init(sessions: sessions, through: { _ in through }, catalog: catalog, figure: figure)
    }

    /// `through`: the last day each session is judged on, its store's today at the latest, so
    /// a store whose day has not turned yet is not judged on a day it has not had.
    public init(
        sessions: [CoachingSession], through: (CoachingSession) -> CivilDate, catalog: KPICatalog,
        figure: (CoachingSession, ClosedRange<CivilDate>) -> KPIResult?
    ) {
        var outcomes = sessions.sorted { ($0.day, $0.recordedAt.millisecondsSinceEpoch, $0.id) > ($1.day, $1.recordedAt.millisecondsSinceEpoch, $1.id) }.map { session in
            guard let windows = BeforeAndSince.windows(around: session.day, through: through(session)) else {
                return Outcome(session: session, before: nil, since: nil, figureBefore: nil, figureSince: nil, changeChance: nil, verdict: .tooEarly)
            }
            let (before, since) = (figure(session, windows.before), figure(session, windows.since))
            let chance = BeforeAndSince.chance(before: before, since: since)
            return Outcome(
                session: session, before: windows.before, since: windows.since, figureBefore: before, figureSince: since, changeChance: chance,
                verdict: chance == nil ? .tooEarly : .noClearChange)
        }
        let moves = BeforeAndSince.clearMoves(outcomes.map { ($0.figureBefore, $0.figureSince, $0.changeChance) }, catalog: catalog)
        for (index, better) in moves.enumerated() {
            if let better { outcomes[index].verdict = better ? .took : .slipped }
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
        let figures = BeforeAndSince.figures(definition, before: figureBefore, since: figureSince, days: days)
        switch verdict {
        case .took: return "It took: \(figures)."
        case .slipped: return "Worse since: \(figures)."
        case .noClearChange: return BeforeAndSince.noClearChange(figures, chance: changeChance)
        case .tooEarly:
            guard since != nil else { return "Too early to tell: the days since begin the day after the coaching." }
            return BeforeAndSince.tooEarly(definition, before: figureBefore, since: figureSince, days: days)
        }
    }

    /// "Victor Nelson (Lakeside Toyota), coached 5 Nov 2026 on agent pick-up within SLA".
    public func title(catalog: KPICatalog, agentName: String, storeName: String?) -> String {
        agentName + (storeName.map { " (\($0))" } ?? "") + ", coached \(LocalTimeFormatting.longDate(session.day)) on \(catalog[session.focus].nameInSentence)"
    }
}
