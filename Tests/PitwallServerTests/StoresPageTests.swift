import Foundation
import HTTPTypes
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Stores side by side")
struct StoresPageTests {
    /// Used Direct answers within a minute by its own target, and is red past two.
    static let configuration = try! ConfigurationFile.parse(
        """
        stores:
          - {id: lkt, name: Lakeside Toyota, timezone: America/Chicago}
          - {id: hph, name: Harbor Point Honda, timezone: America/Los_Angeles}
          - id: usd
            name: Used Direct
            timezone: America/Chicago
            kpis:
              first_response_time: {target_max: 60, red_above: 120, changed_on: 2026-01-01, reason: Used buyers shop fast.}
        """, file: "test.yaml"
    ).pitwall

    /// 4 January 2026: 40 website leads at Lakeside answered in 120 s, 35 at Used Direct in
    /// 90 s, 30 at Harbor Point in 30 s; and one CarGurus lead at Harbor Point answered in an
    /// hour. On 3 January, 30 website leads at Harbor Point answered in a minute.
    static func leads(in app: TestApp) async throws {
        var events: [Event] = []
        for (store, count, seconds) in [("lkt", 40, 120.0), ("usd", 35, 90), ("hph", 30, 30)] {
            for number in 1...count {
                let lead = "\(store)-\(number)"
                var make = EventFactory(lead: LeadID(lead), base: try Timestamp(rfc3339: "2026-01-04T18:00:00Z").adding(seconds: Double(number * 60)))
                events += [make.created(0, store: StoreID(store), source: "website"), make.sent(seconds, message: "\(lead)-m1")]
            }
        }
        // The day before, Harbor Point answered its 30 leads in a minute.
        for number in 1...30 {
            var make = EventFactory(lead: LeadID("hph-before-\(number)"), base: try Timestamp(rfc3339: "2026-01-03T18:00:00Z").adding(seconds: Double(number * 60)))
            events += [make.created(0, store: "hph", source: "website"), make.sent(60, message: "hph-before-\(number)-m1")]
        }
        var slow = EventFactory(lead: "hph-cg", base: try Timestamp(rfc3339: "2026-01-04T19:00:00Z"))
        events += [slow.created(0, store: "hph", source: "cargurus"), slow.sent(3_600, message: "hph-cg-m1")]
        _ = try await app.store.ingest(events, at: app.clock.now())
    }

