import Foundation
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("The KPI page")
struct KPIDetailPageTests {
    static let configuration = try! ConfigurationFile.parse(
        """
        stores:
          - {id: lkt, name: Lakeside Toyota, timezone: America/Chicago}
          - {id: hph, name: Harbor Point Honda, timezone: America/Los_Angeles}
        """, file: "test.yaml"
    ).pitwall

    /// 4 January 2026, each lead answered by the AI: website leads at Lakeside in 60 s and
    /// 120 s, at Harbor Point in 30 s; a CarGurus lead at Lakeside in 600 s.
    static func fourLeads(in app: TestApp) async throws {
        var events: [Event] = []
        for (lead, store, source, seconds) in [
            ("L-1", "lkt", "website", 60.0), ("L-2", "lkt", "website", 120), ("L-3", "hph", "website", 30), ("L-4", "lkt", "cargurus", 600),
        ] {
            var make = EventFactory(lead: LeadID(lead), base: try Timestamp(rfc3339: "2026-01-04T18:00:00Z"))
            events += [make.created(0, store: StoreID(store), source: source), make.sent(seconds, message: "\(lead)-m1")]
        }
        _ = try await app.store.ingest(events, at: app.clock.now())
    }

    /// The breakdown table's rows as (name, value) pairs, in order.
    static func breakdown(_ page: String) -> [(name: String, value: String)] {
        guard let table = page.range(of: #"<table class="breakdown">"#), let end = page.range(of: "</table>", range: table.upperBound..<page.endIndex) else {
            return []
        }
        let rows = page[table.upperBound..<end.lowerBound].components(separatedBy: "<tr data-group=").dropFirst()
        return rows.compactMap { row in
            guard let nameEnd = row.range(of: "</a>") ?? row.range(of: "</th>"),
                let nameStart = row[..<nameEnd.lowerBound].lastIndex(of: ">"),
                let value = row.range(of: #"data-value=""#).flatMap({ start in row[start.upperBound...].firstIndex(of: "\"").map { row[start.upperBound..<$0] } })
            else { return nil }
            return (String(row[row.index(after: nameStart)..<nameEnd.lowerBound]), String(value))
        }
    }

    /// Each row's value to the nearest 10 s: medians come from a sketch good to about 1 %.
    static func seconds(_ rows: [(name: String, value: String)]) -> [Int] {
        rows.map { Int(((Double($0.value) ?? -1) / 10).rounded()) * 10 }
    }

    @Test("within one source, the breakdown by store counts that source's leads only, and a split it cannot make says so and where to look")
    func breakdownWithinASegment() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await Self.fourLeads(in: app)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let window = "window=custom&from=2026-01-04&to=2026-01-04"

            // Without a breakdown asked for, a segment's page splits it by store.
            let byStore = try await session.get("/kpis/first_response_time?\(window)&source=website").text
            #expect(byStore.contains(#"">60 s</p>"#), "the median of 30, 60 and 120 s")
            #expect(byStore.contains(#"<h2 id="breakdown-title">By Store</h2>"#))
            let stores = Self.breakdown(byStore)
            #expect(stores.map(\.name) == ["Harbor Point Honda", "Lakeside Toyota"], "\(stores)")
            #expect(Self.seconds(stores) == [30, 60], "Lakeside's CarGurus lead (600 s) is not a website lead: \(stores)")

            let bySource = Self.breakdown(try await session.get("/kpis/first_response_time?\(window)&source=website&by=source").text)
            #expect(bySource.map(\.name) == ["website"] && Self.seconds(bySource) == [60], "\(bySource)")

            let byAgent = try await session.get("/kpis/first_response_time?\(window)&source=website&by=agent").text
            #expect(Self.breakdown(byAgent).isEmpty && !byAgent.contains(#"<table class="breakdown">"#))
            #expect(byAgent.contains("Pitwall counts leads by one attribute at a time, so it cannot split source: website by agent."))
            #expect(byAgent.contains(#"<a href="?window=custom&amp;from=2026-01-04&amp;to=2026-01-04&amp;by=agent">Every source by agent</a>"#), "\(byAgent)")
            #expect(byAgent.contains(#"<a href="?window=custom&amp;from=2026-01-04&amp;to=2026-01-04&amp;source=website&amp;by=store">this one by store</a>"#))
            #expect(!byAgent.contains("No leads in this window to break down."))

            // A source and its wait are counted together: the website's leads by wait leave
            // CarGurus' 600 s answer out, where every lead's have it as a 5-15 min row.
            let websiteByWait = try await session.get("/kpis/first_response_time?\(window)&source=website&by=response_bucket").text
            let websiteBuckets = Self.breakdown(websiteByWait)
            #expect(websiteBuckets.map(\.name) == ["0-5 min"] && Self.seconds(websiteBuckets) == [60], "\(websiteBuckets)")
            #expect(!websiteByWait.contains("cannot split"))
            let everyByWait = Self.breakdown(try await session.get("/kpis/first_response_time?\(window)&by=response_bucket").text)
            #expect(everyByWait.map(\.name) == ["0-5 min", "5-15 min"] && Self.seconds(everyByWait) == [60, 600], "\(everyByWait)")
            let carGurusByWait = Self.breakdown(try await session.get("/kpis/first_response_time?\(window)&source=cargurus&by=response_bucket").text)
            #expect(carGurusByWait.map(\.name) == ["5-15 min"] && Self.seconds(carGurusByWait) == [600], "\(carGurusByWait)")
            let byHour = try await session.get("/kpis/first_response_time?\(window)&source=website&by=hour").text
            #expect(byHour.contains("it cannot split source: website by hour of day."), "the hour is not counted with the source")

            // Without a segment the store split counts every lead: Lakeside's median of 60, 120 and 600 s.
            let everyLead = Self.breakdown(try await session.get("/kpis/first_response_time?\(window)&by=store").text)
            #expect(Self.seconds(everyLead) == [30, 120], "\(everyLead)")
        }
    }

    @Test("one day is drawn hour by hour on each store's clock beside the day before; within a source, as the two weeks it ends")
    func oneDayHourByHour() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await Self.fourLeads(in: app)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/kpis/first_response_time?window=custom&from=2026-01-04&to=2026-01-04").text
            // 18:00 UTC is noon at Lakeside (60, 120 and 600 s) and 10:00 at Harbor Point (30 s).
            #expect(page.contains("<title>12:00: 2 min</title>") && page.contains("<title>10:00: 30 s</title>"), "\(page)")
            #expect(page.contains("<title>Response time to leads, 4 Jan 2026, hour by hour</title>"))
            #expect(page.contains(">00:00</text>") && page.contains(">22:00</text>"))
            #expect(page.contains("The grey line is the day before (3 Jan 2026), hour for hour."))
            #expect(page.contains("Each lead counts in the hour it came in, on its store&#39;s clock."))

            let website = try await session.get("/kpis/first_response_time?window=custom&from=2026-01-04&to=2026-01-04&source=website").text
            #expect(website.contains("<title>Response time to leads, 22 Dec 2025 – 4 Jan 2026</title>"), "\(website)")
            #expect(website.contains("<title>4 Jan: 60 s</title>"), "the median of 30, 60 and 120 s")
            #expect(website.contains("Leads of one source are counted by day, not by hour: the line shows the two weeks to 4 Jan 2026."))
            #expect(!website.contains("The grey line"))
        }
    }

    @Test("uptime over one day: each hour of the group's clock (the first store's) for the whole group, the half hour down at 04:00 Chicago time as half that hour")
    func uptimeHourByHour() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let status = { (id: String, at: String, health: String) in
            #"{"id":"\#(id)","type":"system.status","occurred_at":"\#(at)","component":"ai_assistant","status":"\#(health)"}"#
        }
        let reports = [status("a0", "2026-01-04T00:00:00Z", "up"), status("a1", "2026-01-04T10:00:00Z", "down"), status("a2", "2026-01-04T10:30:00Z", "up")]
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data("[\(reports.joined(separator: ","))]".utf8)), at: app.clock.now())
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/kpis/system_uptime?window=custom&from=2026-01-04&to=2026-01-04").text
            // 10:00 UTC is 04:00 in Chicago, Lakeside's clock and the dashboard's.
            #expect(page.contains("<title>04:00: 50%</title>") && page.contains("<title>03:00: 100%</title>"), "\(page)")
            #expect(page.contains("<title>05:00: 100%</title>"))
            #expect(page.contains("Hours are the store&#39;s own; over every store, those of Lakeside Toyota (America/Chicago), the dashboard&#39;s clock."))
            #expect(!page.contains(">150%<") && !page.contains(">105%<"), "a rate's axis ends at 100 %")
        }
    }
}
