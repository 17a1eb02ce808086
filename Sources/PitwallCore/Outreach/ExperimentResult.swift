import Foundation

/// An A/B test of templates (the `experiment_id` and `variant_id` of `message.sent`), judged by
/// the SOP's plan: at least seven days, and a winner only when chance alone would rarely part
/// the variants this far.
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
        /// The best variant is clearly ahead of every other (Holm's correction for several).
        case winner(variant: String, chance: Double)
        /// No clear winner yet. `moreSendsEach`: about how many more reached leads each of the
        /// two leaders needs before a gap as large as the one seen could be told from chance
        /// (80 % power); nil when the two are level.
        case noClearWinner(moreSendsEach: Int?)
    }

    public var experimentID: String
    /// Best response rate first.
    public var variants: [Variant]
    public var firstSend: Timestamp
    public var lastSend: Timestamp
    public var verdict: Verdict

    /// The SOP's "minimum 7-day test duration".
    public static let minimumDays = 7

    /// The days the test has run: the first send's day counts, so a test texting from a Monday
    /// morning to the Sunday evening after has run its seven days.
    public var daysRun: Int { Int(firstSend.seconds(until: lastSend) / 86_400) + 1 }

    /// Two-sided p-value of the leader against the runner-up; nil with one variant.
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
        let times = sends.map(\.at)
        var result = ExperimentResult(
            experimentID: experiment, variants: variants, firstSend: times.min()!, lastSend: times.max()!, verdict: .oneVariant)
        result.verdict = result.judged()
        return result
    }

    private func judged() -> Verdict {
        guard variants.count >= 2 else { return .oneVariant }
        guard daysRun >= Self.minimumDays else { return .tooEarly(daysRun: daysRun) }
        let best = variants[0].tally
        let chances = variants.dropFirst().map { other in
            ChangeTest.sharesDifferenceChance(
                successes: Double(best.answered), of: Double(best.reached), successes: Double(other.tally.answered), of: Double(other.tally.reached)) ?? 1
        }
        if variants.allSatisfy(\.tally.isEnoughToJudge), ChangeTest.holm(chances).allSatisfy({ $0 }) {
            return .winner(variant: variants[0].id, chance: chances.max() ?? 1)
        }
        let runnerUp = variants[1].tally
        let needed = Self.sendsEachToTell(best.responseRate ?? 0, runnerUp.responseRate ?? 0)
        return .noClearWinner(moreSendsEach: needed.map { max(0, $0 - min(best.reached, runnerUp.reached)) })
    }

    /// Reached leads each of two variants needs for a two-sided test at 5 % to see the gap
    /// between rates `a` and `b` four times in five: (z₀.₉₇₅ + z₀.₈)² · (a(1−a) + b(1−b)) / (a − b)².
    public static func sendsEachToTell(_ a: Double, _ b: Double) -> Int? {
        guard a != b else { return nil }
        let z = WilsonInterval.normalQuantile(0.975) + WilsonInterval.normalQuantile(0.8)
        return Int((z * z * (a * (1 - a) + b * (1 - b)) / ((a - b) * (a - b))).rounded(.up))
    }
}