    /// Each store row's name and its cell of one KPI: (colour, data-value).
    static func column(_ key: String, of page: String) -> [(store: String, colour: String, value: String)] {
        page.components(separatedBy: "<tr data-store=\"").dropFirst().compactMap { row in
            guard let store = row.split(separator: "\"").first,
                let cell = row.range(of: #"data-kpi="\#(key)""#).map({ row[..<$0.lowerBound] }),
                let classes = cell.range(of: "class=\"num cell ", options: .backwards).map({ cell[$0.upperBound...] }),
                let value = row.range(of: #"data-kpi="\#(key)" data-value=""#).map({ row[$0.upperBound...].prefix { $0 != "\"" } })
            else { return nil }
            return (String(store), String(classes.prefix { $0 != "\"" }), String(value))
        }
    }

    @Test("every store's figures beside the group's, each judged by its own target and equal to the API's by store; worst first when a KPI is picked")
    func storesSideBySide() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await Self.leads(in: app)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let window = "window=custom&from=2026-01-04&to=2026-01-04"
            let page = try await session.get("/stores?\(window)").text

            // The biggest store first, the group last.
            let response = Self.column("first_response_time", of: page)
            #expect(response.map(\.store) == ["lkt", "usd", "hph"], "\(response)")
            #expect(page.contains(#"<tr class="total"><th scope="row"><a href="/kpis?window=custom&amp;from=2026-01-04&amp;to=2026-01-04">All stores</a><span class="sample movement">0 better · 1 worse</span></th><td class="num">106</td>"#), "\(page)")
            // 90 s is on the group's target but past Used Direct's own minute.
            #expect(response.map(\.colour) == ["green", "yellow", "green"], "\(response)")
            let usedDirect = try #require(page.range(of: #"title="Used Direct, Response time to leads: "#).map { String(page[$0.upperBound...].prefix(120)) })
            #expect(usedDirect.contains("against ≤ 1 min (its own), 35 answered"), "\(usedDirect)")

            // The same figures as the API's scorecard by store.
            let api = try await client.execute(
                uri: "/v1/kpis?from=2026-01-04&to=2026-01-04&group_by=store", method: .get, headers: [.authorization: "Bearer \(app.tokens[.read]!)"])
            let groups = try #require(api.json["groups"] as? [[String: Any]])
            for group in groups {
                let store = try #require((group["group"] as? [String: Any])?["store"] as? String)
                let figure = try #require((group["kpis"] as? [String: Any])?["first_response_time"] as? [String: Any])
                let cell = try #require(response.first { $0.store == store })
                #expect(Double(cell.value) == figure["value"] as? Double, "\(store)")
                #expect(cell.colour == figure["status"] as? String, "\(store)")
            }

            // Worst first by response time: the yellow store, then the slower of the green ones.
            let sorted = try await session.get("/stores?\(window)&sort=first_response_time").text
            #expect(Self.column("first_response_time", of: sorted).map(\.store) == ["usd", "lkt", "hph"])
            #expect(sorted.contains("Worst first by Response time to leads."))
            #expect(sorted.contains(#"<input type="hidden" name="sort" value="first_response_time">"#))

            // Within a source, its leads only: Harbor Point's slow CarGurus lead is left out.
            let website = Self.column("first_response_time", of: try await session.get("/stores?\(window)&source=website").text)
            let cargurus = Self.column("first_response_time", of: try await session.get("/stores?\(window)&source=cargurus").text)
            #expect(website.first { $0.store == "hph" }.map { abs((Double($0.value) ?? 0) - 30) < 1 } == true, "\(website)")
            #expect(cargurus.first { $0.store == "hph" }.map { abs((Double($0.value) ?? 0) - 3_600) < 40 } == true, "\(cargurus)")
            #expect(cargurus.first { $0.store == "lkt" }?.value == "", "no CarGurus lead at Lakeside: a dash")

            // Beside the day before, when Lakeside had no lead: its change is a dash's, the hover says so.
            #expect(page.contains("4 Jan 2026 · compared with 3 Jan 2026"))
            let lakeside = try #require(page.range(of: #"title="Lakeside Toyota, Response time to leads: "#).map { String(page[$0.upperBound...].prefix(400)) })
            #expect(lakeside.contains("The window before: –."), "\(lakeside)")
            // Harbor Point answers half a minute faster than the day before, and says so under its figure.
            let harbor = try #require(page.range(of: #"<tr data-store="hph">"#).map { String(page[$0.upperBound...].prefix(while: { $0 != "\n" })) })
            let faster = try #require(harbor.range(of: #"data-kpi="first_response_time""#).map { String(harbor[$0.upperBound...].prefix(800)) })
            #expect(faster.contains(#"<span class="sample">-30 s</span>"#) || faster.contains(#"<span class="sample">-29 s</span>"#), "\(faster)")
            #expect(faster.contains(#"s, better now."#), "the hover says which way it moved: \(faster)")
            // Under its name, the count each way: the faster answers, and nothing else moved enough to say.
            #expect(harbor.contains(#">Harbor Point Honda</a><span class="sample movement">1 better · 0 worse</span></th>"#), "\(harbor)")
            let withoutComparing = try await session.get("/stores?\(window)&compare=off").text
            #expect(!withoutComparing.contains("compared with") && !withoutComparing.contains("The window before:"))
            #expect(!withoutComparing.contains("class=\"sample movement\""))

            let bad = try await session.get("/stores?\(window)&sort=fastest")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("sort: &#39;fastest&#39; is not one of lead_to_sale_conversion"))
            #expect(try await session.get("/kpis?\(window)").text.contains(#"<a href="/stores?window=custom&amp;from=2026-01-04&amp;to=2026-01-04">Stores side by side</a>"#))
        }
    }

    @Test("the table downloads as CSV in the KPI export's columns: the stores in the page's order, each by its own target, then the group; a segment named")
    func download() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await Self.leads(in: app)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let window = "window=custom&from=2026-01-04&to=2026-01-04"
            #expect(try await session.get("/stores?\(window)").text.contains(#"<a class="download" href="/stores.csv?window=custom&amp;from=2026-01-04&amp;to=2026-01-04" download>"#))

            /// The first response time's rows: (group_by, group, value, status, target_max, segment).
            func responseRows(_ query: String) async throws -> [[String: String]] {
                let file = try await session.get("/stores.csv?\(query)")
                #expect(file.status == .ok)
                let lines = file.text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                #expect(lines.first == KPITable.columns)
                return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(KPITable.columns, $0)) }.filter { $0["kpi"] == "first_response_time" }
            }
            let file = try await session.get("/stores.csv?\(window)")
            #expect(file.headers[.contentDisposition] == #"attachment; filename="pitwall-stores-2026-01-04-to-2026-01-04.csv""#)
            let rows = try await responseRows(window)
            #expect(rows.map { $0["group"] } == ["lkt", "usd", "hph", ""], "biggest store first, the group last: \(rows)")
            #expect(rows.map { $0["group_by"] } == ["store", "store", "store", ""])
            #expect(rows.map { $0["group_name"] } == ["Lakeside Toyota", "Used Direct", "Harbor Point Honda", ""], "a sheet reads the store's name")
            // Used Direct is yellow by its own minute; the group is judged by the group's target.
            #expect(rows.map { $0["status"] } == ["green", "yellow", "green", "green"], "\(rows)")
            #expect(rows.map { $0["target_max"] } == ["300", "60", "300", "300"])
            #expect(rows.allSatisfy { $0["segment"] == "" && $0["from"] == "2026-01-04" })
            // The same figures as the page's cells.
            let page = Self.column("first_response_time", of: try await session.get("/stores?\(window)").text)
            #expect(rows.prefix(3).map { Double($0["value"] ?? "") } == page.map { Double($0.value) }, "\(rows) vs \(page)")
            #expect(rows.map { $0["previous_value"] }.last != "", "compared with the day before by default")

            #expect(try await responseRows("\(window)&sort=first_response_time").map { $0["group"] } == ["usd", "lkt", "hph", ""])
            let cargurus = try await responseRows("\(window)&source=cargurus")
            #expect(cargurus.allSatisfy { $0["segment"] == "source:cargurus" }, "\(cargurus)")
            #expect(cargurus.first { $0["group"] == "hph" }.flatMap { Double($0["value"] ?? "") }.map { abs($0 - 3_600) < 40 } == true, "\(cargurus)")
            #expect(cargurus.first { $0["group"] == "lkt" }?["value"] == "", "no CarGurus lead at Lakeside")
            #expect(try await session.get("/stores.csv?\(window)&sort=fastest").status == .badRequest)
        }
    }
}
