import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import PitwallCore
import PitwallSQLite
@testable import PitwallServer
import PitwallTestSupport
import Testing

/// A browser's side of the dashboard, over a real socket: cookies, forms and their secrets.
struct DashboardBrowserSession {
    let client: LiveClient
    var cookie: String
    var csrf: String

    /// Signs in the way the form does: fetch it (and its guard cookie), post the token.
    static func signIn(_ client: LiveClient, token: String, next: String = "/", headers extra: HTTPFields = [:]) async throws -> LiveResponse {
        let form = try await client.execute(uri: "/sign-in?next=\(next)", method: .get)
        let guardCookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("pitwall_signin=") }).prefix { $0 != ";" }
        let guardValue = try #require(Self.attribute(in: form.text, after: #"name="guard" value=""#))
        var headers = extra
        headers[.cookie] = String(guardCookie)
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = "guard=\(guardValue)&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&token=\(token)"
        return try await client.execute(uri: "/sign-in", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func open(_ client: LiveClient, token: String) async throws -> DashboardBrowserSession {
        let response = try await signIn(client, token: token)
        #expect(response.status == .seeOther)
        let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("pitwall_session=") }).prefix { $0 != ";" }
        var session = DashboardBrowserSession(client: client, cookie: String(cookie), csrf: "")
        session.csrf = try #require(Self.attribute(in: try await session.get("/").text, after: #"data-csrf=""#))
        return session
    }

    func get(_ uri: String) async throws -> LiveResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    func post(_ uri: String, form: String) async throws -> LiveResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
    }

    static func attribute(in html: String, after marker: String) -> String? {
        guard let start = html.range(of: marker) else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }
}

