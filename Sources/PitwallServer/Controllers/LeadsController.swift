import Hummingbird
import PitwallCore

/// One lead's state, records and raw events.
struct LeadsController {
    let store: any EventStore
    let desk: SpeedToLeadDesk
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        let leads = group.group("leads").add(middleware: RequireScopeMiddleware(required: .read))
        leads.get("{id}", use: lead)
        leads.get("{id}/events", use: events)
    }

    @Sendable func lead(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        guard let records = try await store.leadRecords(LeadID(id)) else { throw APIError.notFound("no lead with id '\(id)'") }
        let now = clock.now()
        let view = LeadView(records, sla: try await desk.assess(records, now: now), now: now, temperatureWeights: desk.configuration.leadTemperature)
        return Response.json(view.json)
    }

    @Sendable func events(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        let stored = try await store.events(of: LeadID(id))
        guard !stored.isEmpty else { throw APIError.notFound("no lead with id '\(id)'") }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("lead_id", id)
        writer.key("events")
        writer.beginArray()
        for item in stored {
            writer.beginObject()
            writer.member("ingested_at", item.ingestedAt)
            writer.key("event")
            item.event.write(to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }
}
