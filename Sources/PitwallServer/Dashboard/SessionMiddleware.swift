import Foundation
import Hummingbird
import PitwallCore

/// Dashboard pages need a signed-in browser: a page asked for without one is sent to the
/// sign-in form (and back afterwards); anything else gets 401. The token a session was
/// opened with is looked up again on every request, so revoking it signs its browsers out.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = PitwallRequestContext
    let sessions: DashboardSessions
    let clock: any WallClock
    let settings: ServerSettings

    static let cookieName = "pitwall_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let cookie = request.cookies[Self.cookieName] else { return try signedOut(request, because: nil) }
        let session: DashboardSession
        let renewed: Bool
        switch try await sessions.session(cookie.value, now: clock.now()) {
        case .live(let live, let moved): (session, renewed) = (live, moved)
        case .ended: return try signedOut(request, because: .sessionEnded)
        case .tokenWithdrawn: return try signedOut(request, because: .tokenWithdrawn)
        }
        var context = context
        context.session = session
        context.accessToken = session.token
        var response = try await Response.scoped(to: session.token) { try await next(request, context) }
        // The browser's copy lasts as long as the session, counted from the same last use:
        // a wall screen open all day is not dropped by its own browser 12 hours after sign-in.
        if renewed {
            response.setCookie(Self.cookie(for: session.id, lasting: sessions.idleSeconds, secure: settings.wantsSecureCookies(for: request)))
        }
        return response
    }

    static func cookie(for id: String, lasting seconds: Double, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: id, maxAge: Int(seconds), path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// Pages go to the sign-in form, which says why when a session was there and ended; the
    /// live feed and forms get 401.
    private func signedOut(_ request: Request, because reason: SignedOutReason?) throws -> Response {
        if request.method == .get, !request.uri.path.hasPrefix("/live") {
            let why = reason.map { "&ended=" + $0.rawValue } ?? ""
            return Response(status: .seeOther, headers: [.location: "/sign-in?next=" + Self.percentEncoded(request.uri.description) + why])
        }
        throw DashboardError(status: .unauthorized, title: "Signed out", message: (reason ?? .sessionEnded).explanation)
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~/"))) ?? "/"
    }

    /// Only a path on this server, so a link cannot send a signed-in user elsewhere.
    static func localPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.contains("\\"),
              !candidate.contains("\r"), !candidate.contains("\n")
        else { return "/" }
        return candidate
    }
}

/// Every form posted to the dashboard carries the session's secret (`csrf`); a post without
/// it, or with another, changes nothing. The body is read here and handed on unchanged.
struct FormGuardMiddleware: RouterMiddleware {
    typealias Context = PitwallRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        let form = FormFields(String(buffer: body))
        guard let session = context.session, let presented = form["csrf"], RandomSecret.matches(presented, session.csrf) else {
            throw DashboardError(
                status: .forbidden, title: "This form has expired",
                message: "The form was not sent from this session's page (or the page is older than your session). Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }
}

/// The fields of a URL-encoded form, first value of each name.
struct FormFields: Sendable {
    private var values: [String: String] = [:]

    /// NUL characters are left out of the values: no text Pitwall keeps can hold one
    /// (PostgreSQL refuses it). The pairs a signature is checked over keep them.
    init(_ text: String) {
        for (name, value) in Self.pairs(text) where values[name] == nil {
            values[name] = value.contains("\u{0}") ? value.replacingOccurrences(of: "\u{0}", with: "") : value
        }
    }

    /// Every name and value in order, repeats kept (a signature covers them all).
    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// The trimmed text of a field, nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
    }
}
