import Foundation
import HTTPTypes
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("An empty page narrowed to a value no lead has had says so, and offers the values that had leads")
struct UnseenSegmentPageTests {
    static let configuration = try! ConfigurationFile.parse(
        """
        stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}, {id: rvc, name: Riverside Chevrolet, timezone: America/Chicago}]
        sources: {cars_com: Cars.com}
        """, file: "test.yaml").pitwall

    @Test("a mistyped source on the scorecard, a KPI's page, follow-ups and contacts; a quiet source and a store's own sources read as before")
    func mistypedSource() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let now = try Timestamp(rfc3339: "2026-03-10T18:00:00Z")
        app.clock.set(now)
        func lead(_ id: String, daysAgo: Double, store: StoreID = "lkt", source: String) -> Event {
            var make = EventFactory(lead: LeadID(id), base: now.adding(milliseconds: -Int64(daysAgo * 86_400_000)))
            return make.created(store: store, source: source)
        }
        // Website has the most leads lately (offered first), Cars.com and walk-ins one each (by id); Facebook only 40 days ago (in the
        // year, not the last 30 days); Riverside has only its walk-ins.
        let events = [
            lead("W-1", daysAgo: 1, source: "website"), lead("W-2", daysAgo: 2, source: "website"), lead("W-3", daysAgo: 20, source: "website"),
            lead("C-1", daysAgo: 3, source: "cars_com"), lead("F-1", daysAgo: 40, source: "facebook"), lead("R-1", daysAgo: 1, store: "rvc", source: "walk_in"),
        ]
        _ = try await app.store.ingest(events, at: now)
        try await app.run { client in
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let offered = #" With leads in the last 30 days: <a href="/kpis?window=7d&amp;source=website">website</a> · <a href="/kpis?window=7d&amp;source=cars_com">Cars.com</a> · <a href="/kpis?window=7d&amp;source=walk_in">walk_in</a>.</p>"#
            let scorecard = try await session.get("/kpis?source=websiet")
            #expect(scorecard.status == .ok)
            #expect(scorecard.text.contains(#"<p class="empty unseen-segment" role="status">No lead had source &#39;websiet&#39; at any store in the year up to today."# + offered), "\(scorecard.text)")
            #expect(!scorecard.text.contains("No leads came in during this window"), "the misspelling is the news, not the window")

            // Facebook had a lead in the year: an empty week is a quiet week, said as before.
            let quiet = try await session.get("/kpis?source=facebook")
            #expect(quiet.text.contains("No leads came in during this window for source: facebook.") && !quiet.text.contains("unseen-segment"))
            // A value with leads in the window shows its figures, with no note.
            #expect(try await !session.get("/kpis?source=website").text.contains("unseen-segment"))

            // At one store, that store's own values are offered, the store by name.
            let riverside = try await session.get("/kpis?store=rvc&source=website&window=30d")
            #expect(riverside.text.contains(
                #"No lead had source &#39;website&#39; at Riverside Chevrolet in the year up to today. With leads in the last 30 days: <a href="/kpis?window=30d&amp;store=rvc&amp;source=walk_in">walk_in</a>.</p>"#),
                "\(riverside.text)")

            // The follow-ups and the contacts pages say the same, their links staying on the page.
            let followUps = try await session.get("/follow-ups?source=websiet")
            #expect(followUps.text.contains(#"No lead had source &#39;websiet&#39; at any store in the year up to today. With leads in the last 30 days: <a href="/follow-ups?window=7d&amp;source=website">"#), "\(followUps.text)")
            #expect(!followUps.text.contains("No open leads in this window"))
            // A KPI's own page too, its links keeping the breakdown.
            let kpi = try await session.get("/kpis/lead_to_sale_conversion?source=websiet&by=store")
            #expect(kpi.text.contains(#"No lead had source &#39;websiet&#39; at any store in the year up to today. With leads in the last 30 days: <a href="/kpis/lead_to_sale_conversion?window=7d&amp;source=website&amp;by=store">"#), "\(kpi.text)")
            let contacts = try await session.get("/contacts?source=websiet&window=30d")
            #expect(contacts.text.contains(#"No lead had source &#39;websiet&#39; at any store in the year up to today. With leads in the last 30 days: <a href="/contacts?window=30d&amp;source=website">"#), "\(contacts.text)")
        }
    }
}
