import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Spend and return: GET /v1/spend and the dashboard's /spend")
struct LeadSpendAPITests {
    /// Seven leads of 2 March at Lakeside. CarGurus: three at $32, one replied and bought a
    /// $40,000 car. Facebook: two at $10, no sale. The website: one free lead that bought for
    /// $30,000. A partner's lead with no cost. The campaign "spring" has a CarGurus buyer and
    /// a Facebook lead.
    func seed(_ app: TestApp) async throws {
        let base = try Timestamp(rfc3339: "2026-03-02T15:00:00Z")
        func lead(_ id: String, _ source: String, cost: Double?, campaign: CampaignID? = nil, _ story: (inout EventFactory) -> [Event] = { _ in [] }) -> [Event] {
            var make = EventFactory(lead: LeadID(id), base: base)
            return [make.created(0, store: "lkt", source: source, cost: cost.map { Money(amount: $0) }, campaign: campaign)] + story(&make)
        }
        let events =
            lead("C-1", "cargurus", cost: 32, campaign: "spring") {
                [$0.sent(60, message: "c1"), $0.received(120, message: "c1r"), $0.sale(86_400, id: "s-c1", amount: 40_000)]
            }
            + lead("C-2", "cargurus", cost: 32) { [$0.sent(60, message: "c2")] } + lead("C-3", "cargurus", cost: 32)
            + lead("F-1", "facebook_ads", cost: 10, campaign: "spring") + lead("F-2", "facebook_ads", cost: 10)
            + lead("W-1", "website", cost: 0) { [$0.sale(2 * 86_400, id: "s-w1", amount: 30_000)] }
            + lead("P-1", "partner", cost: nil)
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
    }

    @Test("each source's spend, cost per lead, reply and sale, and revenue per dollar, in the budget's order, with what to take from it")
    func bySource() async throws {
        let app = try await TestApp.make()
        try await seed(app)
        app.clock.set(try Timestamp(rfc3339: "2026-06-01T12:00:00Z"))
        let elsewhere = try await TokenIssuer(store: app.store, clock: app.clock).issue(
            scope: .read, name: "elsewhere", organisation: app.organisation, stores: ["other"])
        try await app.run { client in
            let answer = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-07", method: .get, headers: app.headers(.read))
            #expect(answer.status == .ok)
            #expect(answer.json["group_by"] as? String == "source" && answer.json["sales_in_share"] is NSNull, "three months on, the sales are in")
            let groups = try #require(answer.json["groups"] as? [[String: Any]])
            #expect(groups.map { $0["source"] as? String } == ["cargurus", "facebook_ads", "website", "partner"])
            let cargurus = groups[0]
            #expect(cargurus["leads"] as? Int == 3 && cargurus["priced_leads"] as? Int == 3 && cargurus["spend"] as? Double == 96)
            #expect(cargurus["cost_per_lead"] as? Double == 32 && cargurus["replied"] as? Int == 1 && cargurus["cost_per_reply"] as? Double == 96)
            #expect(cargurus["bought"] as? Int == 1 && cargurus["cost_per_sale"] as? Double == 96 && cargurus["revenue"] as? Double == 40_000)
            let perDollar = try #require(cargurus["revenue_per_dollar"] as? Double)
            #expect(abs(perDollar - 416.667) < 0.001, "$40,000 over $96")
            let range = try #require(cargurus["cost_per_sale_range"] as? [String: Any])
            // One buyer in three: Wilson's 95 % interval is 6.1 %-79.2 %, so $32 a lead is $40-$520 a buyer.
            #expect(abs((range["min"] as? Double ?? 0) - 40.4) < 0.1 && abs((range["max"] as? Double ?? 0) - 520.4) < 0.1, "\(range)")
            #expect(groups[1]["cost_per_sale"] is NSNull && groups[1]["cost_per_sale_range"] is NSNull && groups[1]["revenue_per_dollar"] as? Double == 0)
            #expect(groups[2]["spend"] as? Double == 0 && groups[2]["cost_per_sale"] as? Double == 0 && groups[2]["revenue_per_dollar"] is NSNull)
            #expect(groups[3]["priced_leads"] as? Int == 0 && groups[3]["cost_per_lead"] is NSNull)
            let total = try #require(answer.json["total"] as? [String: Any])
            #expect(total["leads"] as? Int == 7 && total["priced_leads"] as? Int == 6 && total["spend"] as? Double == 116)
            #expect(total["bought"] as? Int == 2 && total["revenue"] as? Double == 70_000)
            #expect(answer.json["findings"] as? [String] == [
                "facebook_ads: $20.00 spent on 2 leads, no sale yet.",
                "No lead from partner (1) came with a cost: their cost is unknown, and the totals count them at the average cost of the leads that have one.",
            ])

