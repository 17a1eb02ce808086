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
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("from", query.from.description)
        writer.member("to", query.to.description)
        writer.member("store", query.store)
        writer.key("total")
        Self.write(quality.total, to: &writer)
        writer.key("sources")
        writer.beginArray()
        for (source, tally) in quality.sourcesWorstFirst {
            writer.beginObject()
            writer.member("source", source)
            writer.key("counts")
            Self.write(tally, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
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
