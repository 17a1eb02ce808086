import Foundation
import HTTPTypes
import Hummingbird
import PitwallCore
import ServiceLifecycle

/// The browser dashboard: sign-in, the six pages, the live feed and the files they load.
/// Pages are built on the server; a page works without JavaScript, and with it updates itself.
struct Dashboard {
    let dependencies: AppDependencies
    let settings: ServerSettings
    let renderer = PageRenderer()

    var clock: any WallClock { dependencies.clock }

    func addRoutes(to router: Router<PitwallRequestContext>) {
        let errors = DashboardErrorMiddleware(renderer: renderer)
        let open = router.group().add(middleware: errors)
        SignInPage(renderer: renderer, issuer: TokenIssuer(store: dependencies.tokens, clock: clock), sessions: dependencies.sessions, clock: clock, settings: settings)
            .addRoutes(to: open)
        DashboardAssets.addRoutes(to: router)

        let pages = router.group()
            .add(middleware: errors)
            .add(middleware: SessionMiddleware(sessions: dependencies.sessions, clock: clock, settings: settings))
            .add(middleware: FormGuardMiddleware())
            .add(
                middleware: KnownStoreMiddleware(
                    rollups: dependencies.rollups, configurations: dependencies.configurations, home: dependencies.organisations.home,
                    notFound: { DashboardError.notFound($0) }))
        pages.get("live", use: live)
        StatusPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        ScorecardPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        StoresPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        SpeedToLeadPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        ContactQualityPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        FollowUpsPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        LeadSpendPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        TeamPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        SLAReviewPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        CoachingPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        ChangesPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        DelaysPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        OutreachPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        OutlookPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        ReportPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        AlertsPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        LeadPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        TokensPage(dependencies: dependencies, renderer: renderer).addRoutes(to: pages)
        // Last: a router's middleware wraps only the routes added after it, and the answer to
        // a path no route matched.
        router.add(middleware: PageNotFoundMiddleware(renderer: renderer))
    }

    /// Server-sent events: `change` when something moved, a comment line as heartbeat. At each
    /// heartbeat the session is checked again: once it has ended (its token revoked or
    /// expired), `signed-out` says why and the stream ends, so a wall screen shows the sign-in
    /// form instead of figures that have stopped moving.
    @Sendable func live(request: Request, context: PitwallRequestContext) async throws -> Response {
        let notices = dependencies.live.listen()
        let sessionID = context.session?.id
        let sessions = dependencies.sessions
        let clock = self.clock
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
                reading: for await notice in notices.cancelOnGracefulShutdown() {
                    switch notice {
                    case .changed(let version): try await writer.write(ByteBuffer(string: "event: change\ndata: \(version)\n\n"))
                    case .heartbeat:
                        if let sessionID, let reason = try await SignedOutReason(sessions.session(sessionID, now: clock.now(), checking: true)) {
                            try await writer.write(ByteBuffer(string: "event: signed-out\ndata: \(reason.rawValue)\n\n"))
                            break reading
                        }
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }
}

extension Request {
    /// A query parameter, nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value).removingPercentEncoding ?? String(value)
    }
}
