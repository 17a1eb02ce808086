/// Whether each recorded change moved the figure it was meant to: the leads it applies to in
/// the days since against as many days before, called past chance over every change of the
/// log at once (`BeforeAndSince`); and, beside it, the rest of the group over the same days
/// (the other stores, or the other sources). Where the rest counts enough to be tested, a
/// change is called only if its move also stands out from the rest's (a difference in
/// differences, past chance): one whose figure rose with everyone else's does not take the
/// credit. Both must agree because neither is enough alone: the days move every store
/// (a season, a holiday), and another change can move the rest.
public struct ChangeReview: Hashable, Sendable {
    public enum Verdict: String, Hashable, Sendable, CaseIterable {
        /// Better since, past chance.
        case better
        /// Worse since, past chance.
        case worse
        /// Both sides have enough counted, and the change is within what chance makes.
        case noClearChange = "no_clear_change"
        /// Too few days or counted since (or before) to tell.
        case tooEarly = "too_early"
    }

    /// Which leads a figure is of: those the change applies to, or the rest of the group's.
    public enum Part: Hashable, Sendable {
        case changed, rest
    }

    public struct Outcome: Hashable, Sendable {
        public var change: ProcessChange
        /// The days compared on each side; nil while no whole day has passed since.
        public var before: ClosedRange<CivilDate>?
        public var since: ClosedRange<CivilDate>?
        public var figureBefore: KPIResult?
        public var figureSince: KPIResult?
        /// How often chance alone would move the share this far; nil when not tested.
        public var changeChance: Double?
        public var verdict: Verdict
        /// The same figure of the rest of the group over the same days; nil for a change of
        /// every lead at every store, which has no rest.
        public var restBefore: KPIResult?
        public var restSince: KPIResult?
        /// Whether the change's own move was clear but the rest's was as large (the net within
        /// chance, or the other way): not called, since the days, not the change, may be why.
        public var movedWithRest: Bool = false

        /// Whether the rest counted anything on either side (a rooftop's manager with one
        /// store sees no other).
        public var hasRest: Bool { (restBefore?.denominator ?? 0) + (restSince?.denominator ?? 0) > 0 }

        /// The change's move less the rest's over the same days, as a difference-in-differences
        /// reads it (where each side is heading while still coming in); nil without a rest or
        /// with a figure missing.
        public var netChange: Double? {
            guard hasRest, let figureBefore, let figureSince, let restBefore, let restSince,
                let own = figureSince.comparedFigures(with: figureBefore), let rest = restSince.comparedFigures(with: restBefore)
            else { return nil }
            return (own.now - own.before) - (rest.now - rest.before)
        }

        /// How often chance alone would make the change's move differ this much from the rest's
        /// (`ChangeTest.movesDifferChance`, on what each side stands on so far); nil without a
        /// rest, or with fewer than `BeforeAndSince.smallestTested` counted on any side.
        public var netChangeChance: Double? {
            guard netChange != nil, let figureBefore, let figureSince, let restBefore, let restSince,
                let own = figureSince.sharesCompared(with: figureBefore), let rest = restSince.sharesCompared(with: restBefore),
                [own.now, own.before, rest.now, rest.before].allSatisfy({ $0.trials >= BeforeAndSince.smallestTested })
            else { return nil }
            return ChangeTest.movesDifferChance(own: (own.before, own.now), rest: (rest.before, rest.now))
        }

        /// Whether the rest counted enough to weigh the change's move against (`netChangeChance`):
        /// then a change is called better or worse only if its move also differs from the rest's
        /// past chance. False: judged on its own move alone, there being no rest, or one too small.
        public var judgedNetOfRest: Bool { changeChance != nil && netChangeChance != nil }

        /// Days on each side (0 while none has passed).
        public var days: Int { since.map { Int($0.upperBound.daysSinceEpoch - $0.lowerBound.daysSinceEpoch) + 1 } ?? 0 }
    }

    /// The newest change first.
    public var outcomes: [Outcome]

    /// `figure`: a part's result on the change's figure over a window (nil: nothing counted,
    /// or no rest).
    public init(changes: [ProcessChange], through: CivilDate, catalog: KPICatalog, figure: (ProcessChange, Part, ClosedRange<CivilDate>) -> KPIResult?) {
        self.init(changes: changes, through: { _ in through }, catalog: catalog, figure: figure)
    }

