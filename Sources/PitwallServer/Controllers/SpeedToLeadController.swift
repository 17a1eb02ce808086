import Hummingbird
import PitwallCore

/// The speed-to-lead views: the live queue of unanswered leads and the policy in force.
struct SpeedToLeadController {
    let desk: SpeedToLeadDesk
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        let sla = group.group("sla").add(middleware: RequireScopeMiddleware(required: .read))
        sla.get("open", use: openQueue)
        sla.get("policy") { _, _ in Response.json(desk.policy.json) }
    }

    @Sendable func openQueue(request: Request, context: PitwallRequestContext) async throws -> Response {
        let store = request.uri.queryParameters["store"].map { StoreID(String($0)) }
        let now = clock.now()
        let queue = try await desk.openQueue(store: store, now: now)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", now)
        writer.key("store")
        if let store { writer.string(store.rawValue) } else { writer.null() }
        writer.key("count")
        writer.integer(Int64(queue.count))
        writer.key("breached")
        writer.integer(Int64(queue.filter { $0.state == .breached }.count))
        writer.key("leads")
        writer.beginArray()
        for assessment in queue { assessment.write(to: &writer, now: now) }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }
}