            let campaigns = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-07&group_by=campaign", method: .get, headers: app.headers(.read))
            let byCampaign = try #require(campaigns.json["groups"] as? [[String: Any]])
            #expect(byCampaign.map { $0["campaign"] as? String } == ["spring", ""], "$42 a buyer for spring before $92.50 for the rest (4 priced at $18.50, 5 leads)")
            #expect(byCampaign[0]["leads"] as? Int == 2 && byCampaign[0]["spend"] as? Double == 42 && byCampaign[0]["cost_per_sale"] as? Double == 42)
            #expect(byCampaign[1]["leads"] as? Int == 5 && byCampaign[1]["priced_leads"] as? Int == 4 && byCampaign[1]["spend"] as? Double == 74 && byCampaign[1]["cost_per_sale"] as? Double == 92.5)

            let stores = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-07&group_by=store", method: .get, headers: app.headers(.read))
            let byStore = try #require(stores.json["groups"] as? [[String: Any]])
            #expect(byStore.map { $0["store"] as? String } == ["lkt"] && byStore[0]["spend"] as? Double == 116 && byStore[0]["bought"] as? Int == 2)

            let limited = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-07", method: .get, headers: app.headers(bearer: elsewhere))
            #expect(limited.status == .ok && (limited.json["groups"] as? [Any])?.isEmpty == true, "a token for another store sees no spend")

            let badGrouping = try await client.execute(uri: "/v1/spend?group_by=region", method: .get, headers: app.headers(.read))
            #expect(badGrouping.status == .badRequest && badGrouping.errorMessage == #"group_by: spend is counted by source, campaign or store, got "region""#)
            let narrowed = try await client.execute(uri: "/v1/spend?tier=hot", method: .get, headers: app.headers(.read))
            #expect(narrowed.status == .badRequest && narrowed.errorMessage?.hasPrefix("tier: spend is counted for a store or the group") == true)
            let badDate = try await client.execute(uri: "/v1/spend?from=2026-03-40", method: .get, headers: app.headers(.read))
            #expect(badDate.status == .badRequest && badDate.errorMessage?.contains("from") == true)
            #expect(try await client.execute(uri: "/v1/spend", method: .get, headers: app.headers(.ingest)).status == .forbidden)

