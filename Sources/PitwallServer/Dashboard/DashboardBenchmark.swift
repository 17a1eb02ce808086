import Mustache
import PitwallCore

/// Entry points for `pitwall bench`: the dashboard's work for one page, without the socket.
public struct DashboardBenchmark: Sendable {
    /// Made once, as the server makes it once at start-up.
    private let renderer = PageRenderer()

    public init() {}

    /// Builds and renders the scorecard page as `GET /kpis` does (every KPI, the window
    /// before, 30-day sparklines, system health); returns the page's size in bytes.
    public func scorecardPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await ScorecardPage(dependencies: dependencies, renderer: renderer).view(
            filters: ScorecardFilters(window: window), session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "scorecard")?.utf8.count ?? 0
    }

    /// Builds and renders the stores side by side as `GET /stores` does (every store's KPIs of
    /// the window, each judged by its own targets, and the group's); returns its size in bytes.
    public func storesPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await StoresPage(dependencies: dependencies, renderer: renderer).view(
            filters: ScorecardFilters(window: window), sortedBy: nil, session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "stores")?.utf8.count ?? 0
    }

    /// Builds and renders the speed-to-lead page as `GET /sla` does (the live queue, the last
    /// 15 minutes per store, the wait charts, the heatmap, each agent); returns its size in bytes.
    public func speedToLeadPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await SpeedToLeadPage(dependencies: dependencies, renderer: renderer).view(
            filters: ScorecardFilters(window: window), session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "sla")?.utf8.count ?? 0
    }

    /// Builds and renders the lead contacts page as `GET /contacts` does (the window and the
    /// window before, by source, from the rollups); returns its size in bytes.
    public func contactsPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await ContactQualityPage(dependencies: dependencies, renderer: renderer).view(
            filters: ScorecardFilters(window: window), session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "contacts")?.utf8.count ?? 0
    }

    /// Builds and renders the spend page as `GET /spend` does (every source's spend and
    /// return in the window, from the rollups); returns its size in bytes.
    public func spendPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await LeadSpendPage(dependencies: dependencies, renderer: renderer).view(
            filters: ScorecardFilters(window: window), grouping: .source, session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "spend")?.utf8.count ?? 0
    }

    /// Builds and renders the team page as `GET /team` does (every agent's rollups of the
    /// window, each against their store's other agents, in rounds); returns its size in bytes.
    public func teamPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await TeamPage(dependencies: dependencies, renderer: renderer).view(filters: ScorecardFilters(window: window), session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "team")?.utf8.count ?? 0
    }

    /// Builds and renders the SLA review as `GET /sla/review` does (every store's tiers over the
    /// window and the window before, and the sales by wait, from the rollups); returns its size.
    public func slaReviewPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await SLAReviewPage(dependencies: dependencies, renderer: renderer).view(filters: ScorecardFilters(window: window), session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "sla-review")?.utf8.count ?? 0
    }

    /// Builds and renders the coaching log as `GET /coaching` does (the 90 days' sessions, each
    /// judged on its agent's rollups before and since); returns its size in bytes.
    public func coachingPage(dependencies: AppDependencies, now: Timestamp) async throws -> Int {
        let view = try await CoachingPage(dependencies: dependencies, renderer: renderer).view(store: nil, agent: nil, notice: nil, session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "coaching")?.utf8.count ?? 0
    }

    /// Builds and renders the change log as `GET /changes` does; returns its size in bytes.
    public func changesPage(dependencies: AppDependencies, now: Timestamp) async throws -> Int {
        let view = try await ChangesPage(dependencies: dependencies, renderer: renderer).view(store: nil, notice: nil, session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "changes")?.utf8.count ?? 0
    }

    /// Builds and renders the delays agents reported as `GET /delays` does (each store's load of
    /// four weeks, each named change judged); returns its size in bytes.
    public func delaysPage(dependencies: AppDependencies, now: Timestamp) async throws -> Int {
        let view = try await DelaysPage(dependencies: dependencies, renderer: renderer).view(store: nil, notice: nil, session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "delays")?.utf8.count ?? 0
    }

    /// Builds and renders the template review as `GET /outreach` does (every templated text of
    /// the window and its lead's conversation, read and judged); returns its size in bytes.
    public func outreachPage(dependencies: AppDependencies, window: ReportingWindow, now: Timestamp) async throws -> Int {
        let view = try await OutreachPage(dependencies: dependencies, renderer: renderer).view(
            filters: ScorecardFilters(window: window), session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "outreach")?.utf8.count ?? 0
    }

    /// Ranks the open answered leads of the week through `today`, as the latest daily report's
    /// "For today" and `GET /v1/follow-ups` do; returns how many there are.
    public func followUps(dependencies: AppDependencies, today: CivilDate) async throws -> Int {
        try await FollowUps(ReportToday.followUpDays(today: today), store: nil, first: ReportToday.listed, dependencies: dependencies).open
    }

    /// The follow-ups page's list of a window (the warmest 50 and the count of all open leads,
    /// read a week at a time); returns the count.
    public func followUps(dependencies: AppDependencies, window: ClosedRange<CivilDate>) async throws -> Int {
        try await FollowUps(window, store: nil, first: FollowUps.defaultLimit, dependencies: dependencies).open
    }

    /// Builds and renders the outlook as `GET /outlook?as_of=...` does (about three months of
    /// daily rollups and eight weeks of hourly ones, forecast and backtested); returns its size in bytes.
    public func outlookPage(dependencies: AppDependencies, asOf: CivilDate, now: Timestamp) async throws -> Int {
        let view = try await OutlookPage(dependencies: dependencies, renderer: renderer).view(OutlookQuery(asOf: asOf), session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "outlook")?.utf8.count ?? 0
    }

    /// Builds and renders the group's report page as `GET /reports?kind=...` does for the last
    /// whole period (the scorecard beside the period before, every store, the campaigns, the
    /// sources, the alerts); what a scheduled report costs to make. Returns its size in bytes.
    public func reportPage(dependencies: AppDependencies, kind: ReportKind, now: Timestamp) async throws -> Int {
        let asked = ReportRequest(kind: kind, period: kind.lastWholePeriod(today: dependencies.configuration.today(store: nil, at: now)))
        let view = try await ReportPage(dependencies: dependencies, renderer: renderer).view(asked, store: nil, session: session(now), now: now)
        return renderer.library.render(view, withTemplate: "report")?.utf8.count ?? 0
    }

    /// Builds and renders the status board as `GET /` does (a tile per store with today's
    /// figures and queue, every alert status, the system's health): what a wall screen fetches
    /// at each change; returns its size in bytes.
    public func statusBoard(dependencies: AppDependencies, now: Timestamp) async throws -> Int {
        let view = try await StatusPage(dependencies: dependencies, renderer: renderer).view(session: session(now), notice: nil, now: now)
        return renderer.library.render(view, withTemplate: "status")?.utf8.count ?? 0
    }

    private func session(_ now: Timestamp) -> DashboardSession {
        DashboardSession(id: "bench", token: AccessToken(name: "bench", scope: .read, secretHash: "", createdAt: now), csrf: "bench", expiresAt: now.adding(seconds: 60))
    }
}
