import Hummingbird
import PitwallCore

/// `/v1/coaching`: the coaching log, each session with whether it took; recording a session
/// and removing one recorded by mistake (manage scope).
struct CoachingController {
    let dependencies: AppDependencies
    /// A retried recording (same Idempotency-Key) makes no second session.
    let idempotent: IdempotentRequest

    static let example = #"{"store_id": "lkt", "agent": "agent-7", "day": "2026-11-05", "focus": "agent_pickup_within_sla", "note": "..."}"#

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("coaching").add(middleware: RequireScopeMiddleware(required: .read)).get(use: log)
        let manage = group.group("coaching").add(middleware: RequireScopeMiddleware(required: .manage))
        manage.post(use: record)
        manage.put("{id}", use: edit)
        manage.delete("{id}", use: remove)
    }

    /// The log of `from`..`to` (the 90 days up to today unless asked), judged as of `to`.
    @Sendable func log(request: Request, context: PitwallRequestContext) async throws -> Response {
        let (days, store) = try Self.window(request, dependencies: dependencies)
        let reading = try await CoachingReading(days, store: store, dependencies: dependencies)
        return Response.json(reading.json(store: store))
    }

    /// `window` or `from` and `to` as the other windows take them; given none or only `to`, the
    /// 90 days up to `to`.
    static func window(_ request: Request, dependencies: AppDependencies) throws -> (ClosedRange<CivilDate>, StoreID?) {
        let now = dependencies.clock.now()
        let query = try KPIQuery.parse(request, now: now, configuration: dependencies.configuration)
        let today = dependencies.configuration.today(store: query.store, at: now)
        return (BeforeAndSince.logDays(from: request.uri.queryParameters["from"] == nil && request.uri.queryParameters["window"] == nil ? nil : query.from, to: query.to, today: today), query.store)
    }

    @Sendable func record(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await idempotent.respond(to: request, context: context) { request in try await recorded(request, context: context) }
    }

    private func recorded(_ request: Request, context: PitwallRequestContext) async throws -> (status: HTTPResponse.Status, json: String) {
        let body = try await JSONRequestBody.read(request, example: Self.example, required: true)
        let session = try await APIError.namingRefusedField {
            try await dependencies.recordCoaching(
                store: try body.text("store_id", maximumLength: 128), agent: try body.text("agent", maximumLength: 200),
                day: try body.text("day", maximumLength: 32), focus: try body.text("focus", maximumLength: 64), note: try body.text("note", maximumLength: 2000),
                by: context.accessToken?.name ?? "unknown")
        }
        return (.created, json(session))
    }

    /// The whole session again, as when recording it: a day or an agent mistyped. It keeps its
    /// id; the audit log keeps what it was.
    @Sendable func edit(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        let body = try await JSONRequestBody.read(request, example: Self.example, required: true)
        let edited = try await APIError.namingRefusedField {
            try await dependencies.editCoaching(
                id: id, store: try body.text("store_id", maximumLength: 128), agent: try body.text("agent", maximumLength: 200),
                day: try body.text("day", maximumLength: 32), focus: try body.text("focus", maximumLength: 64), note: try body.text("note", maximumLength: 2000),
                by: context.accessToken?.name ?? "unknown")
        }
        guard let edited else { throw APIError.notFound("no coaching session with id '\(id)'") }
        return Response.json(json(edited))
    }

    @Sendable func remove(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        guard let session = try await dependencies.coaching.removeCoaching(id, by: context.accessToken?.name ?? "unknown", at: dependencies.clock.now()) else {
            throw APIError.notFound("no coaching session with id '\(id)'")
        }
        dependencies.live.changed()
        return Response.json(json(session))
    }

    /// A session as recorded, with the agent's name.
    func json(_ session: CoachingSession) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        session.write(to: &writer, agentName: dependencies.configuration.names.value(session.agent, of: .agent))
        writer.endObject()
        return writer.text
    }
}
