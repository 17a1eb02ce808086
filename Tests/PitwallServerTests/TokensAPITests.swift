import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
@testable import PitwallServer
import PitwallTestSupport
import Testing

/// An administrator's side of tokens, over a real socket: list, issue, revoke, and what a
/// revoked token's holder sees next, on the API and in a signed-in browser.
@Suite("Tokens: listed, issued and revoked through the API")
struct TokensAPITests {
    @Test("a token issued through the API works until it is revoked; then it gets 401 naming it, and revoking again changes nothing")
    func issueAndRevoke() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let listed = try await client.execute(uri: "/v1/tokens", method: .get, headers: app.headers(.admin))
            #expect(listed.status == .ok)
            let tokens = try #require(listed.json["tokens"] as? [[String: Any]])
            #expect(Set(tokens.compactMap { $0["name"] as? String }) == ["ingest-token", "read-token", "manage-token", "admin-token"])
            #expect(tokens.allSatisfy { ($0["id"] as? String)?.count == 12 && $0["revoked_at"] is NSNull && $0["stores"] is NSNull })
            for secret in app.tokens.values {
                #expect(!listed.text.contains(secret) && !listed.text.contains(TokenIssuer.hash(secret)), "neither a secret nor a whole hash is shown")
            }

            let created = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: app.headers(.admin), body: ByteBuffer(string: #"{"scope": "ingest", "name": "crm-feed"}"#))
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            let token = try #require(created.json["token"] as? [String: Any])
            let id = try #require(token["id"] as? String)
            #expect(token["name"] as? String == "crm-feed" && token["scope"] as? String == "ingest")
            #expect(id == String(TokenIssuer.hash(secret).prefix(12)))
            let batch = ByteBuffer(string: "[\(SampleEvents.created("e1"))]")
            #expect(try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(bearer: secret), body: batch).status == .ok)

            app.clock.advance(seconds: 90)
            let revoked = try await client.execute(uri: "/v1/tokens/\(id)/revoke", method: .post, headers: app.headers(.admin))
            #expect(revoked.status == .ok)
            let revokedAt = app.clock.now().rfc3339
            #expect(revoked.json["revoked_at"] as? String == revokedAt)
            let refused = try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(bearer: secret), body: batch)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage == "token 'crm-feed' was revoked at \(revokedAt); ask an administrator for a new one")

            app.clock.advance(seconds: 90)
            let again = try await client.execute(uri: "/v1/tokens/\(id.uppercased())/revoke", method: .post, headers: app.headers(.admin))
            #expect(again.status == .ok)
            #expect(again.json["revoked_at"] as? String == revokedAt, "the first revocation time stands")
            let after = try await client.execute(uri: "/v1/tokens", method: .get, headers: app.headers(.admin))
            let entry = try #require((after.json["tokens"] as? [[String: Any]])?.first { $0["id"] as? String == id })
            #expect(entry["revoked_at"] as? String == revokedAt)
            // Issued and revoked once each in the audit log, by the admin token; the second revocation is not a line.
            let log = try await client.execute(uri: "/v1/audit/log", method: .get, headers: app.headers(.admin))
            let lines = ((log.json["entries"] as? [[String: Any]]) ?? []).map { "\($0["actor"] ?? "") \($0["action"] ?? "") \($0["subject"] ?? "") \($0["detail"] ?? "")" }
            #expect(lines == ["admin-token token.issued \(id) crm-feed: ingest, every store", "admin-token token.revoked \(id) crm-feed: ingest, every store"])
            // The other tokens are untouched.
            #expect(try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read)).status == .ok)
        }
    }

    @Test("a token issued for 30 days opens everything until then and nothing after: the API says it expired, its browsers are signed out")
    func expiry() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let zero = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: app.headers(.admin), body: ByteBuffer(string: #"{"scope": "manage", "expires_in_days": 0}"#))
            #expect(zero.status == .badRequest)
            #expect(zero.errorMessage == "expires_in_days: must be a whole number from 1 to 3650")
            let created = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: app.headers(.admin),
                body: ByteBuffer(string: #"{"scope": "manage", "name": "contractor", "expires_in_days": 30}"#))
            let secret = try #require(created.json["secret"] as? String)
            let expiresAt = app.clock.now().adding(seconds: 30 * 86_400)
            #expect((created.json["token"] as? [String: Any])?["expires_at"] as? String == expiresAt.rfc3339)
            // Signed in on its last day, a browser works to the minute before it expires.
            app.clock.advance(seconds: 30 * 86_400 - 3600)
            let browser = try await DashboardBrowserSession.open(client, token: secret)
            app.clock.advance(seconds: 3599)
            #expect(try await client.execute(uri: "/v1/alerts", method: .get, headers: app.headers(bearer: secret)).status == .ok)
            #expect(try await browser.get("/alerts").status == .ok)
            app.clock.advance(seconds: 1)
            let refused = try await client.execute(uri: "/v1/alerts", method: .get, headers: app.headers(bearer: secret))
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage == "token 'contractor' expired at \(expiresAt.rfc3339); ask an administrator for a new one")
            #expect(try await browser.get("/alerts").status == .seeOther, "signed out")
            let again = try await DashboardBrowserSession.signIn(client, token: secret)
            #expect(again.status == .unauthorized && again.text.contains("That token &#39;contractor&#39; expired at"))
        }
    }

    @Test("each token's last use is kept to the hour: a token used every minute costs one write an hour; one never used says so")
    func lastUse() async throws {
        let app = try await TestApp.make()
        let readHash = TokenIssuer.hash(app.tokens[.read]!)
        @Sendable func lastUse(of hash: String) async throws -> Timestamp? { try await app.store.token(secretHash: hash)?.lastUsedAt }
        try await app.run { client in
            let start = app.clock.now()
            #expect(try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read)).status == .notFound)
            #expect(try await lastUse(of: readHash) == start)
            app.clock.advance(seconds: 600)
            _ = try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read))
            #expect(try await lastUse(of: readHash) == start, "ten minutes later is the same hour")
            app.clock.advance(seconds: 3000)
            _ = try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read))
            #expect(try await lastUse(of: readHash) == start.adding(seconds: 3600))
            // A browser's use counts too.
            let manageHash = TokenIssuer.hash(app.tokens[.manage]!)
            #expect(try await lastUse(of: manageHash) == nil)
            _ = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            #expect(try await lastUse(of: manageHash) == app.clock.now())
            let listed = try await client.execute(uri: "/v1/tokens", method: .get, headers: app.headers(.admin))
            let tokens = (listed.json["tokens"] as? [[String: Any]]) ?? []
            #expect(tokens.first { $0["name"] as? String == "ingest-token" }?["last_used_at"] is NSNull, "never used")
            #expect(tokens.first { $0["name"] as? String == "read-token" }?["last_used_at"] as? String == start.adding(seconds: 3600).rfc3339)
        }
    }

    @Test("only admin tokens manage tokens; a bad id, scope or store list is answered with its field")
    func refusals() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            for scope in [AccessScope.read, .manage, .ingest] {
                let response = try await client.execute(uri: "/v1/tokens", method: .get, headers: app.headers(scope))
                #expect(response.status == .forbidden)
                #expect(response.errorMessage?.contains("'admin' scope") == true, "\(scope): \(response.text)")
            }
            let badID = try await client.execute(uri: "/v1/tokens/xyz/revoke", method: .post, headers: app.headers(.admin))
            #expect(badID.status == .badRequest)
            #expect(badID.errorMessage?.hasPrefix("id: 'xyz' is not a token id") == true)
            let unknown = try await client.execute(uri: "/v1/tokens/000000000000/revoke", method: .post, headers: app.headers(.admin))
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage?.contains("no token '000000000000' here") == true)
            let bodies = [
                (#"{"name": "x"}"#, "scope: required, one of ingest, read, manage, admin"),
                (#"{"scope": "owner"}"#, "scope: 'owner' is not one of ingest, read, manage, admin"),
                (#"{"scope": "read", "stores": []}"#, "stores: name at least one store"),
                (#"{"scope": "read", "stores": ["lkt", 7]}"#, "stores[1]: must be a string"),
                ("scope=read", "the body is not JSON"),
            ]
            for (body, message) in bodies {
                let response = try await client.execute(uri: "/v1/tokens", method: .post, headers: app.headers(.admin), body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errorMessage?.hasPrefix(message) == true, "\(body): \(response.errorMessage ?? "")")
            }
            let listed = try await client.execute(uri: "/v1/tokens", method: .get, headers: app.headers(.admin))
            #expect((listed.json["tokens"] as? [Any])?.count == 4, "nothing was issued by the refused requests")
        }
    }

    @Test("a store manager's admin token sees, issues and revokes tokens of its own stores only")
    func storeLimited() async throws {
        let app = try await TestApp.make()
        let issuer = TokenIssuer(store: app.store, clock: app.clock)
        let lakeside = try await issuer.issue(scope: .admin, name: "lakeside-admin", organisation: app.organisation, stores: ["lkt"])
        let lakesideFeed = try await issuer.issue(scope: .ingest, name: "lakeside-feed", organisation: app.organisation, stores: ["lkt"])
        try await app.run { client in
            let listed = try await client.execute(uri: "/v1/tokens", method: .get, headers: app.headers(bearer: lakeside))
            let names = Set(((listed.json["tokens"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            #expect(names == ["lakeside-admin", "lakeside-feed"])
            let beyond = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: app.headers(bearer: lakeside), body: ByteBuffer(string: #"{"scope": "read", "stores": ["dtn"]}"#))
            #expect(beyond.status == .forbidden)
            #expect(beyond.errorMessage == "stores: dtn beyond this token's own (lkt)")
            let own = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: app.headers(bearer: lakeside), body: ByteBuffer(string: #"{"scope": "read", "name": "lakeside-desk"}"#))
            #expect(own.status == .created)
            #expect((own.json["token"] as? [String: Any])?["stores"] as? [String] == ["lkt"], "left out, the stores are the issuing token's")
            let groupAdminID = String(TokenIssuer.hash(app.tokens[.admin]!).prefix(12))
            let notTheirs = try await client.execute(uri: "/v1/tokens/\(groupAdminID)/revoke", method: .post, headers: app.headers(bearer: lakeside))
            #expect(notTheirs.status == .notFound)
            #expect(try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.admin)).status != .unauthorized)
            let feedID = String(TokenIssuer.hash(lakesideFeed).prefix(12))
            #expect(try await client.execute(uri: "/v1/tokens/\(feedID)/revoke", method: .post, headers: app.headers(bearer: lakeside)).status == .ok)
            // Its audit log has the lines about its stores' tokens, issued and revoked, and
            // none about the group's: a token the group's admin issues for every store.
            let groupDesk = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: app.headers(.admin), body: ByteBuffer(string: #"{"scope": "read", "name": "group-desk"}"#))
            let groupDeskID = try #require((groupDesk.json["token"] as? [String: Any])?["id"] as? String)
            let log = try await client.execute(uri: "/v1/audit/log", method: .get, headers: app.headers(bearer: lakeside))
            let lines = ((log.json["entries"] as? [[String: Any]]) ?? []).map { "\($0["action"] ?? "") \($0["subject"] ?? "")" }
            let deskID = try #require((own.json["token"] as? [String: Any])?["id"] as? String)
            #expect(lines == ["token.issued \(deskID)", "token.revoked \(feedID)"], "\(lines)")
            let groupLog = try await client.execute(uri: "/v1/audit/log", method: .get, headers: app.headers(.admin))
            #expect(((groupLog.json["entries"] as? [[String: Any]]) ?? []).contains { $0["subject"] as? String == groupDeskID })
        }
    }

    @Test("revoking the token a browser signed in with signs that browser out, the sign-in form says why, and it cannot sign in with it again")
    func revokedSession() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            #expect(try await session.get("/alerts").status == .ok)
            let id = String(TokenIssuer.hash(app.tokens[.manage]!).prefix(12))
            #expect(try await client.execute(uri: "/v1/tokens/\(id)/revoke", method: .post, headers: app.headers(.admin)).status == .ok)

            let page = try await session.get("/alerts")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/sign-in?next=/alerts&ended=token")
            // A second request of the same browser (a wall screen's refresh racing its live
            // feed's check) is told the same reason, not that its session ended.
            let secondPage = try await session.get("/sla")
            #expect(secondPage.status == .seeOther && secondPage.headers[.location] == "/sign-in?next=/sla&ended=token")
            let signInForm = try await client.execute(uri: "/sign-in?next=/alerts&ended=token", method: .get)
            #expect(signInForm.text.contains(#"<p class="notice" role="status" id="sign-in-notice">The token you signed in with has expired or was revoked."#))
            // Only the known reasons are shown: an address cannot put its own words on the form.
            let forged = try await client.execute(uri: "/sign-in?ended=Your%20account%20is%20locked", method: .get)
            #expect(forged.status == .ok && !forged.text.contains("sign-in-notice") && !forged.text.contains("locked"))
            let form = try await session.post("/silences", form: "csrf=\(session.csrf)&rule_id=x&minutes=5")
            #expect(form.status == .unauthorized)
            let again = try await DashboardBrowserSession.signIn(client, token: app.tokens[.manage]!)
            #expect(again.status == .unauthorized)
            #expect(again.text.contains("That token &#39;manage-token&#39; was revoked at \(app.clock.now().rfc3339)"))
            // Another browser signed in with another token carries on.
            #expect(try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/alerts").status == .ok)
        }
    }

    @Test("the tokens page: admins only; a token issued there shows its secret once, on that answer; revoking there shuts it out")
    func tokensPage() async throws {
        let app = try await TestApp.make(configuration: DashboardHTTPTests.configuration)
        try await app.run { client in
            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            #expect(!(try await reader.get("/").text.contains(#"href="/tokens""#)), "no Tokens link for a read session")
            let refused = try await reader.get("/tokens")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("Tokens are managed with an admin token; you signed in with &#39;read-token&#39; (read)."))

            let admin = try await DashboardBrowserSession.open(client, token: app.tokens[.admin]!)
            let page = try await admin.get("/tokens")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<a href="/tokens" aria-current="page">Tokens</a>"#))
            #expect(page.text.contains("admin-token <span class=\"sub\">(this session's)</span>"))
            for secret in app.tokens.values { #expect(!page.text.contains(secret)) }

            #expect(try await admin.post("/tokens", form: "scope=ingest&name=crm").status == .forbidden, "no form secret, nothing issued")
            let badScope = try await admin.post("/tokens", form: "csrf=\(admin.csrf)&scope=owner&name=x")
            #expect(badScope.status == .badRequest)
            #expect(badScope.text.contains("scope: choose what the token may do"))

            let formID = try #require(DashboardBrowserSession.attribute(in: page.text, after: #"name="form_id" value=""#))
            let sent = "csrf=\(admin.csrf)&form_id=\(formID)&scope=ingest&name=crm+feed&store=lkt"
            let issued = try await admin.post("/tokens", form: sent)
            #expect(issued.status == .created)
            let secret = try #require(DashboardBrowserSession.attribute(in: issued.text, after: #"<code id="issued-secret">"#)?.prefix { $0 != "<" })
            // The same form sent again (a reload of the answer, a double click) issues nothing more.
            let resent = try await admin.post("/tokens", form: sent)
            #expect(resent.status == .conflict)
            #expect(resent.text.contains("Token &#39;crm feed&#39; was issued when this form was first sent; its secret was shown only then."))
            #expect(!resent.text.contains("issued-secret"))
            #expect(try await app.store.accessTokens().filter { $0.name == "crm feed" }.count == 1)
            #expect(secret.hasPrefix("pw_"))
            #expect(issued.text.contains(#"data-live="off""#), "the page does not fetch itself again while the secret is copied")
            #expect(!(try await admin.get("/alerts").text.contains(#"data-live="off""#)))
            #expect(!(try await admin.get("/tokens").text.contains(String(secret))), "shown once, on the answer that issued it")
            let id = String(TokenIssuer.hash(String(secret)).prefix(12))
            #expect(issued.text.contains(#"<tr data-token="\#(id)"><th scope="row">crm feed</th>"#))
            #expect(issued.text.contains("<td>Lakeside Toyota</td>"), "stores by their names")
            let batch = ByteBuffer(string: "[\(SampleEvents.created("e1"))]")
            #expect(try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(bearer: String(secret)), body: batch).status == .ok)

            let revoked = try await admin.post("/tokens/\(id)/revoke", form: "csrf=\(admin.csrf)")
            #expect(revoked.status == .seeOther)
            #expect(revoked.headers[.location] == "/tokens?done=Token%20%27crm%20feed%27%20revoked")
            let after = try await admin.get("/tokens?done=x")
            #expect(after.text.contains("Revoked "))
            #expect(!after.text.contains(#"action="/tokens/\#(id)/revoke""#), "no button for a revoked token")
            #expect(try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(bearer: String(secret)), body: batch).status == .unauthorized)
            #expect(try await admin.post("/tokens/000000000000/revoke", form: "csrf=\(admin.csrf)").status == .notFound)
        }
    }
}
