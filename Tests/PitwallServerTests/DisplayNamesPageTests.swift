import Foundation
import HTTPTypes
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Pages call sources and agents by their names; the API keeps the ids")
struct DisplayNamesPageTests {
    static let configuration = try! ConfigurationFile.parse(
        """
        stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]
        routing:
          agents:
            - {id: lkt-maria, name: Maria Lopez, store: lkt, shifts: {sun: 24h}}
            - {id: lkt-zoe, name: Anna Bell, store: lkt, shifts: {sun: 24h}}
        sources:
          cars_com: Cars.com
        campaigns:
          cars-basic: Cars.com basic listing
        """, file: "test.yaml"
    ).pitwall

    @Test("the breakdown, segment, queue, agents, contacts and lead pages show 'Cars.com' and 'Maria Lopez'")
    func named() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        // Sunday 4 January 2026, 17:00 and 17:59 in Chicago; the test clock is 18:00 there.
        var answered = EventFactory(lead: "L-1", base: try Timestamp(rfc3339: "2026-01-04T23:00:00Z"))
        var waiting = EventFactory(lead: "L-2", base: try Timestamp(rfc3339: "2026-01-04T23:59:00Z"))
        var zoes = EventFactory(lead: "L-3", base: try Timestamp(rfc3339: "2026-01-04T23:10:00Z"))
        var listed = EventFactory(lead: "L-4", base: try Timestamp(rfc3339: "2026-01-04T23:20:00Z"))
        _ = try await app.store.ingest(
            [
                answered.created(0, store: "lkt", source: "cars_com"), answered.make(30, .leadAssigned(agent: "lkt-maria")),
                answered.sent(90, message: "m1", sender: .agent, agent: "lkt-maria"), waiting.created(0, store: "lkt", source: "cars_com"),
                zoes.created(0, store: "lkt", source: "cars_com"), zoes.make(30, .leadAssigned(agent: "lkt-zoe")),
                zoes.sent(60, message: "m3", sender: .agent, agent: "lkt-zoe"),
                listed.make(0, .leadCreated(LeadCreated(storeID: "lkt", source: "cars_com", campaignID: "cars-basic", tier: .warm))),
                listed.sent(30, message: "m4"),
            ], at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let day = "window=custom&from=2026-01-04&to=2026-01-04"

            let bySource = try await session.get("/kpis/first_response_time?\(day)&by=source").text
            #expect(bySource.contains(#"<tr data-group="cars_com"><th scope="row"><a href="/kpis?window=custom&amp;from=2026-01-04&amp;to=2026-01-04&amp;source=cars_com">Cars.com</a>"#), "\(bySource)")
            let byAgent = try await session.get("/kpis/first_response_time?\(day)&by=agent").text
            #expect(byAgent.contains(#"<tr data-group="lkt-maria"><th scope="row">"#) && byAgent.contains(">Maria Lopez</a>"), "\(byAgent)")
            let annaRow = try #require(byAgent.range(of: #"data-group="lkt-zoe""#)), mariaRow = try #require(byAgent.range(of: #"data-group="lkt-maria""#))
            #expect(annaRow.lowerBound < mariaRow.lowerBound, "rows in the order of the names shown: Anna Bell before Maria Lopez")
            // L-2 and L-4 were never given to an agent: no row of "0 of 0" for them, a line instead.
            let pickUp = try await session.get("/kpis/agent_pickup_within_sla?\(day)&by=agent").text
            #expect(pickUp.contains(#"<tr data-group="lkt-maria">"#) && !pickUp.contains(#"<tr data-group="">"#), "\(pickUp)")
            #expect(pickUp.contains("Not shown, with nothing to count for this figure in this window: (none)."))
            #expect(byAgent.contains(#"<tr data-group="">"#) && !byAgent.contains("Not shown"), "L-4's answer is the AI's, counted under (none)")
            let byCampaign = try await session.get("/kpis/first_response_time?\(day)&by=campaign").text
            #expect(byCampaign.contains(#"<tr data-group="cars-basic"><th scope="row">"#) && byCampaign.contains(">Cars.com basic listing</a>"))
            #expect(try await session.get("/leads/L-4").text.contains("<dt>Campaign</dt><dd>Cars.com basic listing</dd>"))
            let narrowed = try await session.get("/kpis?\(day)&source=cars_com").text
            #expect(narrowed.contains("source: Cars.com") && !narrowed.contains("source: cars_com"))

            let speed = try await session.get("/sla").text
            #expect(speed.contains("<td>Lakeside Toyota</td><td>Cars.com</td>"), "the queue's source")
            #expect(speed.contains(#"<th scope="row">Maria Lopez</th>"#), "the agents table")
            let anna = try #require(speed.range(of: #"<th scope="row">Anna Bell</th>"#)), maria = try #require(speed.range(of: #"<th scope="row">Maria Lopez</th>"#))
            #expect(anna.lowerBound < maria.lowerBound, "a store's agents in the order of their names, not of their ids")

            let contacts = try await session.get("/contacts?\(day)").text
            #expect(contacts.contains(#"<tr data-source="cars_com">"#) && contacts.contains(">Cars.com</a>"))

            let lead = try await session.get("/leads/L-1").text
            #expect(lead.contains("<dt>Source</dt><dd>Cars.com</dd>") && lead.contains("<dt>Agent</dt><dd>Maria Lopez</dd>"), "\(lead)")
            #expect(lead.contains("from Cars.com") && lead.contains("<strong>Assigned to Maria Lopez</strong>") && lead.contains("<strong>Maria Lopez sent a text</strong>"))
            #expect(lead.contains("by Maria Lopez</dd>"), "the first response")

            // Scripts and sheets join on the ids.
            let api = try await client.execute(
                uri: "/v1/kpis?from=2026-01-04&to=2026-01-04&group_by=source", method: .get, headers: [.authorization: "Bearer \(app.tokens[.read]!)"])
            let groups = try #require(api.json["groups"] as? [[String: Any]])
            #expect(groups.compactMap { ($0["group"] as? [String: Any])?["source"] as? String } == ["cars_com"])
            #expect(groups.compactMap { $0["name"] as? String } == ["Cars.com"], "the name beside the id")
            let byStore = try await client.execute(
                uri: "/v1/kpis?from=2026-01-04&to=2026-01-04&group_by=store", method: .get, headers: [.authorization: "Bearer \(app.tokens[.read]!)"])
            #expect((try #require(byStore.json["groups"] as? [[String: Any]])).compactMap { $0["name"] as? String } == ["Lakeside Toyota"])
            let byTier = try await client.execute(
                uri: "/v1/kpis?from=2026-01-04&to=2026-01-04&group_by=tier", method: .get, headers: [.authorization: "Bearer \(app.tokens[.read]!)"])
            #expect((try #require(byTier.json["groups"] as? [[String: Any]])).allSatisfy { $0["name"] == nil }, "a tier is its own name")
            // The KPI export writes the name in its group_name column.
            let export = try await client.execute(
                uri: "/v1/export/kpis.csv?from=2026-01-04&to=2026-01-04&group_by=campaign", method: .get, headers: [.authorization: "Bearer \(app.tokens[.read]!)"]
            ).text
            let lines = export.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let column = try #require(lines.first?.firstIndex(of: "group_name"))
            let listing = try #require(lines.first { $0.contains("cars-basic") && $0.contains("lead_to_sale_conversion") })
            #expect(listing[column] == "Cars.com basic listing", "\(listing)")
        }
    }
}
