extension ProcessChange {
    /// The change as the API gives it back: what was recorded, by whom and when.
    public func write(to writer: inout JSONWriter) {
        writer.member("id", id)
        writer.member("title", title)
        writer.member("day", day.description)
        // Null, not left out: "every store" and "every lead" are answers too.
        writer.member("store", orNull: store?.rawValue)
        writer.member("segment", orNull: segment?.dimension.rawValue)
        writer.member("segment_value", orNull: segment?.value)
        writer.member("figure", figure.rawValue)
        writer.member("note", orNull: note)
        writer.member("recorded_by", recordedBy)
        writer.member("recorded_at", recordedAt)
    }
}

extension ChangeReview {
    /// `changes`: each recorded change with its verdict, the two windows with the figures of
    /// the leads changed and of the rest, and the words; then how many of each verdict.
    public func write(to writer: inout JSONWriter, catalog: KPICatalog) {
        writer.key("changes")
        writer.beginArray()
        for outcome in outcomes {
            writer.beginObject()
            outcome.change.write(to: &writer)
            writer.member("verdict", outcome.verdict.rawValue)
            writer.member("days", outcome.days)
            for (name, window, figure, rest) in [
                ("before", outcome.before, outcome.figureBefore, outcome.restBefore), ("since", outcome.since, outcome.figureSince, outcome.restSince),
            ] {
                BeforeAndSince.write(name, window: window, figure: figure, to: &writer) { writer in
                    writer.key("rest")
                    guard outcome.change.restWords != nil else { return writer.null() }
                    writer.beginObject()
                    BeforeAndSince.write(rest, to: &writer)
                    writer.endObject()
                }
            }
            writer.member("change_chance", outcome.changeChance)
            writer.member("net_change", outcome.netChange)
            writer.member("net_change_chance", outcome.netChangeChance)
            writer.member("rest", orNull: outcome.change.restWords)
            writer.key("judged_net_of_rest")
            writer.bool(outcome.judgedNetOfRest)
            writer.key("moved_with_rest")
            writer.bool(outcome.movedWithRest)
            writer.member("words", outcome.words(catalog: catalog, restName: outcome.change.restWords ?? ""))
            writer.endObject()
        }
        writer.endArray()
        writer.key("summary")
        writer.beginObject()
        for verdict in Verdict.allCases { writer.member(verdict.rawValue, count(verdict)) }
        writer.endObject()
    }
}

extension JSONWriter {
    /// A string member written as null when there is none.
    public mutating func member(_ name: String, orNull value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }
}

extension BeforeAndSince {
    /// A side as `{"from", "to", its share, and what `more` adds}`, or null while it has no days.
    public static func write(
        _ name: String, window: ClosedRange<CivilDate>?, figure: KPIResult?, to writer: inout JSONWriter, more: (inout JSONWriter) -> Void = { _ in }
    ) {
        writer.key(name)
        guard let window else { return writer.null() }
        writer.beginObject()
        writer.member("from", window.lowerBound.description)
        writer.member("to", window.upperBound.description)
        write(figure, to: &writer)
        more(&writer)
        writer.endObject()
    }

    /// A side's share as the API gives it: value, counts, and where it is heading while its
    /// outcomes are still coming in.
    public static func write(_ figure: KPIResult?, to writer: inout JSONWriter) {
        writer.member("value", figure?.value)
        writer.member("numerator", figure?.numerator ?? 0)
        writer.member("denominator", figure?.denominator ?? 0)
        writer.member("projected", figure?.maturity?.projected(figure?.value))
    }
}
