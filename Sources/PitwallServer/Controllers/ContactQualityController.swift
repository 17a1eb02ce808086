import Hummingbird
import PitwallCore

/// `GET /v1/contacts/quality`: per lead source, how many leads came without a usable phone or
/// e-mail, and what was wrong, for the leads created in a window.
struct ContactQualityController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("contacts").add(middleware: RequireScopeMiddleware(required: .read)).get("quality", use: quality)
    }

    @Sendable func quality(request: Request, context: PitwallRequestContext) async throws -> Response {
        let query = try KPIQuery.parse(request, now: dependencies.clock.now(), configuration: dependencies.configuration)
        let quality = try await dependencies.rollups.contactQuality(createdOn: query.from, through: query.to, store: query.store)
        let repeats = try await RepeatLeadReading.report(
            query.from...query.to, store: query.store, source: nil, leads: quality.bySource.mapValues(\.leads), store: dependencies.leads,
            configuration: dependencies.configuration)
        let lines = Dictionary(uniqueKeysWithValues: repeats.lines.map { ($0.source, $0) })
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("from", query.from.description)
        writer.member("to", query.to.description)
        writer.member("store", query.store)
        writer.member("repeat_window_days", repeats.windowDays)
        writer.key("total")
        Self.write(quality.total, to: &writer)
        writer.key("total_repeats")
        Self.write(repeats.total, to: &writer)
        writer.key("sources")
        writer.beginArray()
        for (source, tally) in quality.sourcesWorstFirst {
            writer.beginObject()
            writer.member("source", source)
            writer.key("counts")
            Self.write(tally, to: &writer)
            writer.key("repeats")
            Self.write(lines[source] ?? .none(source, leads: tally.leads), to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.member("repeat_findings", strings: repeats.findings { $0.isEmpty ? "(none)" : $0 })
        writer.endObject()
        return Response.json(writer.text)
    }

    /// A source's repeat leads: how many, their share of its leads, what the paid ones cost,
    /// and the sources their shoppers came through first, most first.
    static func write(_ line: RepeatLeadReport.Line, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("leads", line.repeats)
        writer.member("share", line.repeatShare)
        writer.member("spend", line.repeatSpend)
        writer.key("first_from")
        writer.beginArray()
        for first in line.firstFromMostFirst {
            writer.beginObject()
            writer.member("source", first.source)
            writer.member("leads", first.count)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }

    static func write(_ tally: ContactQuality.Tally, to writer: inout JSONWriter) {
        writer.beginObject()
        for (key, value) in [
            ("leads", tally.leads), ("phone_missing", tally.phoneMissing), ("phone_invalid", tally.phoneInvalid), ("email_missing", tally.emailMissing),
            ("email_invalid", tally.emailInvalid), ("unreachable", tally.unreachable),
        ] {
            writer.member(key, value)
        }
        writer.key("unreachable_share")
        if let share = tally.unreachableShare { writer.number(share) } else { writer.null() }
        writer.key("problems")
        writer.beginObject()
        for kind in ContactProblemKind.allCases where tally.problems[kind] != nil {
            writer.member(kind.rawValue, tally.problems[kind]!)
        }
        writer.endObject()
        writer.endObject()
    }
}
