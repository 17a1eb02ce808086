import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Follow-ups: GET /v1/follow-ups and the dashboard's /follow-ups")
struct FollowUpsAPITests {
    @Test("the week's answered open leads, warmest first, with the points of each; a limit and a wider window on request; the page lists the same")
    func list() async throws {
        let app = try await TestApp.make()
        let now = try Timestamp(rfc3339: "2026-03-10T18:00:00Z")
        app.clock.set(now)
        func lead(_ id: String, daysAgo: Double, tier: LeadTier = .hot, _ story: (inout EventFactory) -> [Event]) -> [Event] {
            var make = EventFactory(lead: LeadID(id), base: now.adding(milliseconds: -Int64(daysAgo * 86_400_000)))
            return [make.created(0, store: "lkt", tier: tier)] + story(&make)
        }
        let events =
            lead("F-warm", daysAgo: 2, tier: .warm) { [$0.sent(60, message: "w1"), $0.received(120, message: "w2"), $0.make(130, .leadAssigned(agent: "maria"))] }
            + lead("F-hot", daysAgo: 1) { [$0.sent(60, message: "h1"), $0.received(120, message: "h2"), $0.received(180, message: "h3"), $0.received(240, message: "h4")] }
            + lead("F-booked", daysAgo: 1) { [$0.sent(60, message: "b1"), $0.appointmentSet(120, id: "b-a", scheduledInSeconds: 86_400)] }
            + lead("F-waiting", daysAgo: 0.1) { _ in [] }
            + lead("F-old", daysAgo: 10) { [$0.sent(60, message: "o1"), $0.received(120, message: "o2"), $0.received(180, message: "o3"), $0.received(240, message: "o4")] }
        _ = try await app.store.ingest(events, at: now)
        let elsewhere = try await TokenIssuer(store: app.store, clock: app.clock).issue(
            scope: .read, name: "elsewhere", organisation: app.organisation, stores: ["other"])
        try await app.run { client in
            // A token limited to another store sees none of these leads.
            let limited = try await client.execute(uri: "/v1/follow-ups", method: .get, headers: app.headers(bearer: elsewhere))
            #expect(limited.status == .ok && limited.json["open"] as? Int == 0 && (limited.json["leads"] as? [Any])?.isEmpty == true)
            let week = try await client.execute(uri: "/v1/follow-ups", method: .get, headers: app.headers(.read))
            #expect(week.status == .ok)
            #expect(week.json["from"] as? String == "2026-03-04" && week.json["to"] as? String == "2026-03-10", "a week unless asked")
            #expect(week.json["open"] as? Int == 2)
            let leads = try #require(week.json["leads"] as? [[String: Any]])
            #expect(leads.map { $0["lead_id"] as? String } == ["F-hot", "F-warm"])
            #expect((leads[0]["temperature"] as? [String: Any])?["score"] as? Int == 90 && leads[0]["replies"] as? Int == 3)
            #expect((leads[1]["temperature"] as? [String: Any])?["score"] as? Int == 70)

            let wider = try await client.execute(uri: "/v1/follow-ups?from=2026-02-25&to=2026-03-10&limit=1", method: .get, headers: app.headers(.read))
            #expect(wider.json["open"] as? Int == 3, "the lead of ten days ago is in a window that reaches it")
            #expect((wider.json["leads"] as? [[String: Any]])?.map { $0["lead_id"] as? String } == ["F-hot"], "90 with 3 replies heard from last; the older 90 after it")

            // A window by name, as the page's links give it, is honoured, not read as a week.
            let named = try await client.execute(uri: "/v1/follow-ups?window=30d", method: .get, headers: app.headers(.read))
            #expect(named.json["from"] as? String == "2026-02-09" && named.json["to"] as? String == "2026-03-10")
            #expect(named.json["open"] as? Int == 3, "the lead of ten days ago is in the last 30 days")
            let both = try await client.execute(uri: "/v1/follow-ups?window=30d&from=2026-03-01", method: .get, headers: app.headers(.read))
            #expect(both.status == .badRequest && both.errorMessage == "window: give either window or from and to, not both")

            let refused = try await client.execute(uri: "/v1/follow-ups?limit=many", method: .get, headers: app.headers(.read))
            #expect(refused.status == .badRequest && refused.errorMessage == "limit: 'many' is not a whole number from 1 to 1000")
            #expect(try await client.execute(uri: "/v1/follow-ups", method: .get, headers: app.headers(.ingest)).status == .forbidden)

            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/follow-ups")
            #expect(page.status == .ok)
            let rows = page.text.components(separatedBy: "<tr data-lead=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(rows == ["F-hot", "F-warm"], "\(rows)")
            #expect(page.text.contains("2 open leads.") && page.text.contains(#"aria-current="page">Follow-ups"#))
            #expect(!page.text.contains("Compare with"), "the list compares nothing")
            #expect(page.text.contains(#"title="The CRM rated it hot +30 · A phone or e-mail we can use +10"#))
            #expect(page.text.contains(">Hot · Reachable · Car named · Answered &lt; 5 min · Replied · 3+ replies</td>"))
            // The download: every open lead of the same filters, warmest first.
            #expect(page.text.contains(#"<a href="/follow-ups.csv?window=7d" download>"#))
            let download = try await session.get("/follow-ups.csv?window=7d")
            let lines = download.text.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.first == "lead_id,store_id,source,tier,agent_id,created_at,temperature,reasons,replies,last_event_at")
            #expect(lines.dropFirst().map { $0.components(separatedBy: ",")[0] } == ["F-hot", "F-warm"])
            #expect(lines.count == 3 && lines[2].contains(",warm,maria,") && lines[2].contains(",70,warm_tier reachable vehicle_named answered_within_5_minutes replied,1,"), "\(lines)")
            // A month downloads; a longer window lists and counts as well but offers no download,
            // which is refused with the reason.
            let month = try await session.get("/follow-ups.csv?from=2026-02-08&to=2026-03-10")
            #expect(month.status == .ok && month.text.split(whereSeparator: \.isNewline).count == 4, "31 days: F-old too")
            let quarter = try await session.get("/follow-ups?from=2025-12-11&to=2026-03-10")
            #expect(quarter.text.contains("3 open leads.") && quarter.text.components(separatedBy: "<tr data-lead=").count == 4)
            #expect(!quarter.text.contains("follow-ups.csv"))
            #expect(quarter.text.contains("The call list downloads at most 31 days of leads at a time: pick a shorter window to download it."))
            let tooLong = try await session.get("/follow-ups.csv?from=2026-02-07&to=2026-03-10")
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.text.contains("from: the call list downloads at most 31 days of leads at a time, asked for 32: pick a shorter window"))
            let campaign = try await session.get("/follow-ups?campaign=spring")
            #expect(campaign.status == .badRequest && campaign.text.contains("follow-ups are narrowed to one agent, source or tier at a time"))

            // One tier's list, and an agent's own.
            let warmOnly = try await client.execute(uri: "/v1/follow-ups?tier=warm", method: .get, headers: app.headers(.read))
            #expect((warmOnly.json["leads"] as? [[String: Any]])?.map { $0["lead_id"] as? String } == ["F-warm"] && warmOnly.json["tier"] as? String == "warm")
            let region = try await client.execute(uri: "/v1/follow-ups?region=west", method: .get, headers: app.headers(.read))
            #expect(region.status == .badRequest && region.errorMessage == "region: the follow-ups list is narrowed by agent, source, tier only")
            let two = try await client.execute(uri: "/v1/follow-ups?agent=maria&tier=hot", method: .get, headers: app.headers(.read))
            #expect(two.status == .badRequest && two.errorMessage == "tier: narrow to one segment at a time (also given: agent)", "\(two.errorMessage ?? "")")
            let marias = try await client.execute(uri: "/v1/follow-ups?agent=maria", method: .get, headers: app.headers(.read))
            #expect((marias.json["leads"] as? [[String: Any]])?.map { $0["lead_id"] as? String } == ["F-warm"] && marias.json["open"] as? Int == 1)
            // On the page each agent links to that agent's own list.
            #expect(page.text.contains(#"<a href="/follow-ups?window=7d&amp;agent=maria">maria</a>"#), "\(page.text.components(separatedBy: "F-warm").last?.prefix(600) ?? "")")
            let mariasPage = try await session.get("/follow-ups?window=7d&agent=maria").text
            #expect(mariasPage.components(separatedBy: "<tr data-lead=").count == 2 && mariasPage.contains("Only "), "one lead, and the chip that clears the filter")
        }
    }
}
