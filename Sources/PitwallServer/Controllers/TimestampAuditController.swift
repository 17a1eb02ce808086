import Hummingbird
import PitwallCore

/// The data-integrity audit: leads whose timestamps cannot be right.
struct TimestampAuditController {
    let desk: SpeedToLeadDesk
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("audit").add(middleware: RequireScopeMiddleware(required: .read)).get("timestamps", use: timestamps)
    }

    @Sendable func timestamps(request: Request, context: PitwallRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let days = try Self.integer(parameters["days"], name: "days", in: 1...366, default: 30)
        let limit = try Self.integer(parameters["limit"], name: "limit", in: 0...1000, default: 100)
        let store = parameters["store"].map { StoreID(String($0)) }
        let now = clock.now()
        let audit = try await desk.timestampAudit(days: days, store: store, now: now)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("as_of", now)
        writer.key("days")
        writer.integer(Int64(days))
        writer.key("store")
        if let store { writer.string(store.rawValue) } else { writer.null() }
        writer.key("tolerance_seconds")
        writer.integer(TimestampAudit.toleranceMilliseconds / 1000)
        writer.key("leads_checked")
        writer.integer(Int64(audit.leadsChecked))
        writer.key("leads_flagged")
        writer.integer(Int64(audit.findings.count))
        writer.key("excluded_from_response_times")
        writer.integer(Int64(audit.excludedFromResponseTimes))
        writer.key("problems")
        Self.write(audit.problemCounts, to: &writer)
        writer.key("by_source")
        writer.beginArray()
        for share in audit.bySource {
            writer.beginObject()
            writer.member("source", share.source)
            writer.key("leads")
            writer.integer(Int64(share.leads))
            writer.key("flagged")
            writer.integer(Int64(share.flagged))
            writer.key("share")
            writer.number(share.share)
            writer.key("problems")
            Self.write(share.problems, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("leads")
        writer.beginArray()
        for finding in audit.findings.prefix(limit) {
            let state = finding.state
            writer.beginObject()
            writer.member("lead_id", state.leadID)
            writer.member("store_id", state.profile?.storeID)
            writer.member("source", finding.source)
            writer.key("problems")
            writer.beginArray()
            for problem in finding.problems { writer.string(problem.rawValue) }
            writer.endArray()
            writer.member("submitted_at", state.profile?.submittedAt)
            writer.member("created_at", state.createdAt)
            writer.member("ingested_at", state.ingestedAt)
            writer.member("first_response_at", state.firstResponse?.at)
            writer.member("last_event_at", state.lastEventAt)
            writer.key("future_dated_events")
            writer.integer(Int64(state.futureDatedEvents))
            writer.key("excluded_from_response_times")
            writer.bool(state.hasUntrustedResponseTime(policy: desk.policy))
            writer.endObject()
        }
        writer.endArray()
        writer.key("truncated")
        writer.bool(audit.findings.count > limit)
        writer.endObject()
        return Response.json(writer.text)
    }

    /// Every problem with its count, zeros included, so a client sees what was checked.
    static func write(_ counts: [TimestampIntegrityProblem: Int], to writer: inout JSONWriter) {
        writer.beginObject()
        for problem in TimestampIntegrityProblem.allCases {
            writer.key(problem.rawValue)
            writer.integer(Int64(counts[problem] ?? 0))
        }
        writer.endObject()
    }

    static func integer(_ text: Substring?, name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("\(name): '\(text)' must be a whole number from \(range.lowerBound) to \(range.upperBound)", code: "invalid_parameter")
        }
        return number
    }
}
