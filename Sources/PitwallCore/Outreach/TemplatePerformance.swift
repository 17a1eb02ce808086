/// One template's response rate, judged by the SOP's weekly template ranking: above 30 % a
/// top performer, below 20 % an underperformer to rewrite.
public struct TemplatePerformance: Hashable, Sendable {
    /// The SOP's verdict on a first-touch template.
    public enum Band: String, Hashable, Sendable {
        /// Answered more than 30 % of the time.
        case top
        case middle
        /// Answered less than 20 % of the time: rewrite or retire it.
        case under
        /// Fewer than 30 leads reached: not judged yet.
        case tooFew = "too_few"
    }

    public var templateID: TemplateID
    public var role: TemplatedSend.Role
    public var tally: ReplyTally

    /// The SOP's thresholds (section "Message Template Optimization").
    public static let topAbove = 0.30
    public static let underBelow = 0.20

    /// First touches only: a follow-up goes to a lead who did not answer the first text, so its
    /// rate is judged against other follow-ups, not against the SOP's first-touch bands.
    public var band: Band? {
        guard role == .firstTouch else { return nil }
        guard tally.isEnoughToJudge, let rate = tally.responseRate else { return .tooFew }
        return rate > Self.topAbove ? .top : rate < Self.underBelow ? .under : .middle
    }

    /// First touches then follow-ups, each best first by response rate; the ones too few to
    /// judge after the rest of their role; then by name.
    public static func ranking(_ sends: [TemplatedSend]) -> [TemplatePerformance] {
        var tallies: [TemplateKey: ReplyTally] = [:]
        for send in sends { tallies[TemplateKey(template: send.templateID, role: send.role), default: ReplyTally()].add(send) }
        return tallies.map { TemplatePerformance(templateID: $0.key.template, role: $0.key.role, tally: $0.value) }.sorted(by: rankedBefore)
    }

    private static func rankedBefore(_ a: TemplatePerformance, _ b: TemplatePerformance) -> Bool {
        if a.role != b.role { return a.role == .firstTouch }
        if a.tally.isEnoughToJudge != b.tally.isEnoughToJudge { return a.tally.isEnoughToJudge }
        let (rateA, rateB) = (a.tally.responseRate ?? -1, b.tally.responseRate ?? -1)
        return rateA != rateB ? rateA > rateB : a.templateID < b.templateID
    }

    private struct TemplateKey: Hashable {
        var template: TemplateID
        var role: TemplatedSend.Role
    }
}
