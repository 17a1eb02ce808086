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
        let page = ScorecardPage(dependencies: dependencies, renderer: renderer)
        let token = AccessToken(name: "bench", scope: .read, secretHash: "", createdAt: now)
        let session = DashboardSession(id: "bench", token: token, csrf: "bench", expiresAt: now.adding(seconds: 60))
        let view = try await page.view(filters: ScorecardFilters(window: window), session: session, now: now)
        return renderer.library.render(view, withTemplate: "scorecard")?.utf8.count ?? 0
    }
}
