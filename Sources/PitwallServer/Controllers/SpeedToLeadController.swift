import Foundation
import Hummingbird
import PitwallCore

/// The speed-to-lead views: the live queue of unanswered leads and the policy in force.
struct SpeedToLeadController {
    let desk: SpeedToLeadDesk
    let escalations: any EscalationStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        let sla = group.group("sla").add(middleware: RequireScopeMiddleware(required: .read))
        sla.get("open", use: openQueue)
        sla.get("policy") { _, _ in Response.json(desk.policy.json) }
        sla.get("escalations", use: listEscalations)
        sla.get("rolling", use: rolling)
        sla.get("agents", use: agents)
        group.group("sla").add(middleware: RequireScopeMiddleware(required: .manage)).post("escalations/{id}/ack", use: acknowledge)
        group.group("audit").add(middleware: RequireScopeMiddleware(required: .read)).get("log", use: auditLog)
    }

    @Sendable func rolling(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var minutes = 15
        if let text = parameters["minutes"] {
            guard let value = Int(text), (1...1440).contains(value) else {
                throw APIError.badRequest("minutes: '\(text)' must be a whole number from 1 to 1440", code: "invalid_parameter")
            }
            minutes = value
        }
        let segment = try Self.segment(request, what: "the rolling view")
        let now = clock.now()
        let views = try await desk.rollingView(minutes: minutes, store: parameters["store"].map { StoreID(String($0)) }, segment: segment, now: now)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", now)
        if let segment { writer.member(segment.dimension.rawValue, segment.value) }
        writer.key("minutes")
        writer.integer(Int64(minutes))
        writer.member("clock", desk.policy.clock.rawValue)
        writer.key("stores")
        writer.beginArray()
        for view in views {
            writer.beginObject()
            writer.member("store_id", view.storeID)
            writer.key("answered")
            writer.integer(Int64(view.answered))
            writer.optionalNumber("mean_seconds", view.meanSeconds)
            writer.optionalNumber("median_seconds", view.medianSeconds)
            writer.optionalNumber("median_wall_seconds", view.medianWallSeconds)
            writer.key("breaches")
            writer.integer(Int64(view.breaches))
            writer.key("waiting")
            writer.integer(Int64(view.waiting))
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func agents(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = clock.now()
        let loads = try await desk.agentLoad(store: request.uri.queryParameters["store"].map { StoreID(String($0)) }, now: now)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", now)
        writer.key("limit")
        writer.integer(Int64(desk.policy.agentWaitingLimit))
        writer.key("agents")
        writer.beginArray()
        for load in loads {
            writer.beginObject()
            writer.member("agent_id", load.agentID)
            writer.member("store_id", load.storeID)
            writer.key("waiting")
            writer.integer(Int64(load.waiting))
            writer.member("oldest_waiting_since", load.oldestWaitingSince)
            writer.key("over_limit")
            writer.bool(load.overLimit)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func listEscalations(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let state = parameters["state"].map(String.init) ?? "open"
        guard state == "open" || state == "all" else { throw APIError.badRequest("state: '\(state)' is not one of open, all", code: "invalid_parameter") }
        let list = try await escalations.escalations(openOnly: state == "open", store: parameters["store"].map { StoreID(String($0)) })
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("escalations")
        writer.beginArray()
        for escalation in list { escalation.write(to: &writer) }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func acknowledge(request: Request, context: PitwallRequestContext) async throws -> Response {
        let id = try context.pathID()
        let comment = try await JSONRequestBody.read(request, example: #"{"comment": "calling now"}"#).text("comment")
        let actor = context.accessToken?.name ?? "unknown"
        guard let escalation = try await escalations.acknowledge(id, by: actor, comment: comment, at: clock.now()) else {
            throw APIError.notFound("no escalation with id '\(id)'")
        }
        var writer = JSONWriter()
        escalation.write(to: &writer)
        return Response.json(writer.text)
    }

    @Sendable func auditLog(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var after: Int64 = 0
        if let text = parameters["after"] {
            guard let value = Int64(text), value >= 0 else { throw APIError.badRequest("after: '\(text)' must be a whole number", code: "invalid_parameter") }
            after = value
        }
        var limit = 200
        if let text = parameters["limit"] {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIError.badRequest("limit: '\(text)' must be from 1 to 1000", code: "invalid_parameter")
            }
            limit = value
        }
        var writer = JSONWriter()
        writer.beginObject()
        // Each organisation has its own log, numbered from 1.
        writer.member("organisation", (TenantScope.organisation ?? TenantScope.soleOrganisation).rawValue)
        writer.key("entries")
        writer.beginArray()
        for entry in try await escalations.auditLog(after: after, limit: limit) {
            writer.beginObject()
            writer.key("sequence")
            writer.integer(entry.sequence)
            writer.member("at", entry.at)
            writer.member("actor", entry.actor)
            writer.member("action", entry.action)
            writer.member("subject", entry.subject)
            writer.member("detail", entry.detail)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    @Sendable func openQueue(request: Request, context: PitwallRequestContext) async throws -> Response {
        let store = request.uri.queryParameters["store"].map { StoreID(String($0)) }
        let segment = try Self.segment(request, what: "the queue")
        let now = clock.now()
        let queue = try await desk.openQueue(store: store, now: now).filter { $0.isOf(segment) }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", now)
        writer.key("store")
        if let store { writer.string(store.rawValue) } else { writer.null() }
        if let segment { writer.member(segment.dimension.rawValue, segment.value) }
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

    /// The one lead attribute (`?source=website`, `?tier=hot`) the live views are narrowed to, if any.
    static func segment(_ request: Request, what: String) throws -> SegmentValue? {
        try SegmentParameter.parse(request, allowed: SegmentValue.dimensions, what: what).map { SegmentValue($0.dimension, $0.value) }
    }
}