            // The page shows the same figures, in the same order.
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let html = try await session.get("/spend?window=custom&from=2026-03-01&to=2026-03-07").text
            let rows = html.components(separatedBy: "<tr data-group=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(rows == ["cargurus", "facebook_ads", "website", "partner", ""], "\(rows)")
            func row(_ group: String) -> String {
                html.components(separatedBy: "<tr data-group=\"\(group)\">").dropFirst().first?.components(separatedBy: "</tr>")[0] ?? ""
            }
            #expect(row("cargurus").contains(#"data-figure="spend" data-value="96">$96.00"#) && row("cargurus").contains("plausibly $40.39–$520"), "\(row("cargurus"))")
            #expect(row("facebook_ads").contains("no sale yet") && row("website").contains("free") && row("partner").contains("unknown"))
            #expect(html.contains("7 leads came in; the 6 that came with a cost cost $116. Their sales so far brought $70,000, $517 for each dollar spent."), "\(html)")
            #expect(html.contains("facebook_ads: $20.00 spent on 2 leads, no sale yet."))
            let spring = try await session.get("/spend?window=custom&from=2026-03-01&to=2026-03-07&by=campaign").text
            #expect(spring.contains(#"<tr data-group="spring">"#) && spring.contains(#"aria-current="true">By campaign"#))
            let download = try await session.get("/spend.csv?window=custom&from=2026-03-01&to=2026-03-07")
            #expect(download.status == .ok && download.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = download.text.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
            #expect(lines.first == "source,leads,priced_leads,spend,cost_per_lead,replied,cost_per_reply,bought,cost_per_sale,cost_per_sale_min,cost_per_sale_max,revenue,revenue_per_dollar")
            #expect(lines.count == 6 && lines[1].hasPrefix("cargurus,3,3,96,32,1,96,1,96,40.38") && lines[4] == "partner,1,0,,,0,,0,,,,0,", "\(lines)")
            #expect(lines[5].hasPrefix(",7,6,116,"), "the totals last")
            #expect(html.contains(#"href="/spend.csv?window=custom&amp;from=2026-03-01&amp;to=2026-03-07""#) || html.contains("/spend.csv?window=custom"))
            let lakeside = try await session.get("/spend?window=custom&from=2026-03-01&to=2026-03-07&by=store").text
            #expect(lakeside.contains(#"<tr data-group="lkt">"#) && lakeside.contains(#"href="/kpis?window=custom&amp;from=2026-03-01&amp;to=2026-03-07&amp;store=lkt""#), "\(lakeside)")
            // The sales KPIs' breakdowns by source, campaign or store lead to the same groups' spend.
            let conversion = try await session.get("/kpis/lead_to_sale_conversion?window=custom&from=2026-03-01&to=2026-03-07&by=campaign").text
            #expect(conversion.contains(#"class="spend-link" href="/spend?window=custom&amp;from=2026-03-01&amp;to=2026-03-07&amp;by=campaign""#), "\(conversion)")
            #expect(try await !session.get("/kpis/first_response_time?window=custom&from=2026-03-01&to=2026-03-07").text.contains("spend-link"))
            #expect(try await !session.get("/kpis/lead_to_sale_conversion?window=custom&from=2026-03-01&to=2026-03-07&by=tier").text.contains("spend-link"))
            #expect(try await session.get("/spend?by=region").status == .badRequest)
            #expect(try await session.get("/spend?source=cargurus").status == .badRequest)
        }
    }

    @Test("the AI messaging's cost and return: the fee for the window's days, the texts, the AI's sales, on the API, the page and the command's JSON")
    func platform() async throws {
        var configuration = PitwallConfiguration(stores: [
            StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "UTC")!),
            StoreProfile(id: "nrh", name: "Northside Honda", timeZone: TimeZone(identifier: "UTC")!),
        ])
        configuration.messagingPlatform = MessagingPlatformCosts(monthlyFeePerStore: 1_500, perTextSent: 0.01, grossProfitPerCar: 2_500)
        let app = try await TestApp.make(configuration: configuration)
        try await seed(app)
        app.clock.set(try Timestamp(rfc3339: "2026-06-01T12:00:00Z"))
        try await app.run { client in
            // Lakeside: 7 of March's 31 days of one store's $1,500 is $338.71; two texts at a cent.
            // C-1's $40,000 car is the AI's (its text, the reply, then the sale); W-1's $30,000 is not.
            let answer = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-07&store=lkt", method: .get, headers: app.headers(.read))
            let platform = try #require(answer.json["messaging_platform"] as? [String: Any])
            #expect(platform["stores"] as? Int == 1 && platform["fees"] as? Double == 338.71 && platform["texts_sent"] as? Int == 2)
            #expect(platform["texts_cost"] as? Double == 0.02 && platform["cost"] as? Double == 338.73 && platform["new_leads"] as? Int == 7)
            #expect(platform["sales"] as? Int == 2 && platform["revenue"] as? Double == 70_000)
            #expect(platform["ai_sales"] as? Int == 1 && platform["ai_revenue"] as? Double == 40_000)
            #expect(abs((platform["ai_revenue_share"] as? Double ?? 0) - 4.0 / 7) < 1e-9)
            #expect(abs((platform["cost_per_ai_sale"] as? Double ?? 0) - 338.7290) < 1e-3)
            #expect(abs((platform["ai_revenue_per_dollar"] as? Double ?? 0) - 118.0885) < 1e-3)
            #expect(abs((platform["return_on_cost"] as? Double ?? 0) - 6.380517) < 1e-5, "(2,500 − 338.73) / 338.73")
            #expect(platform["ai_gross_profit"] as? Double == 2_500 && platform["cars_to_pay_for_itself"] as? Double == 1)
            #expect(platform["by_store"] as? [Any] == nil || (platform["by_store"] as? [Any])?.isEmpty == true, "one store: no breakdown")
            // The group pays for both configured stores; by store, Lakeside, which sold both
            // cars, then Northside, without a lead, which still pays its fee and has no car.
            let group = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-07", method: .get, headers: app.headers(.read))
            let whole = try #require(group.json["messaging_platform"] as? [String: Any])
            #expect(whole["stores"] as? Int == 2 && whole["fees"] as? Double == 677.42 && whole["cost"] as? Double == 677.44)
            let byStore = try #require(whole["by_store"] as? [[String: Any]])
            #expect(byStore.map { $0["store"] as? String } == ["lkt", "nrh"])
            #expect(byStore[0]["cost"] as? Double == 338.73 && byStore[0]["ai_sales"] as? Int == 1 && byStore[0]["stores"] as? Int == 1)
            #expect(byStore[1]["cost"] as? Double == 338.71 && byStore[1]["ai_sales"] as? Int == 0 && byStore[1]["cost_per_ai_sale"] is NSNull)

            // A whole month is the month's fee; a store alone pays for itself.
            let march = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-31&store=lkt", method: .get, headers: app.headers(.read))
            #expect((march.json["messaging_platform"] as? [String: Any])?["fees"] as? Double == 1_500)

            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let html = try await session.get("/spend?window=custom&from=2026-03-01&to=2026-03-07&store=lkt").text
            #expect(html.contains(#"<div data-figure="cost"><dt>Cost</dt><dd>$339</dd></div>"#), "\(html)")
            #expect(!html.contains("platform-stores"), "one store: no table of stores")
            let groupPage = try await session.get("/spend?window=custom&from=2026-03-01&to=2026-03-07").text
            #expect(groupPage.contains(#"<tr data-store="lkt"><th scope="row">Lakeside Toyota</th><td class="num">$339</td><td class="num" data-figure="ai-sales">1 of 2</td><td class="num">$339</td><td class="num">$118</td><td class="num">638.1%</td></tr>"#), "\(groupPage)")
            #expect(groupPage.contains(#"<tr data-store="nrh"><th scope="row">Northside Honda</th><td class="num">$339</td><td class="num" data-figure="ai-sales">0 of 0</td><td class="num">–</td><td class="num">$0.00</td><td class="num">-100%</td></tr>"#), "its fee lost: -100%")
            #expect(html.contains(#"<div data-figure="ai-sales"><dt>Cars the AI helped sell</dt><dd>1 of 2</dd></div>"#))
            #expect(html.contains(#"<div data-figure="return-on-cost"><dt>Return on cost, in gross profit</dt><dd>638.1%</dd></div>"#))
            #expect(html.contains("<li>The AI messaging cost $339 in these 7 days: $339 in fees for 1 store, $0.02 for 2 texts.</li>"))
            #expect(html.contains(
                "<li>At $2,500 gross a car, that car made $2,500, 7.4 times the cost. It pays for itself if that sale would not have happened without it.</li>"))
        }
        let unset = try await TestApp.make()
        try await seed(unset)
        try await unset.run { client in
            let answer = try await client.execute(uri: "/v1/spend?from=2026-03-01&to=2026-03-07", method: .get, headers: unset.headers(.read))
            #expect(answer.json["messaging_platform"] is NSNull, "no costs configured: unknown, not free")
            let session = try await DashboardBrowserSession.open(client, token: unset.tokens[.read]!)
            #expect(try await session.get("/spend?window=custom&from=2026-03-01&to=2026-03-07").text.contains("Say what the AI messaging costs"))
        }
    }
}
