import Hummingbird
import PitwallCore

/// Routing advice: which agent on shift should take the next lead.
struct RoutingController {
    let desk: SpeedToLeadDesk
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("routing").add(middleware: RequireScopeMiddleware(required: .read)).get("next", use: next)
    }

    @Sendable func next(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let store = parameters["store"].map({ StoreID(String($0)) }), !store.rawValue.isEmpty else {
            throw APIError.badRequest("store: required, the store the new lead belongs to", code: "invalid_parameter")
        }
        var tier = desk.policy.defaultTier
        if let text = parameters["tier"] {
            guard let value = LeadTier(rawValue: String(text)) else {
                throw APIError.badRequest(
                    "tier: '\(text)' is not one of \(LeadTier.allCases.map(\.rawValue).joined(separator: ", "))", code: "invalid_parameter")
            }
            tier = value
        }
        let now = clock.now()
        guard let advice = try await desk.routingAdvice(store: store, tier: tier, now: now) else {
            throw APIError.notFound("no agents are configured for store '\(store)'; list them under routing.agents in the configuration")
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", now)
        writer.member("store_id", advice.storeID)
        writer.member("tier", advice.tier.rawValue)
        writer.member("rule", advice.rule.rawValue)
        writer.key("agent")
        if let chosen = advice.chosen { Self.write(chosen, to: &writer) } else { writer.null() }
        writer.member("reason", advice.reason)
        writer.key("next_on_shift")
        if let next = advice.nextOnShift { Self.write(next, to: &writer) } else { writer.null() }
        writer.key("candidates")
        writer.beginArray()
        for candidate in advice.candidates { Self.write(candidate, to: &writer) }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }

    static func write(_ candidate: RoutingCandidate, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("agent_id", candidate.agent.agentID)
        writer.member("name", candidate.agent.name)
        writer.key("on_shift")
        writer.bool(candidate.onShift)
        writer.member("shift_ends_at", candidate.shiftEndsAt)
        writer.member("next_shift_at", candidate.nextShiftAt)
        writer.key("takes_tier")
        writer.bool(candidate.takesTier)
        writer.key("waiting")
        writer.integer(Int64(candidate.waiting))
        writer.member("last_assigned_at", candidate.lastAssignedAt)
        writer.key("at_limit")
        writer.bool(candidate.atLimit)
        writer.endObject()
    }
}
