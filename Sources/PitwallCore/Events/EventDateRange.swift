/// The years an event's dates may fall in. A date outside them is a sender's placeholder
/// (0001-01-01, 1970-01-01, 9999-12-31) or a typo, not a lead's story: stored, it counts the
/// lead on a day no scorecard asks for, and every business-hours reckoning about the lead
/// (how long it has waited, in open hours) walks centuries of days each time it is read.
/// Checked at the doors (the events API, imports, CRM files, ADF); what is already stored
/// stays readable.
public enum EventDateRange {
    /// 2000-01-01T00:00:00Z.
    public static let earliest = Timestamp(millisecondsSinceEpoch: 946_684_800_000)
    /// 2100-01-01T00:00:00Z, the first instant outside.
    public static let end = Timestamp(millisecondsSinceEpoch: 4_102_444_800_000)

    public static func contains(_ instant: Timestamp) -> Bool { instant >= earliest && instant < end }

    /// The first of the event's dates outside the range, as the field's error; nil when all are inside.
    public static func problem(in event: Event) -> EventFieldError? {
        var dated: [(field: String, at: Timestamp)] = [("occurred_at", event.occurredAt)]
        switch event.payload {
        case .leadCreated(let created): if let submitted = created.submittedAt { dated.append(("submitted_at", submitted)) }
        case .appointmentSet(let appointment): dated.append(("scheduled_for", appointment.scheduledFor))
        default: break
        }
        guard let outside = dated.first(where: { !contains($0.at) }) else { return nil }
        return EventFieldError(
            field: outside.field,
            problem: "\(outside.at.rfc3339) is outside the years 2000 to 2099 that Pitwall keeps events for (a placeholder date from the sender?)")
    }
}
