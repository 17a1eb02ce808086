/// One cell of an exported table: typed, so that CSV and NDJSON each write it their way.
public enum TableCell: Hashable, Sendable {
    case text(String)
    case number(Double)
    case integer(Int64)
    /// Unknown or not applicable: empty in CSV, `null` in NDJSON.
    case empty
}

/// The per-lead response-time table: one row per lead, columns fixed and documented
/// (docs/speed-to-lead.md). New columns are only ever added at the end, so scripts that
/// read by position keep working.
public enum ResponseTimeTable {
    public static let columns: [String] = [
        "lead_id", "store_id", "source", "region", "tier", "agent_id",
        "submitted_at", "received_at", "start_at", "start_basis",
        "first_response_at", "first_response_sender", "first_response_message_id",
        "wall_seconds", "business_seconds", "clock", "elapsed_seconds", "sla_seconds", "sla_state",
        "cause", "technical_reasons",
        "first_human_response_at", "human_wall_seconds", "human_business_seconds",
        "unknown_reason", "repeat_of", "calendar_version", "policy_version",
    ]

    /// The cells of one lead, in `columns` order.
    public static func row(_ assessment: LeadResponseAssessment, submittedAt: Timestamp?) -> [TableCell] {
        func text(_ value: String?) -> TableCell { value.map(TableCell.text) ?? .empty }
        func time(_ value: Timestamp?) -> TableCell { text(value?.rfc3339) }
        func seconds(_ value: Double?) -> TableCell { value.map(TableCell.number) ?? .empty }
        let response = assessment.response
        let human = assessment.humanResponse
        return [
            .text(assessment.leadID.rawValue), .text(assessment.storeID.rawValue), .text(assessment.source), text(assessment.region),
            .text(assessment.tier.rawValue), text(assessment.agentID?.rawValue),
            time(submittedAt), time(assessment.createdAt), time(assessment.start), .text(assessment.startBasis.rawValue),
            time(response.respondedAt), text(response.sender?.rawValue), text(response.messageID?.rawValue),
            seconds(response.wallSeconds), seconds(response.businessSeconds), .text(assessment.clock.rawValue), seconds(assessment.elapsedSeconds),
            .number(assessment.slaSeconds), .text(assessment.state.rawValue),
            text(assessment.cause?.rawValue), text(assessment.technicalReasons.isEmpty ? nil : assessment.technicalReasons.map(\.rawValue).joined(separator: ";")),
            time(human.respondedAt), seconds(human.wallSeconds), seconds(human.businessSeconds),
            text(response.unknownReason ?? (assessment.start == nil ? "the lead's start time is not known" : nil)), text(assessment.repeatOf?.rawValue),
            .text(assessment.calendarVersion), .integer(Int64(assessment.policyVersion)),
        ]
    }
}
