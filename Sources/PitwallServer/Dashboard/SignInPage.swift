import Foundation
import HTTPTypes
import Hummingbird
import PitwallCore

/// Signing in with an API token (read scope or higher) and out again. The token is checked
/// once and never stored in the browser: the browser keeps only a session cookie.
struct SignInPage {
    let renderer: PageRenderer
    let issuer: TokenIssuer
    let sessions: DashboardSessions
    let clock: any WallClock
    let settings: ServerSettings

    /// Guards the sign-in form itself (there is no session yet): the same random value in a
    /// short-lived cookie and in the form.
    static let formCookie = "pitwall_signin"

    struct View: Sendable {
        var next: String
        var guardValue: String
        var problem: String?
        /// Why the browser is here again, when a session of its own ended.
        var notice: String?
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("sign-in", use: form)
        group.post("sign-in", use: signIn)
        group.post("sign-out", use: signOut)
    }

    @Sendable func form(request: Request, context: PitwallRequestContext) async throws -> Response {
        let notice = request.query("ended").flatMap(SignedOutReason.init(rawValue:))?.explanation
        return show(next: SessionMiddleware.localPath(request.query("next")), problem: nil, notice: notice, request: request)
    }

    private func show(next: String, problem: String?, notice: String? = nil, request: Request, status: HTTPResponse.Status = .ok) -> Response {
        let guardValue = RandomSecret.make()
        var response = renderer.html(View(next: next, guardValue: guardValue, problem: problem, notice: notice), template: "sign-in", status: status)
        response.setCookie(
            Cookie(name: Self.formCookie, value: guardValue, maxAge: 3600, path: "/sign-in", secure: secure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func signIn(request: Request, context: PitwallRequestContext) async throws -> Response {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        let next = SessionMiddleware.localPath(form["next"])
        guard let expected = request.cookies[Self.formCookie]?.value, let presented = form["guard"], RandomSecret.matches(presented, expected) else {
            return show(next: next, problem: "The sign-in form had expired. Paste your token again.", request: request, status: .forbidden)
        }
        guard let secret = form.text("token") else {
            return show(next: next, problem: "Paste an API token (it starts with pw_).", request: request, status: .badRequest)
        }
        guard let token = try await issuer.token(forSecret: secret) else {
            return show(
                next: next, problem: "That token is not known here. Create one with 'pitwall token create --scope read'.", request: request,
                status: .unauthorized)
        }
        if let refusal = token.refusal(at: clock.now()) {
            return show(next: next, problem: "That \(refusal).", request: request, status: .unauthorized)
        }
        guard token.scope.allows(.read) else {
            return show(
                next: next, problem: "Token '\(token.name)' can only send events. Sign in with a read, manage or admin token.", request: request,
                status: .forbidden)
        }
        let session = try await sessions.open(for: token, now: clock.now())
        var response = Response(status: .seeOther, headers: [.location: next])
        response.setCookie(SessionMiddleware.cookie(for: session.id, lasting: sessions.idleSeconds, secure: secure(request)))
        response.setCookie(Cookie(name: Self.formCookie, value: "", maxAge: 0, path: "/sign-in", secure: secure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    /// Ends the session it names. The form carries the session's secret like every other
    /// form, so another site cannot sign a manager out of the wall screen.
    @Sendable func signOut(request: Request, context: PitwallRequestContext) async throws -> Response {
        var request = request
        let form = FormFields(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
        if let id = request.cookies[SessionMiddleware.cookieName]?.value, case .live(let session, _) = try await sessions.session(id, now: clock.now()) {
            guard let presented = form["csrf"], RandomSecret.matches(presented, session.csrf) else {
                throw DashboardError(status: .forbidden, title: "Still signed in", message: "The sign-out form did not come from this session's page. Reload the page and sign out there.")
            }
            try await sessions.close(id)
        }
        var response = Response(status: .seeOther, headers: [.location: "/sign-in"])
        response.setCookie(Cookie(name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: secure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    private func secure(_ request: Request) -> Bool { settings.wantsSecureCookies(for: request) }
}
