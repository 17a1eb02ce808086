import PitwallCore

/// A window's template ranking, A/B tests and send times, read from a store: what
/// `GET /v1/outreach` returns, the `/outreach` page shows and `pitwall outreach` prints.
public struct OutreachReading: Sendable {
    public var analysis: OutreachAnalysis
    /// The advice with sources by their display names.
    public var advice: [String]

    public init(
        _ window: ClosedRange<CivilDate>, store: StoreID?, source: String?, leads: any LeadQueryStore, configuration: PitwallConfiguration,
        now: Timestamp
    ) async throws {
        let span = OutreachAnalysis.span(of: window)
        let conversations = try await leads.templatedConversations(sentFrom: span.from, before: span.before, store: store)
        analysis = OutreachAnalysis(
            conversations: conversations, window: window, source: source, texts: configuration.templateTexts, now: now,
            calendar: configuration.calendar(of:))
        let names = configuration.names
        advice = analysis.advice { names.value($0, of: .source) }
    }

    /// The whole answer of `GET /v1/outreach`.
    public func json(_ query: KPIQuery) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.window(query, segment: analysis.source.map { (SegmentDimension.source, $0) })
        writer.key("total")
        Self.write(analysis.total, to: &writer)
        writer.key("templates")
        writer.beginArray()
        for template in analysis.templates {
            writer.beginObject()
            writer.member("template", template.templateID)
            writer.member("role", template.role.rawValue)
            Self.writeMembers(template.tally, to: &writer)
            writer.member("band", template.band?.rawValue)
            writer.key("wording")
            if let wording = analysis.wording.wordings[template.templateID] { Self.write(wording, to: &writer) } else { writer.null() }
            writer.endObject()
        }
        writer.endArray()
        writer.key("wording")
        Self.write(analysis.wording, to: &writer)
        writer.key("chase")
        Self.write(analysis.chase, to: &writer)
        writer.key("hand_off")
        Self.write(analysis.handOff, to: &writer)
        writer.key("experiments")
        writer.beginArray()
        for experiment in analysis.experiments { Self.write(experiment, to: &writer) }
        writer.endArray()
        writer.key("send_times")
        writer.beginObject()
        writer.key(TemplatedSend.Role.firstTouch.rawValue)
        Self.write(analysis.firstTextTimes, to: &writer)
        writer.key(TemplatedSend.Role.followUp.rawValue)
        Self.write(analysis.followUpTimes, to: &writer)
        writer.endObject()
        writer.member("advice", strings: advice)
        writer.endObject()
        return writer.text
    }

    static func write(_ tally: ReplyTally, to writer: inout JSONWriter) {
        writer.beginObject()
        writeMembers(tally, to: &writer)
        writer.endObject()
    }

    static func writeMembers(_ tally: ReplyTally, to writer: inout JSONWriter) {
        writer.member("sent", tally.sent)
        writer.member("reached", tally.reached)
        writer.member("answered", tally.answered)
        writer.member("response_rate", tally.responseRate)
        writer.member("response_rate_range", range: tally.interval.map { $0.lower...$0.upper })
        writer.member("opted_out", tally.optedOut)
        writer.member("opt_out_rate", tally.optOutRate)
        writer.member("median_minutes_to_answer", tally.medianMinutesToAnswer)
    }

    static func write(_ wording: TemplateWording, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("length", wording.length)
        writer.member("encoding", wording.encoding.rawValue)
        writer.member("segments", wording.segments)
        for trait in TemplateWording.Trait.allCases {
            writer.key(trait.rawValue)
            writer.bool(wording.has(trait))
        }
        writer.member("placeholders", strings: wording.placeholders)
        writer.endObject()
    }

    static func write(_ review: WordingReview, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("comparisons")
        writer.beginArray()
        for comparison in review.comparisons {
            writer.beginObject()
            writer.member("trait", comparison.trait.rawValue)
            writer.member("role", comparison.role.rawValue)
            for (name, side) in [("with", comparison.with), ("without", comparison.without)] {
                writer.key(name)
                writer.beginObject()
                writer.member("templates", strings: side.templates.map(\.rawValue))
                writeMembers(side.tally, to: &writer)
                writer.endObject()
            }
            writer.member("dispersion", comparison.dispersion)
            writer.member("p_value", comparison.chance)
            writer.member("verdict", comparison.verdict.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.member("without_text", strings: review.withoutText.map(\.rawValue))
        writer.endObject()
    }

    static func writeMembers(_ tally: ChaseReview.Tally, to writer: inout JSONWriter) {
        writer.member("sent", tally.sent)
        writer.member("answered", tally.answered)
        writer.member("answer_rate", tally.answerRate)
        writer.member("opted_out", tally.optedOut)
        writer.member("opt_out_rate", tally.optOutRate)
    }

    static func write(_ review: ChaseReview, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("leads", review.leads)
        writer.member("pending", review.pending)
        writer.key("stop_after")
        if let last = review.stopAfter { writer.integer(Int64(last)) } else { writer.null() }
        writer.key("messages")
        writer.beginArray()
        for step in review.steps {
            writer.beginObject()
            writer.member("message", step.number)
            writer.key("or_later")
            writer.bool(step.isOrLater)
            writeMembers(step.tally, to: &writer)
            writer.member("answered_so_far", step.answeredSoFar)
            writer.member("p_value_stops_outnumber", step.chanceStopsOutnumber)
            writer.key("loses_more_than_it_wins")
            writer.bool(step.losesMoreThanItWins)
            writer.endObject()
        }
        writer.endArray()
        writer.key("waits")
        writer.beginArray()
        for row in review.waits {
            writer.beginObject()
            writer.member("template", row.templateID)
            writer.key("by_wait")
            writer.beginArray()
            for wait in ChaseReview.Wait.allCases {
                writer.beginObject()
                writer.member("wait", wait.rawValue)
                writeMembers(row.tally(wait), to: &writer)
                writer.endObject()
            }
            writer.endArray()
            for (name, wait) in [("best", row.best), ("worst", row.worst)] {
                writer.key(name)
                if let wait { writer.string(wait.rawValue) } else { writer.null() }
            }
            writer.member("p_value", row.chance)
            writer.member("verdict", row.verdict.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    static func write(_ review: HandOffReview, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("horizon_days", HandOffReview.horizonDays)
        for (name, tallies) in [("open_hours", review.openHours), ("closed_hours", review.closedHours)] {
            writer.key(name)
            writer.beginArray()
            for (wait, tally) in zip(HandOffReview.Wait.allCases, tallies) {
                writer.beginObject()
                writer.member("wait", wait.rawValue)
                writer.member("leads", tally.leads)
                writer.member("booked", tally.booked)
                writer.member("booking_rate", tally.bookingRate)
                writer.endObject()
            }
            writer.endArray()
        }
        writer.member("too_recent", review.tooRecent)
        writer.member("booked_before_reply", review.bookedBeforeReply)
        for (name, wait) in [("best", review.best), ("worst", review.worst)] {
            writer.key(name)
            if let wait { writer.string(wait.rawValue) } else { writer.null() }
        }
        writer.member("p_value", review.chance)
        writer.member("verdict", review.verdict.rawValue)
        writer.key("trend")
        if let trend = review.trend {
            writer.beginObject()
            writer.member("z", trend.z)
            writer.member("p_value", trend.chance)
            writer.member("direction", trend.soonerBooksMore ? "sooner_books_more" : "later_books_more")
            writer.key("clear")
            writer.bool(trend.isClear)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.endObject()
    }

    static func write(_ experiment: ExperimentResult, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("experiment", experiment.experimentID)
        writer.member("first_send", experiment.firstSend)
        writer.member("last_send", experiment.lastSend)
        writer.member("days_run", experiment.daysRun)
        switch experiment.verdict {
        case .oneVariant:
            writer.member("verdict", "one_variant")
        case .tooEarly:
            writer.member("verdict", "too_early")
        case .winner(let variant, _):
            writer.member("verdict", "winner")
            writer.member("winner", variant)
        case .noClearWinner(let more):
            writer.member("verdict", "no_clear_winner")
            writer.key("more_sends_each")
            if let more { writer.integer(Int64(more)) } else { writer.null() }
            writer.key("days_to_tell")
            if let days = experiment.daysToTell { writer.integer(Int64(days)) } else { writer.null() }
        }
        writer.member("p_value", experiment.anytimeChance)
        writer.member("p_value_single_look", experiment.chance)
        writer.key("variants")
        writer.beginArray()
        for variant in experiment.variants {
            writer.beginObject()
            writer.member("variant", variant.id)
            writer.key("templates")
            writer.beginArray()
            for template in variant.templates { writer.string(template.rawValue) }
            writer.endArray()
            writeMembers(variant.tally, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// An array of tallies, each opened by `label` with its index.
    static func writeEach(_ tallies: [ReplyTally], as name: String, to writer: inout JSONWriter, label: (inout JSONWriter, Int) -> Void) {
        writer.key(name)
        writer.beginArray()
        for (index, tally) in tallies.enumerated() {
            writer.beginObject()
            label(&writer, index)
            writeMembers(tally, to: &writer)
            writer.endObject()
        }
        writer.endArray()
    }

    static func write(_ table: SendTimeTable, to writer: inout JSONWriter) {
        writer.beginObject()
        writeEach(table.byHour, as: "by_hour", to: &writer) { $0.member("hour", $1) }
        writeEach(table.byWeekday, as: "by_weekday", to: &writer) { $0.member("weekday", weekdays[$1]) }
        writer.key("by_source")
        writer.beginArray()
        for source in table.sources {
            writer.beginObject()
            writer.member("source", source.source)
            writer.key("day_parts")
            writer.beginObject()
            for part in DayPart.allCases {
                writer.key(part.rawValue)
                write(source.tally(part), to: &writer)
            }
            writer.endObject()
            let clearly = source.clearlyBest
            writer.member("best", clearly?.best.rawValue)
            writer.member("worst", clearly?.worst.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}
