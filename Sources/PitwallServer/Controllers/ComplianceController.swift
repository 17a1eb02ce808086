import Hummingbird
import PitwallCore

/// `GET /v1/compliance/violations`: messages sent to leads that had opted out (TCPA), for the
/// leads that came in during a window of local days.
struct ComplianceController {
    let dependencies: AppDependencies
    var configuration: PitwallConfiguration { dependencies.configuration }
    var clock: any WallClock { dependencies.clock }

    /// A window is read lead by lead, with all their messages: kept to about a quarter.
    static let maximumDays = 92

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("compliance").add(middleware: RequireScopeMiddleware(required: .read)).get("violations", use: violations)
    }

    @Sendable func violations(request: Request, context: PitwallRequestContext) async throws -> Response {
        let query = try KPIQuery.parse(request, now: clock.now(), configuration: configuration)
        let (store, window) = (query.store, ReportingWindow(preset: .custom, from: query.from, to: query.to))
        guard window.dayCount <= Self.maximumDays else {
            throw APIError.badRequest("from: the window is \(window.dayCount) days; ask for at most \(Self.maximumDays) at a time", code: "invalid_parameter")
        }
        let found = try await dependencies.complianceViolations(in: window, store: store)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("from", window.from.description)
        writer.member("to", window.to.description)
        writer.key("store")
        if let store { writer.string(store.rawValue) } else { writer.null() }
        writer.member("count", found.count)
        writer.key("violations")
        writer.beginArray()
        for (storeID, violation) in found {
            writer.beginObject()
            writer.member("lead_id", violation.leadID)
            writer.member("store_id", storeID)
            writer.member("message_id", violation.messageID)
            writer.member("sent_at", violation.sentAt)
            writer.member("sender", violation.sender?.rawValue)
            writer.member("agent_id", violation.agentID)
            writer.member("opted_out_at", violation.optedOutAt)
            writer.member("opt_out_rule", violation.optOutRule)
            writer.optionalNumber("seconds_after_opt_out", violation.secondsAfterOptOut)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }
}

extension AppDependencies {
    /// The violations of the leads created in `window` (each store's local days), oldest first,
    /// with each lead's store.
    func complianceViolations(in window: ReportingWindow, store: StoreID?) async throws -> [(StoreID?, ComplianceViolation)] {
        // A day before covers every store's local days; later days are filtered below.
        let utc = StoreProfile.unconfigured("utc").calendar
        let scanned = try await ComplianceScan(leads: leads, events: self.store).optedOutLeads(createdSince: utc.startOfDay(window.from.adding(days: -1)), store: store)
        var found: [(StoreID?, ComplianceViolation)] = []
        for (state, violations) in scanned {
            guard let profile = state.profile, let created = state.createdAt,
                  window.days.contains(configuration.store(profile.storeID).calendar.localDate(of: created).daysSinceEpoch)
            else { continue }
            found += violations.map { (profile.storeID, $0) }
        }
        return found.sorted { ($0.1.sentAt, $0.1.messageID.rawValue) < ($1.1.sentAt, $1.1.messageID.rawValue) }
    }
}