    /// `through`: the last day each change is judged on, its store's today at the latest.
    public init(
        changes: [ProcessChange], through: (ProcessChange) -> CivilDate, catalog: KPICatalog,
        figure: (ProcessChange, Part, ClosedRange<CivilDate>) -> KPIResult?
    ) {
        var outcomes = changes.sorted { ($0.day, $0.recordedAt.millisecondsSinceEpoch, $0.id) > ($1.day, $1.recordedAt.millisecondsSinceEpoch, $1.id) }.map { change in
            guard let windows = BeforeAndSince.windows(around: change.day, through: through(change)) else {
                return Outcome(
                    change: change, before: nil, since: nil, figureBefore: nil, figureSince: nil, changeChance: nil, verdict: .tooEarly, restBefore: nil,
                    restSince: nil)
            }
            let (before, since) = (figure(change, .changed, windows.before), figure(change, .changed, windows.since))
            let chance = BeforeAndSince.chance(before: before, since: since)
            return Outcome(
                change: change, before: windows.before, since: windows.since, figureBefore: before, figureSince: since, changeChance: chance,
                verdict: chance == nil ? .tooEarly : .noClearChange, restBefore: figure(change, .rest, windows.before),
                restSince: figure(change, .rest, windows.since))
        }
        let moves = BeforeAndSince.clearMoves(outcomes.map { ($0.figureBefore, $0.figureSince, $0.changeChance) }, catalog: catalog)
        for (index, better) in moves.enumerated() {
            guard let better else { continue }
            let outcome = outcomes[index]
            // The net is tested alone, at the usual 5 %: it confirms a call, it makes none.
            if outcome.judgedNetOfRest {
                guard let chance = outcome.netChangeChance, chance < 0.05, let net = outcome.netChange, net != 0,
                    ((net > 0) == !catalog[outcome.change.figure].higherIsWorse) == better
                else {
                    outcomes[index].movedWithRest = true
                    continue
                }
            }
            outcomes[index].verdict = better ? .better : .worse
        }
        self.outcomes = outcomes
    }

    public func count(_ verdict: Verdict) -> Int { outcomes.filter { $0.verdict == verdict }.count }
}

extension ChangeReview.Outcome {
    /// "Better since, net of the other stores: lead response rate 31.2% (412 of 1,320) in the 30
    /// days since, from 26% (330 of 1,269) in the 30 days before. The other stores over the same
    /// days: 27.1% (...), from 26.4% (...); net of them, +4.5 pts, past chance." The verdict, its
    /// figures and the rest's, for the log, the reports and the command line.
    public func words(catalog: KPICatalog, restName: String) -> String {
        let definition = catalog[change.figure]
        let figures = BeforeAndSince.figures(definition, before: figureBefore, since: figureSince, days: days)
        let net = judgedNetOfRest ? ", net of \(restName)" : ""
        var words: String
        switch verdict {
        case .better: words = "Better since\(net): \(figures)."
        case .worse: words = "Worse since\(net): \(figures)."
        case .noClearChange: words = movedWithRest ? "No clear change\(net): \(figures)." : BeforeAndSince.noClearChange(figures, chance: changeChance)
        case .tooEarly:
            guard since != nil else { return "Too early to tell: the days since begin the day after the change." }
            words = BeforeAndSince.tooEarly(definition, before: figureBefore, since: figureSince, days: days)
        }
        guard hasRest else { return words }
        words += " \(restName.prefix(1).uppercased() + restName.dropFirst()) over the same days: \(TeamReview.figure(restSince, unit: definition.unit)), "
            + "from \(TeamReview.figure(restBefore, unit: definition.unit))"
        guard verdict != .tooEarly, let netChange else { return words + "." }
        words += "; net of them, \(KPIFormatting.gap(netChange, unit: definition.unit))"
        if judgedNetOfRest, verdict == .better || verdict == .worse { return words + ", past chance." }
        guard movedWithRest else { return words + "." }
        let times = netChangeChance.map { max(1, Int(($0 * 100).rounded())) } ?? 100
        if times < 100 { words += "; chance alone makes a difference this large \(times) times in 100" }
        return words + ". It did not move clearly more than they did: the days, not the change, may be why."
    }
}
