import Foundation

/// An A/B test of templates (the `experiment_id` and `variant_id` of `message.sent`), judged by
/// the SOP's plan: at least seven days, and a winner only when chance alone would rarely part
/// the variants this far, however often the test was looked at on the way (the marketing team
/// reads it every week, the page refreshes itself).
public struct ExperimentResult: Hashable, Sendable {
    public struct Variant: Hashable, Sendable {
        public var id: String
        /// The templates the variant sent.
        public var templates: [TemplateID]
        public var tally: ReplyTally
    }

    /// What to do with the test now.
    public enum Verdict: Hashable, Sendable {
        /// Only one variant was sent in the window: nothing to compare.
        case oneVariant
        /// Ran fewer than the SOP's seven days: do not call it yet, whatever the counts say.
        case tooEarly(daysRun: Int)
        /// The best variant is clearly ahead of every other by the always-valid p-values
        /// (Holm's correction for several); `chance` is the largest of them.
        case winner(variant: String, chance: Double)
        /// No clear winner yet. `moreSendsEach`: about how many more reached leads each of the
        /// two leaders needs before a gap as large as the one seen would be called four times
        /// in five; nil when the two are level.
        case noClearWinner(moreSendsEach: Int?)
    }

    public var experimentID: String
    /// Best response rate first.
    public var variants: [Variant]
    public var firstSend: Timestamp
    public var lastSend: Timestamp
    /// The always-valid p-value of the leader against each other variant, in `variants`' order
    /// from the second: valid whenever the test is read, however often it was read before.
    public var anytimeChances: [Double?]
    public var verdict: Verdict

    /// The SOP's "minimum 7-day test duration".
    public static let minimumDays = 7

    /// The days the test has run: the first send's day counts, so a test texting from a Monday
    /// morning to the Sunday evening after has run its seven days.
    public var daysRun: Int { Int(firstSend.seconds(until: lastSend) / 86_400) + 1 }

    /// A test that would need longer than this to tell its leaders apart is not worth running
    /// on: the SOP tests one element a week, and a gap that takes months to show is too small
    /// to change much.
    public static let longestWorthWaiting = 28

    /// About how many more days the two leaders need, at the pace they have reached leads so
    /// far, to reach the `moreSendsEach` leads of a verdict of no clear winner; nil otherwise.
    public var daysToTell: Int? {
        guard case .noClearWinner(let more?) = verdict, variants.count >= 2 else { return nil }
        let reached = min(variants[0].tally.reached, variants[1].tally.reached)
        guard reached > 0 else { return nil }
        return Int((Double(more) * Double(daysRun) / Double(reached)).rounded(.up))
    }

    /// No clear winner, and telling would take longer than is worth waiting.
    public var isTooCloseToWaitFor: Bool { (daysToTell ?? 0) > Self.longestWorthWaiting }

    /// "12 days", "about 5 months", "over a year".
    public static func wait(days: Int) -> String {
        switch days {
        case ..<61: KPIFormatting.count(days, "day", "days")
        case ..<365: "about \(Int((Double(days) / 30.4).rounded())) months"
        default: "over a year"
        }
    }

    /// The always-valid p-value of the leader against the runner-up; nil with one variant or
    /// before both have reached enough leads to judge.
    public var anytimeChance: Double? { anytimeChances.first ?? nil }

    /// The two-sided p-value of the leader against the runner-up for a test read once, at a
    /// length fixed beforehand; nil with one variant.
    public var chance: Double? {
        guard variants.count >= 2 else { return nil }
        let (a, b) = (variants[0].tally, variants[1].tally)
        return ChangeTest.sharesDifferenceChance(successes: Double(a.answered), of: Double(a.reached), successes: Double(b.answered), of: Double(b.reached))
    }

    /// Every test seen in `sends`, by id.
    public static func results(_ sends: [TemplatedSend]) -> [ExperimentResult] {
        var byExperiment: [String: [TemplatedSend]] = [:]
        for send in sends {
            guard let experiment = send.experimentID, !experiment.isEmpty else { continue }
            byExperiment[experiment, default: []].append(send)
        }
        return byExperiment.keys.sorted().map { result(experiment: $0, sends: byExperiment[$0]!) }
    }

    static func result(experiment: String, sends: [TemplatedSend]) -> ExperimentResult {
        var byVariant: [String: [TemplatedSend]] = [:]
        for send in sends { byVariant[send.variantID ?? "", default: []].append(send) }
        let variants = byVariant.map { id, sends in
            Variant(id: id, templates: Set(sends.map(\.templateID)).sorted(), tally: ReplyTally(sends))
        }.sorted { a, b in
            let (rateA, rateB) = (a.tally.responseRate ?? -1, b.tally.responseRate ?? -1)
            return rateA != rateB ? rateA > rateB : a.id < b.id
        }
        let ordered = sends.sorted { $0.at < $1.at }
        let anytime = variants.dropFirst().map { other in anytimeChance(of: variants[0].id, against: other.id, in: ordered) }
        var result = ExperimentResult(
            experimentID: experiment, variants: variants, firstSend: ordered.first!.at, lastSend: ordered.last!.at, anytimeChances: anytime,
            verdict: .oneVariant)
        result.verdict = result.judged()
        return result
    }

    /// The always-valid p-value of `leader` against `other`, their sends (in time order) looked
    /// at after each instant at which some went out, from the first at which both had reached
    /// enough leads to judge: a share of a handful is too rough for the normal approximation,
    /// and leaving out looks only ever makes the p-value larger.
    static func anytimeChance(of leader: String, against other: String, in ordered: [TemplatedSend]) -> Double? {
        var looks: [AnytimeShareTest.Look] = []
        var (leading, trailing) = (ReplyTally(), ReplyTally())
        for (index, send) in ordered.enumerated() {
            switch send.variantID ?? "" {
            case leader: leading.add(send)
            case other: trailing.add(send)
            default: continue
            }
            let instantEnds = index + 1 == ordered.count || ordered[index + 1].at != send.at
            guard instantEnds, leading.isEnoughToJudge, trailing.isEnoughToJudge else { continue }
            looks.append(
                AnytimeShareTest.Look(
                    successesA: Double(leading.answered), trialsA: Double(leading.reached), successesB: Double(trailing.answered),
                    trialsB: Double(trailing.reached)))
        }
        return AnytimeShareTest.chance(looks)
    }

    private func judged() -> Verdict {
        guard variants.count >= 2 else { return .oneVariant }
        guard daysRun >= Self.minimumDays else { return .tooEarly(daysRun: daysRun) }
        let best = variants[0].tally
        let chances = anytimeChances.map { $0 ?? 1 }
        if variants.allSatisfy(\.tally.isEnoughToJudge), ChangeTest.holm(chances).allSatisfy({ $0 }) {
            return .winner(variant: variants[0].id, chance: chances.max() ?? 1)
        }
        let runnerUp = variants[1].tally
        let needed = AnytimeShareTest.trialsEachToTell(best.responseRate ?? 0, runnerUp.responseRate ?? 0)
        return .noClearWinner(moreSendsEach: needed.map { max(0, $0 - min(best.reached, runnerUp.reached)) })
    }
}
