import Hummingbird
import PitwallCore

/// `/v1/changes`: the change log, each change with whether it moved its figure; recording a
/// change and removing one recorded by mistake (manage scope).
struct ChangesController {
    let dependencies: AppDependencies
    /// A retried recording (same Idempotency-Key) makes no second change.
    let idempotent: IdempotentRequest

    static let example =
        #"{"title": "First text names the car", "day": "2026-11-05", "store_id": "lkt", "segment": "source", "segment_value": "facebook", "figure": "lead_response_rate", "note": "..."}"#

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("changes").add(middleware: RequireScopeMiddleware(required: .read)).get(use: log)
        let manage = group.group("changes").add(middleware: RequireScopeMiddleware(required: .manage))
        manage.post(use: record)
        manage.put("{id}", use: edit)
        manage.delete("{id}", use: remove)
    }

    /// The log of `from`..`to` (the 90 days up to today unless asked), judged as of `to`.
    @Sendable func log(request: Request, context: PitwallRequestContext) async throws -> Response {
        let (days, store) = try CoachingController.window(request, dependencies: dependencies)
        let reading = try await ChangeLogReading(days, store: store, dependencies: dependencies)
        return Response.json(reading.json(store: store))
    }

    @Sendable func record(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await idempotent.respond(to: request, context: context) { request in try await recorded(request, context: context) }
    }

    private func recorded(_ request: Request, context: PitwallRequestContext) async throws -> (status: HTTPResponse.Status, json: String) {
        let body = try await JSONRequestBody.read(request, example: Self.example, required: true)
        let change = try await APIError.namingRefusedField {
            try await dependencies.recordChange(
                title: try body.text("title", maximumLength: 1000), day: try body.text("day", maximumLength: 32),
                store: try body.text("store_id", maximumLength: 128), segment: try body.text("segment", maximumLength: 64),
                segmentValue: try body.text("segment_value", maximumLength: 1000), figure: try body.text("figure", maximumLength: 64),
                note: try body.text("note", maximumLength: 2000), by: context.accessToken?.name ?? "unknown")
        }
        return (.created, Self.json(change))
    }

    /// The whole change again, as when recording it: a day mistyped, a title put better. The
    /// change keeps its id, so its alert and links stay; the audit log keeps what it was.
    @Sendable func edit(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        let body = try await JSONRequestBody.read(request, example: Self.example, required: true)
        let edited = try await APIError.namingRefusedField {
            try await dependencies.editChange(
                id: id, title: try body.text("title", maximumLength: 1000), day: try body.text("day", maximumLength: 32),
                store: try body.text("store_id", maximumLength: 128), segment: try body.text("segment", maximumLength: 64),
                segmentValue: try body.text("segment_value", maximumLength: 1000), figure: try body.text("figure", maximumLength: 64),
                note: try body.text("note", maximumLength: 2000), by: context.accessToken?.name ?? "unknown")
        }
        guard let edited else { throw APIError.notFound("no change with id '\(id)'") }
        return Response.json(Self.json(edited))
    }

    @Sendable func remove(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        guard let change = try await dependencies.changes.removeChange(id, by: context.accessToken?.name ?? "unknown", at: dependencies.clock.now()) else {
            throw APIError.notFound("no change with id '\(id)'")
        }
        dependencies.live.changed()
        return Response.json(Self.json(change))
    }

    static func json(_ change: ProcessChange) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        change.write(to: &writer)
        writer.endObject()
        return writer.text
    }
}
