extension LeadResponseAssessment {
    /// The assessment as the API shows it; durations in seconds, `null` when unknown.
    public func write(to writer: inout JSONWriter, now: Timestamp) {
        writer.beginObject()
        writer.member("lead_id", leadID)
        writer.member("store_id", storeID)
        writer.member("source", source)
        writer.member("region", region)
        writer.member("tier", tier.rawValue)
        writer.member("agent_id", agentID)
        writer.member("created_at", createdAt)
        writer.member("started_at", start)
        writer.member("start_basis", startBasis.rawValue)
        writer.member("state", state.rawValue)
        writer.member("clock", clock.rawValue)
        writer.optionalNumber("sla_seconds", slaSeconds)
        writer.optionalNumber("elapsed_seconds", elapsedSeconds)
        writer.optionalNumber("seconds_left", secondsLeft)
        writer.optionalNumber("age_seconds", start.map { $0.seconds(until: now) })
        writer.member("escalates_at", escalatesAt)
        writer.member("breaches_at", breachesAt)
        writer.key("response")
        response.write(to: &writer)
        writer.key("human_response")
        humanResponse.write(to: &writer)
        writer.key("cause")
        if let cause { writer.string(cause.rawValue) } else { writer.null() }
        writer.key("technical_reasons")
        writer.beginArray()
        for reason in technicalReasons { writer.string(reason.rawValue) }
        writer.endArray()
        writer.key("repeat_of")
        if let repeatOf { writer.string(repeatOf.rawValue) } else { writer.null() }
        writer.member("calendar_version", calendarVersion)
        writer.key("policy_version")
        writer.integer(Int64(policyVersion))
        writer.endObject()
    }
}

extension ResponseMeasure {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("at", respondedAt)
        writer.member("message_id", messageID)
        writer.member("sender", sender?.rawValue)
        writer.optionalNumber("wall_seconds", wallSeconds)
        writer.optionalNumber("business_seconds", businessSeconds)
        writer.key("unknown_reason")
        if let unknownReason { writer.string(unknownReason) } else { writer.null() }
        writer.endObject()
    }
}

extension ResponseTimePolicy {
    public var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("start", start.rawValue)
        writer.key("responders")
        writer.beginArray()
        for responder in responders.map(\.rawValue).sorted() { writer.string(responder) }
        writer.endArray()
        writer.key("channels")
        writer.beginArray()
        for channel in channels.map(\.rawValue).sorted() { writer.string(channel) }
        writer.endArray()
        writer.member("clock", clock.rawValue)
        writer.member("repeat_leads", foldRepeatLeads ? "fold" : "separate")
        writer.key("repeat_window_days")
        writer.integer(Int64(repeatWindowDays))
        writer.key("sla_seconds")
        writer.beginObject()
        for tier in LeadTier.allCases { writer.optionalNumber(tier.rawValue, sla(for: tier)) }
        writer.endObject()
        if !storeSLASeconds.isEmpty {
            writer.key("store_sla_seconds")
            writer.beginObject()
            for store in storeSLASeconds.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                writer.key(store.rawValue)
                writer.beginObject()
                for tier in LeadTier.allCases { writer.optionalNumber(tier.rawValue, sla(for: tier, at: store)) }
                writer.endObject()
            }
            writer.endObject()
        }
        writer.key("tier_by_source")
        writer.beginObject()
        for source in tierBySource.keys.sorted() { writer.member(source, tierBySource[source]!.rawValue) }
        writer.endObject()
        writer.member("default_tier", defaultTier.rawValue)
        writer.optionalNumber("escalate_at", escalateAtFraction)
        writer.optionalNumber("ingestion_lag_seconds", ingestionLagSeconds)
        writer.key("agent_waiting_limit")
        writer.integer(Int64(agentWaitingLimit))
        writer.key("version")
        writer.integer(Int64(version))
        writer.changeLog(changes)
        writer.endObject()
        return writer.text
    }
}

extension Escalation {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("kind", kind.rawValue)
        writer.member("lead_id", leadID)
        writer.member("store_id", storeID)
        writer.member("agent_id", agentID)
        writer.member("tier", tier.rawValue)
        writer.member("due_at", dueAt)
        writer.member("raised_at", raisedAt)
        writer.member("acknowledged_at", acknowledgedAt)
        writer.member("acknowledged_by", acknowledgedBy)
        writer.member("comment", comment)
        writer.member("resolved_at", resolvedAt)
        writer.endObject()
    }
}
