import Hummingbird
import PitwallCore

/// `/v1/delays`: the delays agents reported, a step a line with what it costs a week and
/// whether its fix worked; recording a report, editing it, and removing one made by mistake
/// (manage scope).
struct DelaysController {
    let dependencies: AppDependencies
    /// A retried recording (same Idempotency-Key) makes no second report.
    let idempotent: IdempotentRequest

    static let example = #"{"store_id": "lkt", "agent": "agent-7", "step": "Re-typing the lead into the DMS", "minutes": 4, "share": 1}"#

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("delays").add(middleware: RequireScopeMiddleware(required: .read)).get(use: review)
        let manage = group.group("delays").add(middleware: RequireScopeMiddleware(required: .manage))
        manage.post(use: record)
        manage.put("{id}", use: edit)
        manage.delete("{id}", use: remove)
    }

    /// The reports of `from`..`to` (the 90 days up to today unless asked), judged as of `to`.
    @Sendable func review(request: Request, context: PitwallRequestContext) async throws -> Response {
        let (days, store) = try CoachingController.window(request, dependencies: dependencies)
        return Response.json(try await DelayReading(days, store: store, dependencies: dependencies).json())
    }

    @Sendable func record(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await idempotent.respond(to: request, context: context) { request in
            let fields = try await Self.fields(of: request)
            let delay = try await APIError.namingRefusedField { try await dependencies.recordDelay(fields, by: context.accessToken?.name ?? "unknown") }
            return (.created, json(delay))
        }
    }

    /// The whole report again, as when recording it: a figure or a step mistyped, or the change
    /// that fixed it named. It keeps its id; the audit log keeps what it was.
    @Sendable func edit(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        let fields = try await Self.fields(of: request)
        let edited = try await APIError.namingRefusedField { try await dependencies.editDelay(id: id, fields, by: context.accessToken?.name ?? "unknown") }
        guard let edited else { throw APIError.notFound("no reported delay with id '\(id)'") }
        return Response.json(json(edited))
    }

    @Sendable func remove(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        guard let delay = try await dependencies.delays.removeDelay(id, by: context.accessToken?.name ?? "unknown", at: dependencies.clock.now()) else {
            throw APIError.notFound("no reported delay with id '\(id)'")
        }
        dependencies.live.changed()
        return Response.json(json(delay))
    }

    static func fields(of request: Request) async throws -> DelayFields {
        let body = try await JSONRequestBody.read(request, example: example, required: true)
        return DelayFields(
            store: try body.text("store_id", maximumLength: 128), agent: try body.text("agent", maximumLength: 200), day: try body.text("day", maximumLength: 32),
            step: try body.text("step", maximumLength: 2000), minutes: try body.numberText("minutes"), share: try body.numberText("share"),
            change: try body.text("change_id", maximumLength: 200), note: try body.text("note", maximumLength: 2000))
    }

    /// A report as recorded, with the agent's name.
    func json(_ delay: ReportedDelay) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        delay.write(to: &writer, agentName: delay.agent.map { dependencies.configuration.names.value($0, of: .agent) })
        writer.endObject()
        return writer.text
    }
}
