import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCore

/// `/follow-ups`: the leads to call back first, for the BDC manager's daily plan. Answered
/// leads still open (no appointment, no sale, not opted out), warmest first, each with the
/// points that make its temperature. The same list as `GET /v1/follow-ups`.
struct FollowUpsPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        var rows: [Row]
        var hasRows: Bool
        /// Every open lead of the filters, not only the 50 listed: a call list to hand out; none
        /// over more than a month.
        var download: String?
        /// Why there is no download: "The call list downloads at most 31 days of leads at a time: ..."
        var noDownload: String?
        /// "312 open leads; the warmest 50 are listed."
        var summary: String
    }

    struct Row: Sendable {
        var leadID: String
        var link: String
        var name: String
        var store: String
        var source: String
        var agent: String
        /// The list narrowed to this lead's agent: an agent's own follow-ups.
        var agentLink: String?
        var cameIn: String
        var score: Int
        /// "Hot · Reachable · Replied", with each reason in words and its points on hover.
        var tags: String
        var points: String
        var replies: Int
        var lastHeard: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("follow-ups", use: page)
        group.get("follow-ups.csv", use: csv)
    }

    /// The page's filters: a week of leads unless asked otherwise (a lead worth a call rarely
    /// waits longer), narrowed to a store and to one agent, source or tier.
    func filters(_ request: Request, now: Timestamp) throws -> ScorecardFilters {
        let configuration = dependencies.configuration
        let filters = try ScorecardFilters(request: request, configuration: configuration, now: now, fallback: .last7Days)
        if let segment = filters.segment, !FollowUps.segments.contains(segment.dimension) {
            throw DashboardError.badParameter(ParameterError(name: segment.dimension.rawValue, reason: "follow-ups are narrowed to one agent, source or tier at a time"))
        }
        return filters
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let filters = try self.filters(request, now: now)
        let followUps = try await FollowUps(
            filters.window.from...filters.window.to, store: filters.store, segment: filters.segment, first: FollowUps.defaultLimit, dependencies: dependencies)
        let names = configuration.names
        let rows = followUps.entries.map { entry in
            let state = entry.state
            let store = configuration.store(state.profile?.storeID ?? "")
            return Row(
                leadID: state.leadID.rawValue, link: "/leads/\(SessionMiddleware.percentEncoded(state.leadID.rawValue))",
                name: Self.name(of: state), store: store.name, source: names.source(state.profile?.source ?? ""),
                agent: state.agentID.map(names.agent) ?? "–",
                agentLink: state.agentID.map { agent in
                    var changes: [String: String?] = ["agent": agent.rawValue]
                    if let segment = filters.segment, segment.dimension != .agent { changes[segment.dimension.rawValue] = .some(nil) }
                    return "/follow-ups?" + filters.query(changes)
                }, cameIn: LocalTimeFormatting(store: store, now: now).time(state.createdAt),
                score: entry.temperature.score, tags: entry.temperature.earned.map(\.tag).joined(separator: " · "),
                points: entry.temperature.earned.map { "\($0.words) +\(entry.temperature.points(for: $0))" }.joined(separator: " · "),
                replies: state.inboundCount, lastHeard: state.lastEventAt.map { LocalTimeFormatting.relative($0, now: now) } ?? "–")
        }
        let open = followUps.open
        let tooLongToDownload = !FollowUps.isDownloadable(filters.window.from...filters.window.to)
        var form = try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/follow-ups")
        form.choosesComparison = false
        if rows.isEmpty { try await form.explainEmpty(filters, dependencies: dependencies, now: now) }
        let view = View(
            chrome: PageChrome(
                title: "Follow-ups", section: .followUps, session: context.session!, now: now,
                zone: filters.store.map(configuration.store) ?? configuration.homeStore),
            form: form,
            windowLabel: filters.window.label, rows: Array(rows), hasRows: !rows.isEmpty, download: tooLongToDownload ? nil : "/follow-ups.csv?\(filters.query())",
            noDownload: tooLongToDownload
                ? "The call list downloads at most \(FollowUps.longestDownloadDays) days of leads at a time: pick a shorter window to download it." : nil,
            summary: KPIFormatting.count(open, "open lead", "open leads")
                + (open > rows.count ? "; the warmest \(rows.count) are listed." : "."))
        return renderer.html(view, template: "follow-ups")
    }

    /// "Ana L.": enough to say on the phone, no more than the list needs; the id without a name.
    static func name(of state: LeadState) -> String {
        let contact = state.profile?.contact
        guard let first = contact?.firstName, !first.isEmpty else { return state.leadID.rawValue }
        return [first, contact?.lastName?.first.map { "\($0)." }].compactMap { $0 }.joined(separator: " ")
    }

    /// `/follow-ups.csv`: every open lead of the page's filters, warmest first, one row each.
    @Sendable func csv(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let filters = try self.filters(request, now: now)
        try FollowUps.checkDownload(filters.window.from...filters.window.to)
        let followUps = try await FollowUps(filters.window.from...filters.window.to, store: filters.store, segment: filters.segment, dependencies: dependencies)
        let encoder = TableEncoder(format: .csv, columns: FollowUps.columns)
        var headers: HTTPFields = [.contentType: TableEncoder.Format.csv.contentType]
        headers[.contentDisposition] = "attachment; filename=\"\(ScorecardDownload.fileName(filters, table: "follow-ups"))\""
        let body = try encoder.header() + encoder.encode(followUps.entries.map(FollowUps.row))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
