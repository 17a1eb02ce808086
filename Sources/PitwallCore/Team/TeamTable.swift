/// The team review as rows: one an agent and compared KPI, with the store's other agents'
/// share beside it, for a spreadsheet of the team meeting. New columns are only ever added at
/// the end.
public enum TeamTable {
    public static let columns = [
        "store_id", "agent_id", "agent", "kpi", "value", "numerator", "denominator", "others_value", "others_numerator", "others_denominator",
        "others_leave_out", "chance", "call", "previous_value", "previous_numerator", "previous_denominator", "change_chance", "progress",
    ]

    public static func rows(_ review: TeamReview, agentName: (String) -> String) -> [[TableCell]] {
        func number(_ value: Double?) -> TableCell { value.map { .number($0) } ?? .empty }
        return review.agents.flatMap { line in
            line.comparisons.map { comparison in
                [
                    .text(line.store.rawValue), .text(line.agent), .text(agentName(line.agent)), .text(comparison.key.rawValue),
                    number(comparison.result.value), number(comparison.result.numerator), number(comparison.result.denominator),
                    number(comparison.restValue), .number(comparison.restCounted), .number(comparison.restOf), .text(comparison.leftOut.joined(separator: " ")),
                    number(comparison.chance), comparison.call.map { .text($0.rawValue) } ?? .empty,
                    number(comparison.before?.value), number(comparison.before?.numerator), number(comparison.before?.denominator),
                    number(comparison.changeChance), comparison.progress.map { .text($0.rawValue) } ?? .empty,
                ]
            }
        }
    }
}
