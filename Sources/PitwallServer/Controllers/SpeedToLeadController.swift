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
        group.group("sla").add(middleware: RequireScopeMiddleware(required: .manage)).post("escalations/{id}/ack", use: acknowledge)
        group.group("audit").add(middleware: RequireScopeMiddleware(required: .read)).get("log", use: auditLog)
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
        let raw = try context.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        var comment: String?
        let body = try await request.body.collect(upTo: 64 * 1024)
        if body.readableBytes > 0 {
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
                throw APIError.badRequest("the body must be a JSON object such as {\"comment\": \"calling now\"}", code: "invalid_body")
            }
            if let value = object["comment"], !(value is NSNull) {
                guard let text = value as? String, text.count <= 2000 else {
                    throw APIError.badRequest("comment: must be a string of at most 2000 characters", code: "invalid_body")
                }
                comment = text
            }
        }
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
