/// The SOP's content analysis of the weekly template review: for each thing a text's words may
/// do (ask a question, ask for a next step, use the customer's name, fit in one text, carry an
/// emoji), the templates that do it against those that do not, on how often leads answered.
///
/// First texts are compared with first texts and follow-ups with follow-ups, as the ranking
/// does. Only templates that reached 30 leads take part, and a side needs two of them: with one
/// template a side the comparison is that template against the rest, which the ranking already
/// shows.
///
/// The unit that has the trait is the template, not the lead: 12,000 leads of three templates
/// are three wordings, not 12,000. So the leads' two-proportion test is widened by how far
/// the templates of a side differ among themselves beyond chance (the quasi-binomial
/// dispersion, Pearson's χ² over the templates on their k − 2 degrees of freedom, never below
/// 1) and read against Student's t on those degrees of freedom. A trait is called only when its
/// templates differ little among themselves and much from the others; on a month of a large
/// group, a 0.9-point gap between one set of templates and another is not called because each
/// template's own words move its rate by more than that. Every comparison of the review is
/// asked at once (Holm). It compares templates as they were written, not a controlled test:
/// two traits that travel together in the same templates cannot be told apart here, which is
/// what an A/B test of one element is for.
public struct WordingReview: Hashable, Sendable {
    /// The templates on one side of a comparison and how their texts fared together.
    public struct Side: Hashable, Sendable {
        public var templates: [TemplateID]
        public var tally: ReplyTally
    }

    public enum Verdict: String, Hashable, Sendable {
        /// Answered more often with the trait, past chance over every comparison.
        case better
        case worse
        case noClearDifference = "no_clear_difference"
        /// Fewer than two judged templates on a side.
        case tooFewTemplates = "too_few_templates"
    }

    public struct Comparison: Hashable, Sendable {
        public var trait: TemplateWording.Trait
        public var role: TemplatedSend.Role
        public var with: Side
        public var without: Side
        /// How far the templates of each side differ among themselves beyond what chance gives
        /// their leads (1: no more than chance); the leads' variance is widened by it. Nil when
        /// not tested.
        public var dispersion: Double?
        /// How often chance alone, the templates' own differences included, would part the two
        /// shares this far (two-sided); nil when not tested.
        public var chance: Double?
        public var verdict: Verdict
    }

    /// Each template's words, where the configuration gives them.
    public var wordings: [TemplateID: TemplateWording]
    /// Trait by trait, first texts then follow-ups; a role with fewer than two worded templates
    /// judged is left out.
    public var comparisons: [Comparison]
    /// Templates sent in the window whose words the configuration does not give.
    public var withoutText: [TemplateID]

    /// Templates fewer than this a side are not compared.
    public static let fewestTemplatesASide = 2

