/// One row per lead for spreadsheets and BI tools: who, from where, what happened. Columns
/// are fixed and documented (docs/integrations.md); new ones only ever go at the end.
/// Contact values are as stored, with the door checks beside them, so a bad number is
/// visible rather than silently fixed or dropped.
public enum LeadTable {
    public static let columns: [String] = [
        "lead_id", "store_id", "created_at", "created_local_date", "submitted_at", "source", "campaign_id", "region", "tier", "cost",
        "vehicle_condition", "vehicle_make", "vehicle_model", "vehicle_year",
        "first_name", "last_name", "phone", "phone_e164", "phone_problem", "email", "email_problem",
        "agent_id", "messages_sent", "replies", "first_response_at", "first_response_seconds", "first_response_sender",
        "opted_out_at", "appointments_set", "appointments_attended", "sales", "revenue",
    ]

    public static func row(_ records: LeadRecords, store: StoreProfile) -> [TableCell] {
        let state = records.state
        let profile = state.profile
        let contact = profile?.contact
        let phone = contact?.phone.map(ContactCheck.phone)
        let email = contact?.email.map(ContactCheck.email)
        var firstResponseSeconds: Double?
        if let start = state.startedAt, let end = state.firstResponse?.at { firstResponseSeconds = start.seconds(until: end) }
        return [
            .text(state.leadID.rawValue), text(profile?.storeID.rawValue), time(state.createdAt),
            text(state.createdAt.map { store.calendar.localDate(of: $0).description }), time(profile?.submittedAt),
            text(profile?.source), text(profile?.campaignID?.rawValue), text(profile?.region), text(profile?.tier?.rawValue),
            profile?.cost.map { .number($0.amount) } ?? .empty,
            text(profile?.vehicle?.condition?.rawValue), text(profile?.vehicle?.make), text(profile?.vehicle?.model),
            profile?.vehicle?.year.map { .integer(Int64($0)) } ?? .empty,
            text(contact?.firstName), text(contact?.lastName), text(contact?.phone), text(phone?.e164), text(phone?.problem),
            text(contact?.email), text(email?.problem),
            text(state.agentID?.rawValue), .integer(Int64(state.outboundCount)), .integer(Int64(state.inboundCount)),
            time(state.firstResponse?.at), firstResponseSeconds.map(TableCell.number) ?? .empty, text(state.firstResponse?.sender.rawValue),
            time(state.optedOutAt), .integer(Int64(records.appointments.count)),
            .integer(Int64(records.appointments.count { $0.outcome == .attended })), .integer(Int64(records.sales.count)),
            .number(state.revenue.amount),
        ]
    }
}

/// One row per message of the leads in the window, both directions, in the lead's order.
public enum MessageTable {
    public static let columns: [String] = [
        "lead_id", "store_id", "message_id", "direction", "at", "channel", "sender", "agent_id", "template_id", "campaign_id",
        "experiment_id", "variant_id", "auto_reply", "status", "status_at", "error_code", "opt_out", "body",
    ]

    public static func rows(_ records: LeadRecords) -> [[TableCell]] {
        let store = text(records.state.profile?.storeID.rawValue)
        return records.messages.map { message in
            [
                .text(message.leadID.rawValue), store, .text(message.key.messageID.rawValue), .text(message.key.direction.rawValue), time(message.at),
                text(message.channel?.rawValue), text(message.sender?.rawValue), text(message.agentID?.rawValue), text(message.templateID?.rawValue),
                text(message.campaignID?.rawValue), text(message.experimentID), text(message.variantID),
                message.key.direction == .outbound ? .text(message.autoReply ? "true" : "false") : .empty,
                text(message.status?.rawValue), time(message.statusAt), text(message.errorCode),
                message.key.direction == .inbound ? .text(message.isOptOut ? "true" : "false") : .empty, text(message.body),
            ]
        }
    }
}

/// The scorecard as rows: one per KPI (and per segment when grouped), with its target and gap.
public enum KPITable {
    public static let columns: [String] = [
        "from", "to", "store_id", "group_by", "group", "kpi", "name", "unit", "value", "numerator", "denominator",
        "target_min", "target_max", "gap", "status", "previous_value", "definition_version",
        // Lead-cohort KPIs whose leads are still young (empty otherwise); added last, so
        // sheets that read the earlier columns by position keep working.
        "share_in", "projected", "projected_status",
        // A figure off target on too few to tell (empty otherwise): the 95 % range of its true value.
        "too_few_lower", "too_few_upper",
        // The one kind of lead the figures are narrowed to ("source:website"), beside a
        // breakdown by store; empty for all leads.
        "segment",
        // The group as people know it: a store's name, a source's, campaign's or agent's
        // configured name; the group itself when it has none.
        "group_name",
        // Beside previous_value: better, worse or same by the KPI's own bands (empty without a
        // comparison), for a sheet to colour the way the scorecard does.
        "direction",
        // true when the change is more than chance alone would make (95 %), false when it is
        // within it, empty when no test applies: the scorecard colours only the true ones.
        "clear_change",
    ]

    /// `segment`: "source:website" when every figure counts only such leads.
    public static func rows(_ report: KPIReport, segment: String? = nil) -> [[TableCell]] {
        let query = report.query
        var rows: [[TableCell]] = []
        for group in report.groups {
            let previous = Dictionary((group.previous ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for result in group.results {
                let definition = group.catalog[result.key]
                var tooFew: PlausibleRange?
                if case .tooFewToTell(_, let interval, _, _) = result.judgement(definition) { tooFew = interval }
                rows.append([
                    .text(query.from.description), .text(query.to.description), text(query.store?.rawValue), text(query.groupBy?.rawValue),
                    text(group.group), .text(result.key.rawValue), .text(definition.name), .text(definition.unit.rawValue),
                    number(result.value), number(result.numerator), number(result.denominator),
                    number(definition.target.min), number(definition.target.max), number(result.gap), .text(result.status.rawValue),
                    number(previous[result.key]?.value), .integer(Int64(definition.version)),
                    number(result.maturity?.shareIn), number(result.maturity?.projected(result.value)),
                    text(result.maturity?.projectedStatus(result.value, bands: definition.bands)?.rawValue),
                    number(tooFew?.lower), number(tooFew.flatMap { $0.isBounded ? $0.upper : nil }), text(segment),
                    text(group.group.map { report.groupNames[$0] ?? $0 }),
                    text(previous[result.key].flatMap { result.direction(from: $0, bands: definition.bands)?.rawValue }),
                    text(previous[result.key].flatMap { result.isClearChange(from: $0) }.map { $0 ? "true" : "false" }),
                ])
            }
        }
        return rows
    }
}

private func text(_ value: String?) -> TableCell { value.map(TableCell.text) ?? .empty }
private func time(_ value: Timestamp?) -> TableCell { text(value?.rfc3339) }
private func number(_ value: Double?) -> TableCell { value.map(TableCell.number) ?? .empty }
