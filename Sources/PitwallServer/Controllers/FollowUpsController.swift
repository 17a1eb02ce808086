import Hummingbird
import PitwallCore

/// `GET /v1/follow-ups`: the leads of a window to call back first, warmest first (the
/// dashboard's `/follow-ups`).
struct FollowUpsController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        // A group of its own: middleware added to `group` itself would guard every route added after.
        group.group("follow-ups").add(middleware: RequireScopeMiddleware(required: .read)).get(use: list)
    }

    @Sendable func list(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        var query = try KPIQuery.parse(request, now: now, configuration: dependencies.configuration)
        // A week of leads unless asked otherwise, as the page lists: a lead worth a call rarely waits longer.
        if !KPIQuery.namesWindow(request) { query.from = query.to.adding(days: -6) }
        let limit = try FollowUps.limit(request.query("limit"))
        let segment = try SegmentParameter.parse(request, allowed: FollowUps.segments, what: "the follow-ups list")
        let followUps = try await FollowUps(query.from...query.to, store: query.store, segment: segment, first: limit, dependencies: dependencies)
        var writer = JSONWriter()
        writer.beginObject()
        writer.window(query, segment: segment)
        writer.member("open", followUps.open)
        writer.key("leads")
        writer.beginArray()
        for entry in followUps.entries {
            let state = entry.state
            writer.beginObject()
            writer.member("lead_id", state.leadID)
            writer.member("store_id", state.profile?.storeID)
            writer.member("source", state.profile?.source)
            writer.member("tier", state.profile?.tier?.rawValue)
            writer.member("agent_id", state.agentID)
            writer.member("created_at", state.createdAt)
            writer.member("replies", state.inboundCount)
            writer.member("last_event_at", state.lastEventAt)
            writer.key("temperature")
            entry.temperature.write(to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return Response.json(writer.text)
    }
}

/// The open leads of a window, warmest first (`FollowUpList`): what the API and the page list.
struct FollowUps: Sendable {
    /// The warmest open leads, as many as were asked for.
    var entries: [FollowUpList.Entry]
    /// How many open leads there are in all, listed or not.
    var open: Int

    /// The download's columns; new ones only ever at the end.
    static let columns = ["lead_id", "store_id", "source", "tier", "agent_id", "created_at", "temperature", "reasons", "replies", "last_event_at"]

    static func row(_ entry: FollowUpList.Entry) -> [TableCell] {
        let state = entry.state
        func text(_ value: String?) -> TableCell { value.map(TableCell.text) ?? .empty }
        return [
            .text(state.leadID.rawValue), text(state.profile?.storeID.rawValue), text(state.profile?.source), text(state.profile?.tier?.rawValue),
            text(state.agentID?.rawValue), text(state.createdAt?.rfc3339), .integer(Int64(entry.temperature.score)),
            .text(entry.temperature.earned.map(\.rawValue).joined(separator: " ")), .integer(Int64(state.inboundCount)), text(state.lastEventAt?.rfc3339),
        ]
    }

    static let defaultLimit = 50
    static let maximumLimit = 1_000

    /// `limit`: how many to list, 1 to 1,000; 50 unless given.
    static func limit(_ text: String?) throws -> Int {
        guard let text else { return defaultLimit }
        guard let limit = Int(text), (1...maximumLimit).contains(limit) else {
            throw APIError.badRequest("limit: '\(text)' is not a whole number from 1 to \(maximumLimit)")
        }
        return limit
    }

    /// What the list may be narrowed to besides a store: an agent's own leads, a source's, a tier's.
    static let segments: [SegmentDimension] = [.agent, .source, .tier]

    /// Whether a lead is of the segment: its agent, source or tier as the rollups name them.
    static func isOf(_ candidate: FollowUpCandidate, _ segment: (dimension: SegmentDimension, value: String)?) -> Bool {
        guard let segment else { return true }
        switch segment.dimension {
        case .agent: return (candidate.agentID?.rawValue ?? "") == segment.value
        case .source: return candidate.source == segment.value
        case .tier: return (candidate.signals.tier?.rawValue ?? "") == segment.value
        default: return true
        }
    }

    /// The `first` warmest open leads created on the local days of `window` (each on its own
    /// store's calendar).
    init(
        _ window: ClosedRange<CivilDate>, store: StoreID?, segment: (dimension: SegmentDimension, value: String)? = nil, first: Int = .max,
        dependencies: AppDependencies
    ) async throws {
        try await self.init(window, store: store, segment: segment, first: first, leads: dependencies.leads, configuration: dependencies.configuration)
    }

    init(
        _ window: ClosedRange<CivilDate>, store: StoreID?, segment: (dimension: SegmentDimension, value: String)? = nil, first: Int = .max,
        leads: any LeadQueryStore, configuration: PitwallConfiguration
    ) async throws {
        // A day of leads read at a time, only the warmest kept between days: a year's list took
        // 5.8 s and 858 MB read at once, over the server's 300 MB (docs/performance.md).
        if first > Self.maximumLimit {
            // The download lists every open lead of at most a month: each read whole once, as
            // reading them again by id after ranking cost it 30 % more time and more memory.
            var (open, entries) = (0, [FollowUpList.Entry]())
            try await leads.walkLeadStates(createdOn: window.lowerBound, through: window.upperBound, store: store, configuration: configuration) { day in
                let ranked = FollowUpList.ranking(day.map(\.state), weights: configuration.leadTemperature) { Self.isOf($0, segment) }
                open += ranked.open
                entries += ranked.entries
            }
            (self.open, self.entries) = (open, FollowUpList.ordered(entries))
            return
        }
        // Ranked on a dozen columns a lead, then only the leads listed read whole: building every
        // lead's state took the year's list 4-6 s.
        var leaders = FollowUpList.Leaders(first: first, weights: configuration.leadTemperature)
        try await leads.walkFollowUpCandidates(createdOn: window.lowerBound, through: window.upperBound, store: store, configuration: configuration) {
            leaders.add($0) { Self.isOf($0, segment) }
        }
        let listed = leaders.listed
        var states: [LeadID: LeadState] = [:]
        for state in try await leads.leadStates(of: listed.map(\.candidate.leadID)) { states[state.leadID] = state }
        open = leaders.open
        entries = listed.compactMap { listed in states[listed.candidate.leadID].map { FollowUpList.Entry(state: $0, temperature: listed.temperature) } }
    }

    /// The download lists every open lead, so its window is held to a month: a year of a large
    /// group's would be half a million rows kept in memory to be ranked.
    static let longestDownloadDays = 31

    static func isDownloadable(_ window: ClosedRange<CivilDate>) -> Bool { days(window) <= Int64(longestDownloadDays) }

    private static func days(_ window: ClosedRange<CivilDate>) -> Int64 { window.upperBound.daysSinceEpoch - window.lowerBound.daysSinceEpoch + 1 }

    /// Refuses a download over more than `longestDownloadDays`, naming the parameter.
    static func checkDownload(_ window: ClosedRange<CivilDate>) throws {
        let days = days(window)
        guard isDownloadable(window) else {
            throw DashboardError.badParameter(
                ParameterError(
                    name: "from", reason: "the call list downloads at most \(longestDownloadDays) days of leads at a time, asked for \(days): pick a shorter window"))
        }
    }
}