    public init(templates: [TemplatePerformance], texts: [TemplateID: String]) {
        var wordings: [TemplateID: TemplateWording] = [:]
        for template in templates {
            if let text = texts[template.templateID] { wordings[template.templateID] = TemplateWording(text) }
        }
        self.wordings = wordings
        withoutText = Array(Set(templates.map(\.templateID).filter { wordings[$0] == nil })).sorted()
        var comparisons: [Comparison] = []
        for role in TemplatedSend.Role.allCases {
            let judged = templates.filter { $0.role == role && $0.tally.isEnoughToJudge && wordings[$0.templateID] != nil }
            guard judged.count >= 2 * Self.fewestTemplatesASide else { continue }
            for trait in TemplateWording.Trait.allCases {
                var with = Side(templates: [], tally: ReplyTally())
                var without = Side(templates: [], tally: ReplyTally())
                for template in judged {
                    if wordings[template.templateID]!.has(trait) {
                        with.add(template)
                    } else {
                        without.add(template)
                    }
                }
                let enough = with.templates.count >= Self.fewestTemplatesASide && without.templates.count >= Self.fewestTemplatesASide
                let test = enough ? Self.test(with, without, among: judged) : nil
                comparisons.append(
                    Comparison(
                        trait: trait, role: role, with: with, without: without, dispersion: test?.dispersion, chance: test?.chance,
                        verdict: enough ? .noClearDifference : .tooFewTemplates))
            }
        }
        let tested = comparisons.indices.filter { comparisons[$0].chance != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { comparisons[$0].chance! })) where clear {
            let comparison = comparisons[index]
            comparisons[index].verdict = (comparison.with.tally.responseRate ?? 0) > (comparison.without.tally.responseRate ?? 0) ? .better : .worse
        }
        self.comparisons = comparisons
    }

    /// The two sides' shares set apart by the pooled two-proportion test, its variance widened
    /// by the templates' dispersion and read against t on k − 2 degrees of freedom (k templates).
    static func test(_ with: Side, _ without: Side, among templates: [TemplatePerformance]) -> (dispersion: Double, chance: Double)? {
        let (reachedWith, reachedWithout) = (Double(with.tally.reached), Double(without.tally.reached))
        guard reachedWith > 0, reachedWithout > 0 else { return nil }
        let shareWith = Double(with.tally.answered) / reachedWith
        let shareWithout = Double(without.tally.answered) / reachedWithout
        // Pearson's χ² of each template against its own side's share.
        var chiSquared = 0.0
        for template in templates {
            let share = with.templates.contains(template.templateID) ? shareWith : shareWithout
            let reached = Double(template.tally.reached)
            let expectedVariance = reached * share * (1 - share)
            guard expectedVariance > 0 else { continue }
            let gap = Double(template.tally.answered) - reached * share
            chiSquared += gap * gap / expectedVariance
        }
        let degreesOfFreedom = with.templates.count + without.templates.count - 2
        let dispersion = Swift.max(1, chiSquared / Double(degreesOfFreedom))
        let pooled = Double(with.tally.answered + without.tally.answered) / (reachedWith + reachedWithout)
        let variance = pooled * (1 - pooled) * (1 / reachedWith + 1 / reachedWithout) * dispersion
        guard variance > 0 else { return (dispersion, shareWith == shareWithout ? 1 : 0) }
        let t = (shareWith - shareWithout) / variance.squareRoot()
        return (dispersion, StudentT.twoSidedChance(t, degreesOfFreedom: degreesOfFreedom))
    }

    /// The comparisons past chance.
    public var clear: [Comparison] { comparisons.filter { $0.verdict == .better || $0.verdict == .worse } }
}

extension WordingReview.Verdict {
    /// "Clearly better", for a page's badge and the command line's table.
    public var words: String {
        switch self {
        case .better: "Clearly better"
        case .worse: "Clearly worse"
        case .noClearDifference: "No clear difference"
        case .tooFewTemplates: "Too few templates to tell"
        }
    }
}

extension WordingReview.Side {
    mutating func add(_ template: TemplatePerformance) {
        templates.append(template.templateID)
        tally.add(template.tally)
    }
}

extension WordingReview {
    /// The SOP's "what to change", one line a clear comparison: "First texts that ask a
    /// question were answered 33.4% of the time (3 templates, 2,410 leads) against 20.2% for
    /// those that do not (2 templates, 1,530 leads): try one in “first-touch-price”, ...".
    public var advice: [String] {
        clear.map { comparison in
            let kind = comparison.role == .firstTouch ? "First texts" : "Follow-ups"
            let (with, without) = (comparison.with, comparison.without)
            let against =
                "\(kind) that \(comparison.trait.phrase) were answered \(OutreachAnalysis.share(with.tally)) of the time (\(Self.sample(with))) "
                + "against \(OutreachAnalysis.share(without.tally)) for those that do not (\(Self.sample(without)))"
            let better = comparison.verdict == .better
            let toChange = (better ? without : with).templates.map { "“\($0.rawValue)”" }
            let step = better ? "try \(Self.doing(comparison.trait)) in" : "try without it in"
            return "\(against): \(step) \(KPIFormatting.spokenList(toChange)), one element at a time as an A/B test (\(OutreachAnalysis.pPhrase(comparison.chance ?? 1)))."
        }
    }

    static func doing(_ trait: TemplateWording.Trait) -> String {
        switch trait {
        case .asksQuestion: "asking one"
        case .callToAction: "asking for a next step"
        case .personal: "the customer's name or car"
        case .oneText: "fitting it in one text"
        case .emoji: "an emoji"
        }
    }

    static func sample(_ side: Side) -> String {
        "\(KPIFormatting.count(side.templates.count, "template", "templates")), \(OutreachAnalysis.count(side.tally.reached)) leads"
    }
}
