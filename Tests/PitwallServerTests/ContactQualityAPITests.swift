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
}
