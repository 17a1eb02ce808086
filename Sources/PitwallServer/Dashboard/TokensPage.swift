import Foundation
import Hummingbird
import PitwallCore

/// `/tokens`: the organisation's API tokens for its administrators. Issue one for a new CRM
/// feed or wall screen (its secret shown once, on the page that issued it), revoke one that
/// leaked or whose holder left. Admin sessions only.
struct TokensPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var tokens: [TokenLine]
        var hasTokens: Bool
        /// The secret of the token just issued: on this one page, never again.
        var issued: IssuedToken?
        var scopes: [Option]
        var stores: [Option]
        /// Names this rendering of the issue form: sent twice (a reload of the answer, a
        /// double click), it issues one token.
        var formID: String
    }

    struct TokenLine: Sendable {
        var id: String
        var name: String
        var scope: String
        var stores: String
        var created: String
        var lastUsed: String
        var revoked: String?
        /// "until 14 Mar 09:00", or "expired 14 Mar 09:00".
        var expiry: String?
        var inForce: Bool
        var isYou: Bool
    }

    struct IssuedToken: Sendable {
        var name: String
        var secret: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("tokens", use: page)
        group.post("tokens", use: issue)
        group.post("tokens/{id}/revoke", use: revoke)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let session = try Self.administrator(context)
        return renderer.html(try await view(session: session, notice: request.query("done"), issued: nil), template: "tokens")
    }

    func view(session: DashboardSession, notice: String?, issued: IssuedToken?) async throws -> View {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let home = configuration.homeStore
        let local = LocalTimeFormatting(store: home, now: now)
        let lines = try await dependencies.tokens.accessTokens().map { token in
            TokenLine(
                id: token.id, name: token.name, scope: token.scope.rawValue,
                stores: token.stores.map { $0.map { configuration.store($0).name }.joined(separator: ", ") } ?? "Every store", created: local.time(token.createdAt),
                lastUsed: token.lastUsedAt.map { local.time($0) } ?? "Never",
                revoked: token.revokedAt.map { local.time($0) },
                expiry: token.expiresAt.map { ($0 <= now ? "Expired " : "Until ") + local.time($0) }, inForce: token.refusal(at: now) == nil, isYou: token.secretHash == session.token.secretHash)
        }
        var chrome = PageChrome(title: "Tokens", section: .tokens, session: session, now: now, zone: home, notice: notice)
        // Tokens do not move with events; and a new secret must not be swapped away while it is copied.
        chrome.liveUpdates = false
        return View(
            chrome: chrome,
            tokens: lines, hasTokens: !lines.isEmpty, issued: issued,
            scopes: AccessScope.allCases.map { Option(value: $0.rawValue, label: Self.describe($0), selected: $0 == .read) },
            stores: (try await dependencies.knownStores()).filter { TenantScope.allows($0.id) }
                .map { Option(value: $0.id.rawValue, label: $0.name, selected: false) },
            formID: RandomSecret.make())
    }

    static func describe(_ scope: AccessScope) -> String {
        switch scope {
        case .ingest: "ingest: sends events (a CRM feed)"
        case .read: "read: the dashboard and the API's figures"
        case .manage: "manage: read, acknowledge and silence"
        case .admin: "admin: everything, tokens too"
        }
    }

    @Sendable func issue(request: Request, context: PitwallRequestContext) async throws -> Response {
        let session = try Self.administrator(context)
        var request = request
        let body = String(buffer: try await request.collectBody(upTo: 64 * 1024))
        let form = FormFields(body)
        guard let scopeText = form.text("scope"), let scope = AccessScope(rawValue: scopeText) else {
            throw Self.cannotIssue("scope: choose what the token may do: ingest, read, manage or admin")
        }
        let name = String((form.text("name") ?? "unnamed").prefix(128))
        // Every store ticked is one field of the same name.
        let ticked = FormFields.pairs(body).filter { $0.0 == "store" && !$0.1.isEmpty }.map { StoreID($0.1) }
        let stores: [StoreID]?
        switch TokenIssuer.storesWithinReach(ticked.isEmpty ? nil : ticked) {
        case .success(let within): stores = within
        case .failure(let refusal): throw DashboardError.forbidden("A token for \(refusal.description) cannot be issued from this session.")
        }
        var days: Int?
        if let text = form.text("expires_in_days") {
            guard let number = Int(text), TokenIssuer.lifetimeDays.contains(number) else {
                throw Self.cannotIssue("expires_in_days: '\(text)' is not a number of days from 1 to 3650")
            }
            days = number
        }
        // The same form sent again (the browser's "resend" on reloading the answer, a double
        // click) issues nothing more: it says which token the first sending issued.
        let now = dependencies.clock.now()
        let claim = form.text("form_id").map { formID in
            IdempotencyRecord(
                keyHash: HexDigest.sha256(Data((session.token.secretHash + "\ntokens form " + formID).utf8)), caller: session.token.secretHash,
                fingerprint: HexDigest.sha256(Data(body.utf8)), createdAt: now)
        }
        if let claim, let first = try await IdempotentRequest.claim(claim, in: dependencies.idempotency, now: now) {
            let notice =
                first.isFinished
                ? "Token '\(first.body ?? name)' was issued when this form was first sent; its secret was shown only then. If it was lost, revoke that token and issue another."
                : "This form is being sent already: wait a moment, then open Tokens again to see the token it issues."
            return renderer.html(try await view(session: session, notice: notice, issued: nil), template: "tokens", status: .conflict)
        }
        let issuer = TokenIssuer(store: dependencies.tokens, clock: dependencies.clock)
        let issue = {
            try await issuer.issue(scope: scope, name: name, stores: stores, days: days, by: session.token.name, loggingTo: self.dependencies.escalations)
        }
        let (secret, _) =
            if let claim {
                try await IdempotentRequest.carryOut(under: claim.keyHash, in: dependencies.idempotency, issue) { _ in (201, name) }
            } else {
                try await issue()
            }
        // Shown on this answer only: a redirect would put the secret in a URL.
        let view = try await view(session: session, notice: "Token '\(name)' issued", issued: IssuedToken(name: name, secret: secret))
        return renderer.html(view, template: "tokens", status: .created)
    }

    @Sendable func revoke(request: Request, context: PitwallRequestContext) async throws -> Response {
        let session = try Self.administrator(context)
        let id = try context.pathID()
        guard let token = AccessToken.withID(id, among: try await dependencies.tokens.accessTokens()) else {
            throw DashboardError.notFound("There is no token '\(id)' here.")
        }
        _ = try await TokenIssuer(store: dependencies.tokens, clock: dependencies.clock).revoke(
            token, by: session.token.name, loggingTo: dependencies.escalations)
        let done = "Token '\(token.name)' revoked"
        return Response(status: .seeOther, headers: [.location: "/tokens?done=" + SessionMiddleware.percentEncoded(done)])
    }

    static func cannotIssue(_ message: String) -> DashboardError {
        DashboardError(status: .badRequest, title: "That token cannot be issued", message: message)
    }

    static func administrator(_ context: PitwallRequestContext) throws(DashboardError) -> DashboardSession {
        guard let session = context.session, session.token.scope.allows(.admin) else {
            throw DashboardError.forbidden(
                "Tokens are managed with an admin token; you signed in with '\(context.session?.token.name ?? "?")' (\(context.session?.token.scope.rawValue ?? "?")).")
        }
        return session
    }
}
