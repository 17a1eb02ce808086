import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Contact quality: flagged at the door, counted per source")
struct ContactQualityAPITests {
    @Test("leads are stored as sent with warnings in the answer; the per-source counts name what is wrong, worst source first")
    func perSource() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-03-03T12:00:00Z"))
        @Sendable func lead(_ id: String, _ source: String, phone: String?, email: String?) -> String {
            var contact: [String] = []
            if let phone { contact.append(#""phone":"\#(phone)""#) }
            if let email { contact.append(#""email":"\#(email)""#) }
            return #"{"id":"c-\#(id)","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"\#(id)","store_id":"lkt","source":"\#(source)","contact":{\#(contact.joined(separator: ","))}}"#
        }
        let batch = [
            lead("L1", "website", phone: "(312) 867-5309", email: "ana@example.com"),
            lead("L2", "website", phone: "312-555-0150", email: "kim@example.com"),
            lead("L3", "vendor-x", phone: "312-555-0199", email: "nobody at example"),
            lead("L4", "vendor-x", phone: nil, email: nil),
            lead("L5", "vendor-x", phone: "(911) 234-5678", email: "lee@example.org"),
        ].joined(separator: "\n")
        try await app.run { client in
            let answer = try await client.execute(
                uri: "/v1/events", method: .post, headers: app.headers(.ingest, contentType: "application/x-ndjson"), body: ByteBuffer(string: batch))
            #expect(answer.json["accepted"] as? Int == 5)
            let warnings = try #require(answer.json["warnings"] as? [[String: Any]])
            #expect(warnings.map { $0["line"] as? Int } == [2, 3, 3, 5])
            #expect(warnings.first?["warning"] as? String == "contact.phone: 555-0150 is reserved for fiction, not a real number")

            let quality = try await client.execute(uri: "/v1/contacts/quality?from=2026-03-02&to=2026-03-02", method: .get, headers: app.headers(.read))
            #expect(quality.status == .ok)
            let sources = try #require(quality.json["sources"] as? [[String: Any]])
            #expect(sources.map { $0["source"] as? String } == ["vendor-x", "website"])
            let vendor = try #require(sources.first?["counts"] as? [String: Any])
            #expect(vendor["leads"] as? Int == 3)
            #expect(vendor["phone_missing"] as? Int == 1 && vendor["phone_invalid"] as? Int == 2)
            #expect(vendor["email_missing"] as? Int == 1 && vendor["email_invalid"] as? Int == 1)
            // L3 (fiction number, bad e-mail) and L4 (nothing) cannot be reached; L5 has an e-mail.
            #expect(vendor["unreachable"] as? Int == 2)
            #expect(vendor["problems"] as? [String: Int] == ["fiction": 1, "not_assignable": 1, "bad_characters": 1])
            let total = try #require(quality.json["total"] as? [String: Any])
            #expect(total["leads"] as? Int == 5 && total["phone_invalid"] as? Int == 3 && total["unreachable"] as? Int == 2)
            // Leads sent clean get no warnings key at all.
            let clean = try await client.execute(
                uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: "[" + lead("L6", "website", phone: "312-290-1234", email: nil) + "]"))
            #expect(clean.json["warnings"] == nil)
            #expect(clean.json["accepted"] as? Int == 1)

            // The dashboard's page shows the same counts, worst source first, in words.
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/contacts?window=custom&from=2026-03-02&to=2026-03-02")
            #expect(page.status == .ok)
            let html = page.text
            func row(_ source: String) -> String {
                guard let start = html.range(of: #"<tr data-source="\#(source)">"#) else { return "" }
                return html[start.lowerBound...].components(separatedBy: "</tr>")[0]
            }
            let vendorRow = row("vendor-x")
            let websiteRow = row("website")
            #expect(html.range(of: #"data-source="vendor-x""#)!.lowerBound < html.range(of: #"data-source="website""#)!.lowerBound)
            #expect(vendorRow.contains("66.7%") && vendorRow.contains("2 of 3"), "\(vendorRow)")
            #expect(vendorRow.contains("555 number (fiction): 1") && vendorRow.contains("not a number carriers give out: 1"), "\(vendorRow)")
            #expect(vendorRow.contains(#"href="/kpis?window=custom&amp;from=2026-03-02&amp;to=2026-03-02&amp;source=vendor-x""#), "\(vendorRow)")
            // L6 came in with no e-mail but a good phone: reachable.
            #expect(websiteRow.contains("0%") && websiteRow.contains("0 of 3"), "\(websiteRow)")
            let totalRow = row("")
            #expect(totalRow.contains("All sources") && totalRow.contains("2 of 6") && totalRow.contains("33.3%"), "\(totalRow)")
            #expect(html.contains(#"aria-current="page">Lead contacts"#))

            // One source, through the scorecard's segment parameter; another dimension is refused by name.
            let one = try await session.get("/contacts?window=custom&from=2026-03-02&to=2026-03-02&source=website")
            #expect(one.text.contains(#"data-source="website""#) && !one.text.contains(#"data-source="vendor-x""#))
            let refused = try await session.get("/contacts?agent=maria")
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("agent: contacts are counted by lead source"))
            let empty = try await session.get("/contacts?window=custom&from=2026-02-01&to=2026-02-02")
            #expect(empty.text.contains("No leads came in during this window"))
        }
    }

    @Test("repeat leads by source: the same shopper again within the week, what the paid ones cost and where they first came from, on the API and the page")
    func repeats() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]\nsources: {cargurus: CarGurus, website: Website}\n", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-03-05T12:00:00Z"))
        func lead(_ id: String, _ at: String, _ source: String, cost: Double?, phone: String?, email: String?) throws -> Event {
            Event(
                id: EventID("c-\(id)"), occurredAt: try Timestamp(rfc3339: at), leadID: LeadID(id),
                payload: .leadCreated(LeadCreated(storeID: "lkt", source: source, cost: cost.map { Money(amount: $0) }, contact: Contact(phone: phone, email: email))))
        }
        // L0 on 27 February, before the window; in it (2-3 March, Chicago): L1 from the
        // website, L2 the same phone from CarGurus a day on ($32), L3 someone else from
        // CarGurus, L4 L0's e-mail from Facebook ($11).
        _ = try await app.store.ingest([
            try lead("L0", "2026-02-27T15:00:00Z", "website", cost: 0, phone: nil, email: "kim@example.com"),
            try lead("L1", "2026-03-02T15:00:00Z", "website", cost: 0, phone: "(312) 290-1234", email: nil),
            try lead("L2", "2026-03-03T16:00:00Z", "cargurus", cost: 32, phone: "+1 312 290 1234", email: nil),
            try lead("L3", "2026-03-03T17:00:00Z", "cargurus", cost: 32, phone: "312-290-9876", email: nil),
            try lead("L4", "2026-03-02T18:00:00Z", "facebook_ads", cost: 11, phone: nil, email: "KIM@example.com"),
        ], at: try Timestamp(rfc3339: "2026-03-04T00:00:00Z"))
        try await app.run { client in
            let quality = try await client.execute(uri: "/v1/contacts/quality?from=2026-03-02&to=2026-03-03", method: .get, headers: app.headers(.read))
            #expect(quality.json["repeat_window_days"] as? Int == 7)
            let total = try #require(quality.json["total_repeats"] as? [String: Any])
            #expect(total["leads"] as? Int == 2 && total["share"] as? Double == 0.5 && total["spend"] as? Double == 43)
            let sources = try #require(quality.json["sources"] as? [[String: Any]])
            func repeats(_ source: String) -> [String: Any]? { sources.first { $0["source"] as? String == source }?["repeats"] as? [String: Any] }
            #expect(repeats("cargurus")?["leads"] as? Int == 1 && repeats("cargurus")?["share"] as? Double == 0.5 && repeats("cargurus")?["spend"] as? Double == 32)
            #expect((repeats("cargurus")?["first_from"] as? [[String: Any]])?.map { "\($0["source"]!) \($0["leads"]!)" } == ["website 1"])
            #expect(repeats("facebook_ads")?["leads"] as? Int == 1 && repeats("facebook_ads")?["spend"] as? Double == 11, "a repeat of a lead before the window")
            #expect(repeats("website")?["leads"] as? Int == 0 && repeats("website")?["share"] as? Double == 0)
            #expect(quality.json["repeat_findings"] as? [String] == [
                "2 of 4 leads (50%) came from people who had sent the same store a lead in the 7 days before: the scorecard counts each as a new lead.",
                "cargurus: 1 of its 2 leads was a repeat, first through website; $32.00 of its spend went on shoppers the store already had.",
                "facebook_ads: 1 of its 1 lead was a repeat, first through website; $11.00 of its spend went on shoppers the store already had.",
            ])

            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let html = try await session.get("/contacts?window=custom&from=2026-03-02&to=2026-03-03").text
            let row = html.components(separatedBy: #"<tr data-source="cargurus">"#).dropFirst().first?.components(separatedBy: "</tr>")[0] ?? ""
            #expect(row.contains(#"data-figure="repeats" data-value="1">1 (50%)<span class="sample">$32.00 spent</span>"#), "\(row)")
            #expect(html.contains("<li>CarGurus: 1 of its 2 leads was a repeat, first through Website; $32.00 of its spend went on shoppers the store already had.</li>"))
            #expect(html.contains("in the 7 days before (<code>response_time.repeat_window_days</code>)"))
            #expect(html.contains("data-live-spacing=\"60000\""), "finding repeats reads every lead of the window: rebuilt live once a minute at most")
            #expect(html.contains(#"href="/contacts/repeats.csv?window=custom&amp;from=2026-03-02&amp;to=2026-03-03""#), "\(html)")
            let download = try await session.get("/contacts/repeats.csv?window=custom&from=2026-03-02&to=2026-03-03")
            #expect(download.status == .ok && download.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(download.text.split(separator: "\r\n").map(String.init) == [
                "lead_id,store_id,source,cost,created_at,earlier_lead_id,earlier_source,earlier_created_at,hours_after",
                "L4,lkt,facebook_ads,11,2026-03-02T18:00:00.000Z,L0,website,2026-02-27T15:00:00.000Z,75",
                "L2,lkt,cargurus,32,2026-03-03T16:00:00.000Z,L1,website,2026-03-02T15:00:00.000Z,25",
            ], "\(download.text)")
            let api = try await client.execute(uri: "/v1/export/repeats.ndjson?from=2026-03-02&to=2026-03-03&source=cargurus", method: .get, headers: app.headers(.read))
            #expect(api.status == .ok && api.text.split(separator: "\n").count == 1 && api.text.contains(#""earlier_lead_id":"L1""#), "\(api.text)")
            let one = try await session.get("/contacts?window=custom&from=2026-03-02&to=2026-03-03&source=website").text
            #expect(!one.contains("repeat-findings"), "the website alone had no repeat")
        }
    }

    @Test("a longer repeat window for vendor credit (repeat_leads.window_days) finds a shopper's lead of a month before; speed to lead's week does not")
    func longerRepeatWindow() async throws {
        let yaml = "stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]\n"
        func lead(_ id: String, _ at: String, _ source: String) throws -> Event {
            Event(
                id: EventID("c-\(id)"), occurredAt: try Timestamp(rfc3339: at), leadID: LeadID(id),
                payload: .leadCreated(LeadCreated(storeID: "lkt", source: source, cost: Money(amount: 30), contact: Contact(phone: "(312) 290-1234"))))
        }
        // The same phone on 5 February from the website and on 3 March (26 days on) from CarGurus.
        let events = [try lead("F1", "2026-02-05T15:00:00Z", "website"), try lead("M1", "2026-03-03T16:00:00Z", "cargurus")]
        for (extra, days, repeats) in [("", 7, 0), ("repeat_leads: {window_days: 30}\n", 30, 1)] {
            let app = try await TestApp.make(configuration: try ConfigurationFile.parse(yaml + extra, file: "t.yaml").pitwall)
            app.clock.set(try Timestamp(rfc3339: "2026-03-05T12:00:00Z"))
            _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-04T00:00:00Z"))
            try await app.run { client in
                let quality = try await client.execute(uri: "/v1/contacts/quality?from=2026-03-02&to=2026-03-03", method: .get, headers: app.headers(.read))
                #expect(quality.json["repeat_window_days"] as? Int == days)
                #expect((quality.json["total_repeats"] as? [String: Any])?["leads"] as? Int == repeats, "window \(days)")
                let list = try await client.execute(uri: "/v1/export/repeats.csv?from=2026-03-02&to=2026-03-03", method: .get, headers: app.headers(.read))
                #expect(list.text.split(separator: "\r\n").count == 1 + repeats)
                let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
                let html = try await session.get("/contacts?window=custom&from=2026-03-02&to=2026-03-03").text
                #expect(html.contains(days == 7 ? "in the 7 days before (<code>response_time.repeat_window_days</code>)" : "in the 30 days before (<code>repeat_leads.window_days</code>)"))
            }
        }
    }
}
