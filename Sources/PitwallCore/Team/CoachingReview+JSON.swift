extension CoachingSession {
    /// The session as the API gives it back: what was recorded, by whom and when.
    public func write(to writer: inout JSONWriter, agentName: String) {
        writer.member("id", id)
        writer.member("store", store)
        writer.member("agent", agent)
        writer.member("agent_name", agentName)
        writer.member("day", day.description)
        writer.member("focus", focus.rawValue)
        writer.key("note")
        if let note { writer.string(note) } else { writer.null() }
        writer.member("recorded_by", recordedBy)
        writer.member("recorded_at", recordedAt)
    }
}

extension CoachingReview {
    /// `sessions`: each recorded session with its verdict, the two windows and figures, and the
    /// words; then how many of each verdict.
    public func write(to writer: inout JSONWriter, catalog: KPICatalog, agentName: (CoachingSession) -> String) {
        writer.key("sessions")
        writer.beginArray()
        for outcome in outcomes {
            writer.beginObject()
            outcome.session.write(to: &writer, agentName: agentName(outcome.session))
            writer.member("verdict", outcome.verdict.rawValue)
            writer.member("days", outcome.days)
            BeforeAndSince.write("before", window: outcome.before, figure: outcome.figureBefore, to: &writer)
            BeforeAndSince.write("since", window: outcome.since, figure: outcome.figureSince, to: &writer)
            writer.member("change_chance", outcome.changeChance)
            writer.member("words", outcome.words(catalog: catalog))
            writer.endObject()
        }
        writer.endArray()
        writer.key("summary")
        writer.beginObject()
        for verdict in [Verdict.took, .slipped, .noClearChange, .tooEarly] { writer.member(verdict.rawValue, count(verdict)) }
        writer.endObject()
    }
}