@Suite("The dashboard over HTTP: sign-in, sessions, form secrets, pages without JavaScript")
struct DashboardHTTPTests {
    static let configuration = try! ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]", file: "test.yaml").pitwall

    @Test("a page asked for without a session sends the browser to sign in, and back to that page afterwards")
    func redirect() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let page = try await client.execute(uri: "/kpis?window=30d", method: .get)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/sign-in?next=/kpis%3Fwindow%3D30d")
            // A browser whose session ended is told so on the form.
            let ended = try await client.execute(uri: "/kpis", method: .get, headers: [.cookie: "pitwall_session=long-gone"])
            #expect(ended.headers[.location] == "/sign-in?next=/kpis&ended=session")
            let form = try await client.execute(uri: "/sign-in?next=/kpis&ended=session", method: .get)
            #expect(form.text.contains("Your session has ended. Sign in again to continue."))
            let signedIn = try await DashboardBrowserSession.signIn(client, token: app.tokens[.read]!, next: "/kpis?window=30d")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/kpis?window=30d")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("pitwall_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP on 127.0.0.1: a Secure cookie would never come back")
            // Behind a TLS proxy the cookie is Secure; a link cannot send the user to another site.
            let proxied = try await DashboardBrowserSession.signIn(
                client, token: app.tokens[.read]!, next: "//elsewhere.example/phish", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.headers[.location] == "/")
            #expect(proxied.headers[values: .setCookie].first { $0.hasPrefix("pitwall_session=") }?.contains("Secure") == true)
            // The live feed and forms get a plain 401, not a redirect.
            #expect(try await client.execute(uri: "/live", method: .get).status == .unauthorized)
        }
    }

    @Test("sign-in refuses unknown tokens, ingest-only tokens and a form without its guard, each in words")
    func refusals() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let unknown = try await DashboardBrowserSession.signIn(client, token: "pw_nope")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.text.contains("That token is not known here"))
            let ingest = try await DashboardBrowserSession.signIn(client, token: app.tokens[.ingest]!)
            #expect(ingest.status == .forbidden)
            #expect(ingest.text.contains("can only send events"))
            #expect(!ingest.headers[values: .setCookie].contains { $0.hasPrefix("pitwall_session=") })
            let forged = try await client.execute(
                uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "pitwall_signin=abc"],
                body: ByteBuffer(string: "guard=xyz&token=\(app.tokens[.admin]!)"))
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("form had expired"))
        }
    }

    @Test("a browser sent to a page that does not exist gets a page saying so; the API and scripts keep their JSON answer")
    func pageNotFound() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]
            let page = try await client.execute(uri: "/speed-to-lead?window=7d", method: .get, headers: browser)
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<h1>Page not found</h1>"))
            #expect(page.text.contains("There is no page at /speed-to-lead."))
            #expect(page.text.contains(#"<a href="/">Status board</a>"#))
            #expect(!page.text.contains("javascript:"), "the pages' script policy refuses javascript: links")
            for (uri, headers) in [("/v1/nothing-here", browser), ("/speed-to-lead", [.accept: "application/json"]), ("/speed-to-lead", [:])] as [(String, HTTPFields)] {
                let answer = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(answer.headers[.contentType] == "application/json; charset=utf-8", "\(uri) \(headers)")
                #expect(answer.text.contains(#""code":"not_found""#), "\(uri)")
            }
            // A page that exists still asks a browser without a session to sign in.
            let known = try await client.execute(uri: "/sla", method: .get, headers: browser)
            #expect(known.status == .seeOther)
        }
    }

    @Test("without JavaScript the pages show current figures, and a bad filter names the parameter")
    func pages() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let now = app.clock.now().rfc3339
        _ = try await app.store.ingest(
            try EventBatchDecoder.decode(Data("[\(SampleEvents.created("e1", lead: "L-1", at: now)),\(SampleEvents.created("e2", lead: "L-2", at: now))]".utf8)),
            at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let board = try await session.get("/")
            #expect(board.status == .ok)
            #expect(board.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(board.text.contains(#"data-store="lkt""#))
            #expect(board.text.contains(#"<div data-figure="leads_today"><dt>Leads today</dt><dd>2</dd>"#))
            #expect(board.text.contains(#"<noscript><meta http-equiv="refresh" content="60"></noscript>"#))
            // The test clock's 2026-01-05 00:00 UTC on the store's wall: the evening before, winter time.
            #expect(board.text.contains(#"<span id="as-of">18:00:00 CST</span>"#))
            let lead = try await session.get("/leads/L-1")
            #expect(lead.status == .ok)
            #expect(lead.text.contains("Lead came in") && lead.text.contains("Lakeside Toyota"))
            for page in ["/kpis?window=today", "/kpis/first_response_time?window=7d&by=agent", "/sla", "/alerts", "/kpis/system_uptime"] {
                #expect(try await session.get(page).status == .ok, "\(page)")
            }
            let badWindow = try await session.get("/kpis?window=fortnight")
            #expect(badWindow.status == .badRequest)
            #expect(badWindow.text.contains("window: &#39;fortnight&#39; is not one of today, yesterday, 7d, 30d, 90d, mtd, last_month, custom"))
            let badDate = try await session.get("/kpis?window=custom&from=2026-02-30&to=2026-03-01")
            #expect(badDate.status == .badRequest)
            #expect(badDate.text.contains("from: &#39;2026-02-30&#39; is not a date"))
            let twoSegments = try await session.get("/kpis?source=website&agent=amy")
            #expect(twoSegments.status == .badRequest)
            #expect(try await session.get("/kpis/no_such_kpi").status == .notFound)
            #expect(try await session.get("/leads/NOPE").text.contains("There is no lead &#39;NOPE&#39;"))
        }
    }

    @Test("system uptime: the scorecard draws its last 30 days, and its page lists each outage with the time it counted as down")
    func uptimePage() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let status = { (id: String, at: String, component: String, health: String) in
            #"{"id":"\#(id)","type":"system.status","occurred_at":"\#(at)","component":"\#(component)","status":"\#(health)"}"#
        }
        // The test clock stands at 2026-01-05 00:00 UTC. Slow for two hours, down for half an
        // hour, then up; another component down for the last hour and not back yet.
        let reports = [
            status("s0", "2026-01-01T00:00:00Z", "sms_gateway", "up"), status("s1", "2026-01-03T10:00:00Z", "sms_gateway", "degraded"),
            status("s2", "2026-01-03T12:00:00Z", "sms_gateway", "down"), status("s3", "2026-01-03T12:30:00Z", "sms_gateway", "up"),
            status("a1", "2026-01-04T23:00:00Z", "ai_assistant", "down"),
        ]
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data("[\(reports.joined(separator: ","))]".utf8)), at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let scorecard = try await session.get("/kpis?window=7d").text
            let row = try #require(
                scorecard.range(of: #"<tr data-kpi="system_uptime">"#).flatMap { start in
                    scorecard.range(of: "</tr>", range: start.upperBound..<scorecard.endIndex).map { String(scorecard[start.lowerBound..<$0.upperBound]) }
                })
            #expect(!row.contains("no data") && row.contains("<polyline"), "\(row)")
            // Four days watched, ninety minutes down; the half day of slowness is not down time.
            #expect(row.contains("up 3 d 22 h of 4 d watched"), "\(row)")
            #expect(scorecard.contains(#"data-value="\#(JSONWriter.format((4 * 86_400 - 5_400) / (4 * 86_400.0)))""#))

            let page = try await session.get("/kpis/system_uptime?window=7d").text
            #expect(page.contains(#"<div data-figure="downtime" title="How long a watched component was reported down in the window."><dt>Down for</dt><dd>1 h 30 min</dd>"#), "\(page)")
            // The days, for every store Lakeside's (Chicago), the dashboard's clock: 3 January lost
            // 30 minutes of 24 hours; 4 January, up to now (18:00 there), an hour of 18.
            #expect(page.contains("<title>3 Jan: 97.9%</title>") && page.contains("<title>4 Jan: 94.4%</title>"), "\(page)")
            // The first report came at 18:00 on 31 December in Chicago: nothing watched before it.
            #expect(page.contains("<title>31 Dec: 100%</title>") && !page.contains("<title>30 Dec"), "nothing watched before the first report")
            let outages = try #require(page.range(of: #"<table class="outages">"#).map { String(page[$0.lowerBound...].prefix(4000)) })
            #expect(outages.contains(#"<th scope="row">SMS gateway</th><td>every store</td><td><span class="badge red">down</span></td>"#))
            #expect(outages.contains(#"<td class="num" data-seconds="1800">30 min</td>"#))
            #expect(outages.contains(#"<th scope="row">AI assistant</th>"#) && outages.contains("<td>still down</td>") && outages.contains(#"data-seconds="3600">1 h</td>"#))
            // A week with no report at all says so instead of showing an empty table.
            let quiet = try await session.get("/kpis/system_uptime?window=custom&from=2025-12-01&to=2025-12-07").text
            #expect(quiet.contains("No component was down or degraded in this window."))
        }
    }

    @Test("an agent nobody is waiting on is still shown at the store of their leads")
    func agentStore() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        var make = EventFactory(lead: "L-9", base: app.clock.now().adding(seconds: -86_400))
        _ = try await app.store.ingest(
            [
                make.created(0, store: "lkt"), make.sent(40, message: "m1"), make.received(300, message: "r1"),
                make.make(310, .leadAssigned(agent: "maria")), make.sent(600, message: "m2", sender: .agent, agent: "maria"),
            ], at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/sla?window=7d").text
            #expect(page.contains(#"<th scope="row">maria</th><td>Lakeside Toyota</td><td class="num">0</td>"#), "\(page)")
        }
    }

    @Test("the speed-to-lead heatmap of two months reads its hourly cells a month at a time and gives each store and hour one median of both")
    func heatmapOverMonths() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: UTC}]", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        func lead(_ id: LeadID, _ at: String, answeredAfter seconds: Double) throws -> [Event] {
            var make = EventFactory(lead: id, base: try Timestamp(rfc3339: at))
            return [make.created(0, store: "lkt"), make.sent(seconds, message: "\(id.rawValue)-m")]
        }
        // 14:00-14:59 in January (60 s) and in February (120 s, 600 s): the median is 120 s only
        // if both months are in it. 09:00-09:59: one lead, 30 s.
        let events = try lead("H-1", "2026-01-02T14:10:00Z", answeredAfter: 60) + lead("H-2", "2026-02-10T14:20:00Z", answeredAfter: 120)
            + lead("H-3", "2026-02-20T14:30:00Z", answeredAfter: 600) + lead("H-4", "2026-01-20T09:05:00Z", answeredAfter: 30)
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-04T12:00:00Z"))
        app.clock.set(try Timestamp(rfc3339: "2026-03-04T12:00:00Z"))
        try await app.run { client in
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/sla?from=2026-01-01&to=2026-03-03").text
            func median(_ hour: String) -> Double? {
                guard let title = page.range(of: "<title>Lakeside Toyota, \(hour): ") else { return nil }
                let cell = page[..<title.lowerBound]
                guard let value = cell.range(of: "data-value=\"", options: .backwards) else { return nil }
                return Double(cell[value.upperBound...].prefix { $0 != "\"" })
            }
            let afternoon = try #require(median("14"), "\(page)")
            #expect(abs(afternoon - 120) <= 1.2, "the median of 60, 120 and 600 s: \(afternoon)")
            let morning = try #require(median("09"))
            #expect(abs(morning - 30) <= 0.3)
            #expect(page.contains("<title>Lakeside Toyota, 10: no data</title>"))
        }
    }

    /// Lakeside open on Fridays 09:00 to 17:00, Chicago time, and closed the rest of the week.
    static let openFridaysNineToFive = try! ConfigurationFile.parse(
        "stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago, business_hours: {fri: \"09:00-17:00\"}}]", file: "t.yaml"
    ).pitwall

    @Test("a lead answered before the store opened says how long the customer waited on the wall clock")
    func businessAndWallClock() async throws {
        let app = try await TestApp.make(configuration: Self.openFridaysNineToFive)
        // Friday 2 January 2026, 08:00 in Chicago: an hour before opening; the AI answers two minutes later.
        var make = EventFactory(lead: "L-7", base: try Timestamp(rfc3339: "2026-01-02T14:00:00Z"))
        _ = try await app.store.ingest([make.created(0, store: "lkt"), make.sent(120, message: "m1")], at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/leads/L-7").text
            #expect(page.contains("answered within SLA"))
            #expect(page.contains("<dd>0 s (2 min on the wall clock)</dd>"), "\(page)")
        }
    }

    @Test("a waiting lead that came in before opening shows its wait in open hours, and on the wall clock beneath")
    func queueWaitBeforeOpening() async throws {
        let app = try await TestApp.make(configuration: Self.openFridaysNineToFive)
        // Friday 2 January 2026: in at 08:31 Chicago, still waiting at 09:11:40.
        var early = EventFactory(lead: "L-7", base: try Timestamp(rfc3339: "2026-01-02T14:31:00Z"))
        var open = EventFactory(lead: "L-8", base: try Timestamp(rfc3339: "2026-01-02T15:05:00Z"))
        _ = try await app.store.ingest([early.created(0, store: "lkt", tier: .cold), open.created(0, store: "lkt", tier: .cold)], at: early.at(0))
        app.clock.set(try Timestamp(rfc3339: "2026-01-02T15:11:40Z"))
        try await app.run { client in
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/sla").text
            #expect(page.contains(#"<td class="num">11 min 40 s<span class="sample">40 min 40 s on the wall clock</span></td>"#), "\(page)")
            #expect(page.contains(#"<td class="num">6 min 40 s</td>"#), "in during open hours: one clock")
        }
    }

    /// Leads that came in at 14:40 UTC on Thursday 3 December 2026 and are still waiting at 14:50.
    static func waitingTenMinutes(_ leads: [(lead: LeadID, store: StoreID, tier: LeadTier)], in app: TestApp) async throws {
        let cameIn = try Timestamp(rfc3339: "2026-12-03T14:40:00Z")
        let events = leads.map { lead in
            var make = EventFactory(lead: lead.lead, base: cameIn)
            return make.created(0, store: lead.store, tier: lead.tier)
        }
        _ = try await app.store.ingest(events, at: cameIn)
        app.clock.set(cameIn.adding(seconds: 600))
    }

    @Test("the queue names a store's clock when it is not the page's: a Pacific lead at 06:40 reads 06:40 PST beside 13:34 CST")
    func queueArrivalZones() async throws {
        let configuration = try ConfigurationFile.parse(
            """
            stores:
              - {id: lkt, name: Lakeside Toyota, timezone: America/Chicago}
              - {id: hph, name: Harbor Point Honda, timezone: America/Los_Angeles}
            """, file: "t.yaml"
        ).pitwall
        let app = try await TestApp.make(configuration: configuration)
        // 14:40 UTC is 08:40 in Chicago and 06:40 in Los Angeles.
        try await Self.waitingTenMinutes([("L-1", "lkt", .cold), ("L-2", "hph", .cold)], in: app)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let group = try await session.get("/sla").text
            #expect(group.contains("<td>Lakeside Toyota</td><td>website</td><td>cold</td><td>–</td><td>08:40</td>"), "\(group)")
            #expect(group.contains("<td>Harbor Point Honda</td><td>website</td><td>cold</td><td>–</td><td>06:40 PST</td>"))
            // The Pacific store's own page is on its clock: no name needed.
            let own = try await session.get("/sla?store=hph").text
            #expect(own.contains("<td>06:40</td>") && !own.contains("06:40 PST"))
        }
    }

    @Test("a store's tile shows its leads past SLA in red and its waiting leads in yellow once one is past half its SLA, whatever its alerts say")
    func tileFiguresNeedingSomeone() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: UTC}, {id: smf, name: Summit Ford, timezone: UTC}]", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        // A hot lead (SLA 5 min: past it) and a warm one (SLA 15 min: past half) at Lakeside; a cold one at Summit.
        try await Self.waitingTenMinutes([("L-1", "lkt", .hot), ("L-2", "lkt", .warm), ("L-3", "smf", .cold)], in: app)
        try await app.run { client in
            let board = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/").text
            func tile(_ store: String) throws -> String {
                let start = try #require(board.range(of: #"data-store="\#(store)""#))
                return String(board[start.lowerBound...].prefix(1200))
            }
            let lakeside = try tile("lkt")
            let summit = try tile("smf")
            // Both of Lakeside's leads still wait, the one past its SLA included.
            #expect(lakeside.contains(#"<div data-figure="waiting" class="warn"><dt>Waiting now</dt><dd>2</dd>"#), "\(lakeside)")
            #expect(lakeside.contains(#"<div data-figure="past_sla" class="bad"><dt>Past SLA</dt><dd>1</dd>"#))
            #expect(summit.contains(#"<div data-figure="waiting"><dt>Waiting now</dt><dd>1</dd>"#), "\(summit)")
            #expect(summit.contains(#"<div data-figure="past_sla"><dt>Past SLA</dt><dd>0</dd>"#))
            // The counts above the tiles add the stores up the same way the queue does.
            #expect(board.contains(#"<div class="count" data-figure="waiting"><span class="big">3</span> waiting for a first answer</div>"#))
            #expect(board.contains(#"data-figure="past_sla"><span class="big">1</span> past SLA</div>"#))
        }
    }

    @Test("a lead whose first text the carrier refused says so beside its first response, and when a text first got through")
    func firstTextNotDelivered() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: UTC}]", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        var make = EventFactory(lead: "L-8", base: try Timestamp(rfc3339: "2026-01-02T14:00:00Z"))
        var other = EventFactory(lead: "L-9", base: try Timestamp(rfc3339: "2026-01-02T14:00:00Z"))
        var fine = EventFactory(lead: "L-10", base: try Timestamp(rfc3339: "2026-01-02T14:00:00Z"))
        _ = try await app.store.ingest(
            [
                make.created(0, store: "lkt"), make.sent(60, message: "m1"), make.status(70, message: "m1", .undelivered, errorCode: "30008"),
                make.sent(3_600, message: "m2"), make.status(3_720, message: "m2", .delivered),
                other.created(0, store: "lkt"), other.sent(60, message: "m3"), other.status(65, message: "m3", .failed),
                fine.created(0, store: "lkt"), fine.sent(60, message: "m4"), fine.status(65, message: "m4", .delivered),
            ], at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/leads/L-8").text
            #expect(page.contains("answered within SLA"), "the clock stops at the first text sent, as the KPI counts it")
            #expect(page.contains("by the AI assistant, not delivered (carrier error 30008)</dd>"), "\(page)")
            // The timeline: each text on one line, with what the carrier said about it.
            #expect(page.contains(#"<li class="problem" data-events="2"><time>Fri 2 Jan 14:01</time> <strong>AI sent a text</strong> <span class="delivery">· not delivered: undelivered 10 s later, carrier error 30008</span>"#), "\(page)")
            #expect(page.contains(#"<li class="outbound" data-events="2"><time>Fri 2 Jan 15:00</time> <strong>AI sent a text</strong> <span class="delivery">· delivered 2 min later</span>"#))
            #expect(!page.contains("Message delivered") && !page.contains("Message undelivered"))
            #expect(page.contains("<dt>First text delivered</dt>"))
            #expect(page.contains("<dd>Fri 2 Jan 15:02</dd>"), "delivered two minutes after it was sent: \(page)")
            let never = try await session.get("/leads/L-9").text
            #expect(never.contains("by the AI assistant, not delivered</dd>"))
            #expect(never.contains("<dd>none yet</dd>"))
            // A lead whose first text arrived says nothing more.
            let delivered = try await session.get("/leads/L-10").text
            #expect(delivered.contains("<dt>First response</dt><dd>Fri 2 Jan 14:01 by the AI assistant</dd>"), "\(delivered)")
            #expect(!delivered.contains("First text delivered") && !delivered.contains("not delivered"))
        }
    }

    @Test("the agents table says 'too few' under an agent's lead-to-sale figure on ten leads, with the range on hover; forty leads without a sale are a verdict")
    func agentConversionOnFew() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-04-01T00:00:00Z"))
        var events: [Event] = []
        for (agent, count) in [("amy", 10), ("bob", 40)] {
            for index in 0..<count {
                var make = EventFactory(lead: LeadID("\(agent)-\(index)"), base: try Timestamp(rfc3339: "2026-03-02T15:00:00Z").adding(seconds: Double(index) * 60))
                events += [make.created(0, store: "lkt"), make.make(10, .leadAssigned(agent: AgentID(agent))), make.sent(60, message: "\(agent)-\(index)-m")]
            }
        }
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
        try await app.run { client in
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/sla?window=custom&from=2026-03-01&to=2026-03-07").text
            func row(_ agent: String) throws -> String {
                try #require(page.components(separatedBy: "<tr").first { $0.contains(#"<th scope="row">\#(agent)</th>"#) })
            }
            let amy = try row("amy")
            #expect(amy.contains(#"<td class="num" title="Only 10 to go on: at 95% confidence the rate could be anywhere from 0% to "#), "\(amy)")
            #expect(amy.contains(#">0%<span class="sample">too few</span></td>"#))
            let bob = try row("bob")
            #expect(bob.contains(#"<td class="num">0%</td>"#), "\(bob)")
        }
    }

    /// The speed page's chart figures for 1-7 March, over groups of Lakeside's website leads
    /// from 3 March 15:00 UTC, ten minutes apart: each group's answered `wait` seconds after
    /// arriving, its first `sold` bought a day later.
    static func waitCharts(_ groups: [(prefix: String, count: Int, wait: Double, sold: Int)]) async throws -> [String] {
        let app = try await TestApp.make(configuration: Self.configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-04-20T00:00:00Z"))
        var events: [Event] = []
        for (prefix, count, wait, sold) in groups {
            for index in 0..<count {
                let id = "\(prefix)-\(index)"
                var make = EventFactory(lead: LeadID(id), base: try Timestamp(rfc3339: "2026-03-03T15:00:00Z").adding(seconds: Double(index) * 600))
                events += [make.created(0, store: "lkt"), make.sent(wait, message: "\(id)-m")]
                if index < sold { events.append(make.sale(86_400, id: "\(id)-s", amount: 30_000)) }
            }
        }
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-04-01T00:00:00Z"))
        return try await app.run { client in
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/sla?window=custom&from=2026-03-01&to=2026-03-07").text
            return page.components(separatedBy: "<figure class=\"chart-box\">").dropFirst().map { $0.components(separatedBy: "</figure>")[0] }
        }
    }

    @Test("the speed-to-lead charts say above them what they show; a wait's lead-to-sale on 11 leads is drawn pale, its hover and a note saying why, the one on 40 is not")
    func waitChartsCaptionedAndPale() async throws {
        // 40 answered within a minute, 4 bought; 11 answered after 20 minutes, 1 bought.
        let figures = try await Self.waitCharts([("fast", 40, 60, 4), ("slow", 11, 1_200, 1)])
        do {
            #expect(figures.count == 2, "leads and lead-to-sale by wait; no survey answers, no satisfaction chart")
            let (leads, conversion) = (figures[figures.startIndex], figures[figures.startIndex + 1])
            #expect(leads.hasPrefix("<figcaption>Leads by time to first response</figcaption>"))
            #expect(!leads.contains("pale"), "a count of leads is no estimate")
            #expect(conversion.hasPrefix("<figcaption>Lead-to-sale conversion by time to first response</figcaption>"))
            let bars = conversion.components(separatedBy: "<rect class=\"bar").dropFirst()
            #expect(bars.count == 2)
            #expect(bars.first!.hasPrefix("\" fill=") && bars.first!.contains("data-value=\"0.1\"><title>0-5 min: 10%</title>"), "\(bars.first!)")
            #expect(bars.last!.hasPrefix(" pale\" ") && bars.last!.contains("<title>15-60 min: 9.1% (on 11 leads, too few to read alone)</title>"), "\(bars.last!)")
            #expect(conversion.contains("<p class=\"hint pale-note\">Pale bars rest on fewer than 30 leads: read them as hints, not findings.</p>"))
            // Every lead is from the website: 11 answered later are too few to set beside it.
            #expect(!conversion.contains("chart-finding"))
        }
    }

    @Test("leads with clock problems are counted among the speed page's leads by wait, under that name, but left out of the sales by wait, with a note saying why")
    func clockProblemsOffTheWaitBars() async throws {
        // 40 answered within a minute, 4 bought; 3 "answered" a minute before they arrived, 2 bought.
        let figures = try await Self.waitCharts([("fast", 40, 60, 4), ("skewed", 3, -60, 2)])
        do {
            try #require(figures.count >= 2)
            let (leads, conversion) = (figures[figures.startIndex], figures[figures.startIndex + 1])
            #expect(leads.contains("<title>0-5 min: 40</title>") && leads.contains("<title>clock problems: 3</title>"), "\(leads)")
            #expect(!leads.contains("unknown"))
            #expect(conversion.contains("<title>0-5 min: 10%</title>"))
            #expect(!conversion.contains("unknown") && !conversion.contains("67%") && !conversion.contains("<title>clock problems"), "2 of 3 is no wait's rate")
            #expect(conversion.contains("3 leads with clock problems (an answer dated before the lead arrived, say) are left out of the sales and ratings by wait: their wait cannot be told."))
        }
    }

    @Test("under the speed page's conversion by wait, each slower bucket beside what leads of its own sources answered within 5 min bought")
    func waitsLikeForLike() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-04-20T00:00:00Z"))
        var events: [Event] = []
        // Website: 40 answered at once, 4 bought; walk-ins: 10 greeted at once, 5 bought, and
        // 40 left waiting 10 minutes, 12 bought. Pooled, waiting "sells" 30 % against 18 %.
        let groups: [(String, String, Int, Double, Int)] = [("web", "website", 40, 60, 4), ("walk", "walk_in", 10, 60, 5), ("wait", "walk_in", 40, 600, 12)]
        for (prefix, source, count, wait, sold) in groups {
            for index in 0..<count {
                let id = "\(prefix)-\(index)"
                var make = EventFactory(lead: LeadID(id), base: try Timestamp(rfc3339: "2026-03-03T15:00:00Z").adding(seconds: Double(index) * 60))
                events += [make.created(0, store: "lkt", source: source), make.sent(wait, message: "\(id)-m")]
                if index < sold { events.append(make.sale(86_400, id: "\(id)-s", amount: 30_000)) }
            }
        }
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-04-01T00:00:00Z"))
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/sla?window=custom&from=2026-03-01&to=2026-03-07").text
            #expect(
                page.contains(
                    "<p class=\"hint chart-finding\">Source for source: leads answered later, beside what leads of the same sources answered within 5 min bought: "
                        + "5-15 min 30% of 40 against 50%.</p>"), "\(page.components(separatedBy: "chart-finding").dropFirst().first?.prefix(300) ?? "no finding")")
            // Narrowed to one source, the bars are that source's own and no mix: nothing to add.
            let narrowed = try await session.get("/sla?window=custom&from=2026-03-01&to=2026-03-07&source=walk_in").text
            #expect(narrowed.contains("<figcaption>Lead-to-sale conversion by time to first response</figcaption>") && !narrowed.contains("chart-finding"))
            #expect(narrowed.contains("<title>0-5 min: 50% (on 10 leads, too few to read alone)</title>"), "walk-ins greeted at once: 5 of 10")
            #expect(narrowed.contains("<title>5-15 min: 30%</title>"), "walk-ins left waiting: 12 of 40")
            #expect(!narrowed.contains("<title>0-5 min: 18%"), "the pooled 9 of 50 is not the walk-ins'")
            // Narrowed to what waits are not counted by, the bars are every lead's, and say so.
            let campaign = try await session.get("/sla?window=custom&from=2026-03-01&to=2026-03-07&campaign=spring").text
            #expect(campaign.contains("<title>0-5 min: 18%</title>"))
            #expect(campaign.contains("<p class=\"hint chart-finding\">These waits are of every lead, not only campaign: spring: waits are counted by source, not by campaign.</p>"))
        }
    }

    @Test("the speed page narrowed to a source lists only that source's waiting leads and last 15 minutes, and says the hours and agents are every lead's; narrowed to an agent, only that agent")
    func speedPageNarrowed() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let now = try Timestamp(rfc3339: "2026-03-02T15:20:00Z")
        app.clock.set(now)
        let base = try Timestamp(rfc3339: "2026-03-02T15:00:00Z")
        var events: [Event] = []
        // (lead, source, minutes after 15:00 it came in, its agent, answered a minute later)
        let leads: [(String, String, Double, String?, Bool)] = [
            ("web-1", "website", 0, "amy", false), ("web-2", "website", 10, "bob", false),
            ("walk-1", "walk_in", 8, nil, true), ("walk-2", "walk_in", 12, "amy", false),
        ]
        for (id, source, minutes, agent, answered) in leads {
            var make = EventFactory(lead: LeadID(id), base: base.adding(seconds: minutes * 60))
            events.append(make.created(0, store: "lkt", source: source))
            if let agent { events.append(make.make(10, .leadAssigned(agent: AgentID(agent)))) }
            if answered { events.append(make.sent(60, message: "\(id)-m")) }
        }
        _ = try await app.store.ingest(events, at: now)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            func waiting(_ page: String) -> [String] {
                page.components(separatedBy: "<tr data-lead=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.sorted()
            }
            func rolling(_ page: String) throws -> String {
                let table = try #require(page.components(separatedBy: "<table class=\"rolling\">").dropFirst().first)
                return try #require(table.components(separatedBy: "<tbody>").dropFirst().first?.components(separatedBy: "</tbody>").first)
            }
            func agents(_ page: String) -> [String] {
                guard let table = page.components(separatedBy: "<table class=\"agents\">").dropFirst().first else { return [] }
                return table.components(separatedBy: "<th scope=\"row\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
            }
            let every = try await session.get("/sla").text
            #expect(waiting(every) == ["walk-2", "web-1", "web-2"])
            let everyRolling = try rolling(every)
            #expect(everyRolling == #"<tr><th scope="row">Lakeside Toyota</th><td class="num">1</td><td class="num">1 min</td><td class="num">1 min</td><td class="num">2</td><td class="num">3</td></tr>"#, "\(everyRolling)")
            #expect(agents(every) == ["amy", "bob"])
            #expect(!every.contains("unnarrowed"))

            let walkIns = try await session.get("/sla?source=walk_in").text
            #expect(waiting(walkIns) == ["walk-2"], "the website's two waiting leads are not walk-ins")
            #expect(walkIns.contains("1 lead of source: walk_in, 1 past SLA"), "\(walkIns.components(separatedBy: "queue-title").dropFirst().first?.prefix(200) ?? "")")
            let walkInRolling = try rolling(walkIns)
            // web-2 and walk-2 ran out of their 5 minutes in the last 15 (web-1 at 15:05, as they opened).
            #expect(walkInRolling.hasSuffix(#"<td class="num">1</td><td class="num">1 min</td><td class="num">1 min</td><td class="num">1</td><td class="num">1</td></tr>"#), "walk-1 answered, walk-2 waiting: \(walkInRolling)")
            #expect(walkIns.contains(#"<p class="hint unnarrowed heatmap-note">These hours are of every lead, not only source: walk_in: hours are counted over all leads, not by source.</p>"#))
            #expect(walkIns.contains(#"<p class="hint unnarrowed agents-note">Each agent over all their leads, not only source: walk_in: agents are counted over every lead they hold.</p>"#))

            let website = try await session.get("/sla?source=website").text
            #expect(waiting(website) == ["web-1", "web-2"])
            let websiteRolling = try rolling(website)
            #expect(websiteRolling.hasSuffix(#"<td class="num">0</td><td class="num">–</td><td class="num">–</td><td class="num">1</td><td class="num">2</td></tr>"#), "\(websiteRolling)")

            let amy = try await session.get("/sla?agent=amy").text
            #expect(waiting(amy) == ["walk-2", "web-1"])
            #expect(agents(amy) == ["amy"], "bob's waiting lead is not amy's: his row stays off her page")
            #expect(!amy.contains("agents-note") && amy.contains("heatmap-note"))

            let nobody = try await session.get("/sla?tier=cold").text
            #expect(nobody.contains("No lead of tier: cold is waiting for an answer."))
        }
    }

    @Test("a lead whose form is dated after the CRM got it, or whose answer came before its clock started, says so on its page")
    func clockProblemsOnLeadPage() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: UTC}]", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        let base = try Timestamp(rfc3339: "2026-01-02T14:00:00Z")
        var fast = EventFactory(lead: "L-1", base: base)
        var fine = EventFactory(lead: "L-2", base: base)
        _ = try await app.store.ingest(
            [
                // The web form's clock is four minutes fast, and the AI answered at once: by the
                // form's time that answer came before the customer asked.
                fast.created(0, store: "lkt", submittedSecondsEarlier: -240), fast.sent(20, message: "m1"),
                fine.created(0, store: "lkt", submittedSecondsEarlier: 30), fine.sent(20, message: "m2"),
            ], at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/leads/L-1").text
            #expect(page.contains(#"<p class="clock-problems" id="clock-problems"><strong>Clock problems:</strong> "#), "\(page)")
            #expect(page.contains("<span>its first answer is dated before its clock started; its response time is left out of the figures.</span>"))
            #expect(page.contains("<span>the form is dated after the CRM received the lead: the form&#39;s clock looks fast.</span>"), "\(page)")
            let other = try await session.get("/leads/L-2").text
            #expect(!other.contains("clock-problems"))
        }
    }

    @Test("a lead's page shows its phone and e-mail with the door checks beside them")
    func contactOnLeadPage() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let lead = #"{"id":"c9","type":"lead.created","occurred_at":"\#(app.clock.now().rfc3339)","lead_id":"L-9","store_id":"lkt","source":"website","contact":{"phone":"312-555-0150","email":"ana@example.com"}}"#
        let good = #"{"id":"c10","type":"lead.created","occurred_at":"\#(app.clock.now().rfc3339)","lead_id":"L-10","store_id":"lkt","source":"website","contact":{"phone":"(619) 230-4936"}}"#
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data("[\(lead),\(good)]".utf8)), at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/leads/L-9").text
            #expect(page.contains("<dt>Phone</dt><dd>312-555-0150 (cannot take texts: 555-0150 is reserved for fiction, not a real number)</dd>"))
            #expect(page.contains("<dt>E-mail</dt><dd>ana@example.com</dd>"))
            // A number that can take texts, kept as E.164 and shown grouped.
            let reachable = try await session.get("/leads/L-10").text
            #expect(reachable.contains("<dt>Phone</dt><dd>+1 619-230-4936</dd>"), "\(reachable)")
        }
    }

    @Test("what changed: the alerts that found their first data fine in one minute make one line after that minute's firing")
    func quietStartsFolded() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let now = app.clock.now()
        func change(_ rule: String, _ store: StoreID, to: AlertCondition, at: Timestamp, severity: AlertSeverity? = nil) -> AlertTransition {
            AlertTransition(
                alertID: "\(rule):store=\(store)", ruleID: rule, segment: AlertSegment(store: store), at: at, from: .noData, to: to, severity: severity,
                measurement: nil)
        }
        let started = [
            change("opt_out_rate", "lkt", to: .ok, at: now), change("opt_out_rate", "hph", to: .ok, at: now),
            change("lead_response_rate", "lkt", to: .ok, at: now), change("message_failure_rate", "lkt", to: .firing, at: now, severity: .critical),
            change("lead_response_rate", "hph", to: .ok, at: now.adding(seconds: -3600)),
        ]
        try await app.store.recordAlerts([], transitions: started, audit: [])
        try await app.run { client in
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/alerts").text
            #expect(page.contains("3 alerts had enough data for the first time (Lead response rate, Opt-out rate)"), "\(page)")
            let firing = try #require(page.range(of: "no data → firing (critical)"))
            #expect(firing.lowerBound < page.range(of: "3 alerts had enough data")!.lowerBound, "the minute's firing comes first")
            #expect(page.contains("Lead response rate · hph"), "an hour earlier, alone: its own line")
            #expect(!page.contains("Opt-out rate · Lakeside Toyota"))
        }
    }

    @Test("what changed: one rule firing at five stores in one minute is one line naming them; at two stores, two lines")
    func manyStoresOneHistoryLine() throws {
        let ids: [StoreID] = ["bvw", "hph", "lkt", "smf", "wdh"]
        let configuration = PitwallConfiguration(stores: ids.map { StoreProfile(id: $0, name: "Store \($0.rawValue.uppercased())", timeZone: TimeZone(identifier: "UTC")!) })
        let now = try Timestamp(rfc3339: "2026-12-03T14:50:00Z")
        func fired(_ store: StoreID, at: Timestamp) -> AlertTransition {
            let segment = AlertSegment(store: store, breakdown: "channel=sms")
            return AlertTransition(
                alertID: "receipts_missing:\(segment)", ruleID: "receipts_missing", segment: segment, at: at, from: .ok, to: .firing, severity: .critical,
                measurement: nil)
        }
        let transitions = ids.map { fired($0, at: now) } + ["bvw", "hph"].map { fired($0, at: now.adding(seconds: -3600)) }
        let lines = AlertsPage.history(
            transitions, rules: AlertRule.sopDefaults.byID, configuration: configuration, local: LocalTimeFormatting(store: configuration.homeStore, now: now))
        #expect(lines.map { "\($0.at) \($0.alert): \($0.change)" } == [
            "14:50 Delivery receipts missing · 5 stores (Store BVW, Store HPH, Store LKT, Store SMF, Store WDH): ok → firing (critical)",
            "13:50 Delivery receipts missing · Store BVW · texts: ok → firing (critical)",
            "13:50 Delivery receipts missing · Store HPH · texts: ok → firing (critical)",
        ])
    }

    @Test("one rule firing at two stores: one form acknowledges both, with its secret and a manage token; a read session sees no form")
    func acknowledgeAllOfARule() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let statuses = ["lkt", "hph"].map { store in
            var firing = AlertStatus(ruleID: "receipts_missing", segment: AlertSegment(store: StoreID(store), breakdown: "channel=sms"), startingAt: app.clock.now())
            firing.condition = .firing
            firing.severity = .critical
            return firing
        }
        var alone = AlertStatus(ruleID: "opt_out_rate", segment: AlertSegment(store: "lkt"), startingAt: app.clock.now())
        alone.condition = .firing
        alone.severity = .warning
        try await app.store.recordAlerts(statuses + [alone], transitions: [], audit: [])
        try await app.run { client in
            let manager = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            let page = try await manager.get("/alerts").text
            #expect(page.contains(#"action="/alerts/rule/receipts_missing/ack""#) && page.contains("Acknowledge all 2</button>"), "\(page)")
            #expect(!page.contains("/alerts/rule/opt_out_rate/ack"), "one alert has its own button only")
            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            #expect(!(try await reader.get("/alerts").text.contains("Acknowledge all")))
            #expect(try await reader.post("/alerts/rule/receipts_missing/ack", form: "csrf=\(reader.csrf)").status == .forbidden)
            #expect(try await manager.post("/alerts/rule/receipts_missing/ack", form: "comment=on+it").status == .forbidden, "no form secret")

            let done = try await manager.post("/alerts/rule/receipts_missing/ack", form: "csrf=\(manager.csrf)&comment=provider+ticket+4411&back=/alerts")
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/alerts?done=2%20alerts%20acknowledged")
            let stored = try await app.store.alertStatuses()
            #expect(stored.filter { $0.ruleID == "receipts_missing" }.allSatisfy { $0.acknowledgement?.comment == "provider ticket 4411" })
            #expect(stored.first { $0.ruleID == "opt_out_rate" }?.acknowledgement == nil, "another rule's alert is left alone")
            #expect(!(try await manager.get("/alerts").text.contains("Acknowledge all")), "nothing left to acknowledge together")
            #expect(try await manager.post("/alerts/rule/receipts_missing/ack", form: "csrf=\(manager.csrf)").status == .conflict, "all taken on already")
            #expect(try await manager.post("/alerts/rule/nothing/ack", form: "csrf=\(manager.csrf)").status == .notFound)
        }
    }

    @Test("acknowledging needs the session's form secret and a manage token; then it is stored and logged")
    func acknowledge() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        var firing = AlertStatus(ruleID: "opt_out_rate", segment: AlertSegment(store: "lkt"), startingAt: app.clock.now())
        firing.condition = .firing
        firing.severity = .critical
        let change = AlertTransition(
            alertID: firing.id, ruleID: "opt_out_rate", segment: firing.segment, at: app.clock.now(), from: .noData, to: .firing, severity: .critical,
            measurement: nil)
        let quiet = AlertStatus(ruleID: "lead_response_rate", segment: AlertSegment(store: "lkt"), startingAt: app.clock.now())
        try await app.store.recordAlerts([firing, quiet], transitions: [change], audit: [])
        let id = firing.id
        try await app.run { client in
            let manager = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            let page = try await manager.get("/alerts")
            #expect(page.text.contains("<summary>1 rule is waiting for enough data</summary>"))
            #expect(page.text.contains(#"action="/alerts/\#(id)/ack""#))
            // What changed, in words rather than the API's codes.
            #expect(page.text.contains("no data → firing (critical)") && !page.text.contains("no_data"))

            let huge = try await manager.post("/alerts/\(id)/ack", form: "csrf=\(manager.csrf)&comment=" + String(repeating: "x", count: 70_000))
            #expect(huge.status == .contentTooLarge)
            #expect(huge.text.contains("Shorten the comment"))
            let forged = try await manager.post("/alerts/\(id)/ack", form: "comment=on+it")
            #expect(forged.status == .forbidden)
            let stolen = try await manager.post("/alerts/\(id)/ack", form: "csrf=not-the-secret&comment=on+it")
            #expect(stolen.status == .forbidden)
            #expect(try await app.store.alertStatuses().first { $0.id == id }?.acknowledgement == nil)

            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            #expect(!(try await reader.get("/alerts").text.contains("/ack\"")), "a read session sees no acknowledge button")
            let refused = try await reader.post("/alerts/\(id)/ack", form: "csrf=\(reader.csrf)&comment=on+it")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("need a token with manage scope"))

            let done = try await manager.post("/alerts/\(id)/ack", form: "csrf=\(manager.csrf)&comment=calling+the+carrier&quiet_minutes=60&back=/")
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/?done=Alert%20acknowledged")
            let stored = try #require(try await app.store.alertStatuses().first { $0.id == id }?.acknowledgement)
            #expect(stored.by == "manage-token" && stored.comment == "calling the carrier")
            #expect(stored.until == app.clock.now().adding(seconds: 3600))
            #expect(try await manager.get("/?done=Alert%20acknowledged").text.contains("by manage-token"))

            let silenced = try await manager.post("/silences", form: "csrf=\(manager.csrf)&rule_id=opt_out_rate&store_id=lkt&minutes=60&comment=promo+blast")
            #expect(silenced.status == .seeOther)
            #expect(try await app.store.silences(endingAfter: app.clock.now()).first?.comment == "promo blast")
            let audit = try await app.store.latestAuditEntries(limit: 5).map(\.action)
            #expect(audit.contains("alert.acknowledged"), "\(audit)")
        }
    }

    @Test("signing out ends the session for good")
    func signOut() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            #expect(try await session.get("/").status == .ok)
            // Another site's form cannot sign the wall screen out.
            let forged = try await session.post("/sign-out", form: "")
            #expect(forged.status == .forbidden)
            #expect(try await session.get("/").status == .ok)
            let out = try await session.post("/sign-out", form: "csrf=\(session.csrf)")
            #expect(out.status == .seeOther)
            #expect(try await session.get("/").status == .seeOther)
        }
    }

    @Test("a session left idle past its lifetime is gone; each use restarts the idle time, written at most once a minute")
    func expiry() async throws {
        let store = MemoryStore()
        let start = Timestamp(millisecondsSinceEpoch: 1_000_000)
        let token = AccessToken(name: "wall", scope: .read, secretHash: "x", createdAt: start)
        try await store.saveToken(token)
        let sessions = DashboardSessions(store: store, tokens: store, idleSeconds: 600)
        let session = try await sessions.open(for: token, now: start)
        func isLive(_ seconds: Double) async throws -> Bool {
            if case .live = try await sessions.session(session.id, now: start.adding(seconds: seconds)) { return true }
            return false
        }
        func storedExpiry() async throws -> Timestamp? { try await store.session(idHash: TokenIssuer.hash(session.id))?.expiresAt }
        #expect(try await storedExpiry() == start.adding(seconds: 600))
        #expect(try await isLive(500))
        #expect(try await storedExpiry() == start.adding(seconds: 1100))
        #expect(try await isLive(530))
        #expect(try await storedExpiry() == start.adding(seconds: 1100), "30 seconds later is not worth a write")
        #expect(try await isLive(1050))
        #expect(try await storedExpiry() == start.adding(seconds: 1650))
        // The live feed checking, at each heartbeat, that a page's session still stands is not a
        // use: a page left open does not keep its session alive.
        guard case .live(_, false) = try await sessions.session(session.id, now: start.adding(seconds: 1600), checking: true) else {
            Issue.record("a check of a live session should find it live and leave it as it is")
            return
        }
        #expect(try await storedExpiry() == start.adding(seconds: 1650))
        #expect(try await !isLive(1651))
        #expect(try await storedExpiry() == nil, "an expired session found is forgotten")
        #expect(try await !isLive(0), "gone for good")
        if case .ended = try await sessions.session("made-up", now: start) {} else { Issue.record("a made-up cookie opened a session") }
        // Another server (or this one restarted) reckons the same form secret from the cookie.
        let again = try await sessions.open(for: token, now: start)
        let elsewhere = DashboardSessions(store: store, tokens: store, idleSeconds: 600)
        guard case .live(let found, let renewed) = try await elsewhere.session(again.id, now: start.adding(seconds: 1)) else {
            Issue.record("another server does not know the session")
            return
        }
        #expect(found.csrf == again.csrf && found.csrf != session.csrf)
        #expect(!renewed, "a second after sign-in the expiry is not written again")
        #expect(found.csrf != TokenIssuer.hash(again.id))
    }

    @Test("server.session_idle_hours: a wall screen's session lasts as long as the server is told, and its cookie says so")
    func configuredIdleTime() async throws {
        var configured = try await TestApp.make(configuration: Self.configuration)
        configured.settings.sessionIdleSeconds = 72 * 3600
        let app = configured
        try await app.run { client in
            let signedIn = try await DashboardBrowserSession.signIn(client, token: app.tokens[.read]!)
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("pitwall_session=") })
            #expect(cookie.contains("Max-Age=259200"), "\(cookie)")
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            app.clock.advance(seconds: 60 * 3600)
            #expect(try await session.get("/alerts").status == .ok, "60 quiet hours later, still signed in")
            app.clock.advance(seconds: 72 * 3600 + 1)
            #expect(try await session.get("/alerts").status == .seeOther)
        }
    }

    @Test("a restarted server, or another server on the same database, knows the browsers signed in; signing out on one ends it on both")
    func sessionsOutliveTheServer() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            // Used two hours later: the browser is told to keep the cookie 12 hours from now, once.
            app.clock.advance(seconds: 7200)
            let renewed = try await session.get("/alerts").headers[values: .setCookie].filter { $0.hasPrefix("pitwall_session=") }
            #expect(renewed.count == 1 && renewed[0].hasPrefix(session.cookie + ";") && renewed[0].contains("Max-Age=43200"), "\(renewed)")
            #expect(try await session.get("/alerts").headers[values: .setCookie].isEmpty)
            // A second server: sessions of its own in memory, none; the same database.
            let second = buildApplication(settings: app.settings, dependencies: app.dependencies, logger: Logger(label: "second"))
            try await second.serveLive { secondClient in
                let there = DashboardBrowserSession(client: secondClient, cookie: session.cookie, csrf: session.csrf)
                let page = try await there.get("/alerts")
                #expect(page.status == .ok)
                #expect(page.text.contains(#"data-csrf="\#(session.csrf)""#), "the same form secret on every server")
                #expect(try await there.post("/sign-out", form: "csrf=\(session.csrf)").status == .seeOther)
            }
            #expect(try await session.get("/alerts").status == .seeOther, "signed out there, signed out here")
            if app.organisation == TenantScope.soleOrganisation {
                // Nothing secret is written down: neither the cookie nor the token is in the file or its log.
                var written = Data()
                for file in ["pitwall.sqlite", "pitwall.sqlite-wal"] { written += (try? Data(contentsOf: URL(fileURLWithPath: app.folder.file(file)))) ?? Data() }
                #expect(!written.isEmpty)
                let cookieValue = String(session.cookie.dropFirst("pitwall_session=".count))
                for secret in [cookieValue, session.csrf, app.tokens[.manage]!] { #expect(written.range(of: Data(secret.utf8)) == nil) }
            }
        }
    }

    @Test("the live feed tells an open page when events arrive, and ends when the server stops")
    func liveFeed() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let ingest = app.tokens[.ingest]!
        let event = SampleEvents.created("live-1", lead: "L-9", at: app.clock.now().rfc3339)
        let reader = try await app.run { client -> Task<[String], any Error> in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(client.port)/live")
            request.headers.add(name: "Cookie", value: session.cookie)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
            // Read lines until the server closes the stream; hand each chunk out as it comes.
            let (chunks, chunkSink) = AsyncStream<String>.makeStream()
            let reader = Task {
                var all: [String] = []
                for try await buffer in response.body {
                    all.append(String(buffer: buffer))
                    chunkSink.yield(String(buffer: buffer))
                }
                chunkSink.finish()
                return all
            }
            var iterator = chunks.makeAsyncIterator()
            #expect(await iterator.next()?.contains(": connected") == true)
            let posted = try await client.execute(
                uri: "/v1/events", method: .post, headers: [.authorization: "Bearer \(ingest)", .contentType: "application/json"],
                body: ByteBuffer(string: "[\(event)]"))
            #expect(posted.status == .ok)
            var seen = ""
            while !seen.contains("event: change"), let next = await iterator.next() { seen += next }
            #expect(seen.contains("event: change\ndata: 1\n\n"))
            return reader
        }
        // The server has stopped with the stream open: the stream ended instead of holding the shutdown.
        let chunks = try await reader.value
        #expect(chunks.joined().contains("event: change"))
    }

    @Test("a page left open when its token is revoked is told at the next heartbeat, and its live feed ends")
    func liveFeedSignsOut() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(client.port)/live")
            request.headers.add(name: "Cookie", value: session.cookie)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .ok)
            let (chunks, chunkSink) = AsyncStream<String>.makeStream()
            let reader = Task {
                for try await buffer in response.body { chunkSink.yield(String(buffer: buffer)) }
                chunkSink.finish()
            }
            var iterator = chunks.makeAsyncIterator()
            #expect(await iterator.next()?.contains(": connected") == true)
            // While the token stands, a heartbeat is only that.
            app.live.heartbeat()
            var first = ""
            while !first.contains(": heartbeat"), let next = await iterator.next() { first += next }
            #expect(first.hasSuffix(": heartbeat\n\n") && !first.contains("signed-out"))
            let id = String(TokenIssuer.hash(app.tokens[.manage]!).prefix(12))
            #expect(try await client.execute(uri: "/v1/tokens/\(id)/revoke", method: .post, headers: app.headers(.admin)).status == .ok)
            app.live.heartbeat()
            var rest = ""
            // The server ends the stream itself: the loop stops at its end, not at the server's.
            while let next = await iterator.next() { rest += next }
            #expect(rest.hasSuffix("event: signed-out\ndata: token\n\n") && !rest.contains("event: change"), "\(rest)")
            try await reader.value
        }
    }

    @Test("a young figure read at its segment's own pace says whose leads its delays were measured on")
    func segmentPaceWording() {
        let day = CivilDate(iso: "2026-12-16")!
        let today = CivilDate(iso: "2026-12-02")!
        let own = CohortMaturity(outcome: .sale, shareIn: 0.3, typicalDelay: 10 * 86_400, measuredOn: 46, settlesOn: day, measuredIn: .source)
        #expect(MaturityWording.explanation(own, today: today).contains("(measured on 46 sales of this source's leads 30 to 90 days old)"))
        var condition = own
        condition.measuredIn = .vehicleCondition
        #expect(MaturityWording.explanation(condition, today: today).contains("of this vehicle condition's leads"))
        condition.measuredIn = nil
        #expect(MaturityWording.explanation(condition, today: today).contains("(measured on 46 sales of leads 30 to 90 days old)"))
    }
}
