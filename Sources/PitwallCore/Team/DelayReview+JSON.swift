extension ReportedDelay {
    /// The report as the API gives it back: what was recorded, by whom and when.
    public func write(to writer: inout JSONWriter, agentName: String?) {
        writer.member("id", id)
        writer.member("store", store)
        writer.member("agent", orNull: agent)
        writer.member("agent_name", orNull: agentName)
        writer.member("day", day.description)
        writer.member("step", step)
        writer.member("minutes", minutes)
        writer.member("share", share)
        writer.member("change_id", orNull: change)
        writer.member("note", orNull: note)
        writer.member("recorded_by", recordedBy)
        writer.member("recorded_at", recordedAt)
    }
}

extension DelayReview {
    /// `delays`: a step a store, the costliest open one first, with its figures, its reports
    /// and what became of it; then how many are open and what they cost a week.
    public func write(to writer: inout JSONWriter, catalog: KPICatalog, agentName: (String) -> String) {
        writer.key("delays")
        writer.beginArray()
        for step in steps {
            writer.beginObject()
            writer.member("store", step.store)
            writer.member("step", step.step)
            writer.member("status", step.status.rawValue)
            writer.member("reports", step.reports.count)
            writer.member("agents", strings: step.agents)
            writer.member("minutes_per_lead", step.minutes)
            writer.member("share_of_leads", step.share)
            writer.member("leads_a_week", step.workload?.leadsAWeek)
            writer.key("agents_at_store")
            if let agents = step.workload?.agents { writer.integer(Int64(agents)) } else { writer.null() }
            writer.member("hours_a_week", step.hoursAWeek)
            writer.key("change")
            if let outcome = step.change {
                writer.beginObject()
                writer.member("id", outcome.change.id)
                writer.member("title", outcome.change.title)
                writer.member("day", outcome.change.day.description)
                writer.member("figure", outcome.change.figure.rawValue)
                writer.member("verdict", outcome.verdict.rawValue)
                writer.endObject()
            } else if let missing = step.missingChange {
                writer.beginObject()
                writer.member("id", missing)
                writer.key("verdict")
                writer.null()
                writer.endObject()
            } else {
                writer.null()
            }
            writer.member("reports_since_change", step.reportsSinceChange)
            writer.member("words", step.costWords(agentName: agentName) + " " + step.statusWords(catalog: catalog))
            writer.key("reported")
            writer.beginArray()
            for report in step.reports {
                writer.beginObject()
                report.write(to: &writer, agentName: report.agent.map(agentName))
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.key("summary")
        writer.beginObject()
        writer.member("open", count(.open))
        writer.member("addressed", count(.addressed))
        writer.member("open_hours_a_week", openHoursAWeek)
        writer.endObject()
    }
}
