import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Does the temperature foretell sales: GET /v1/temperature/validation and the temperature's page")
struct TemperatureCheckAPITests {
    /// Four leads of 2 March. L-1 hot, answered in a minute, replied, bought: 80 points.
    /// L-2 hot, answered after ten minutes: 50. L-3 cold, answered in 30 s: 45. L-4 warm,
    /// answered in 30 s, three replies, an appointment, bought: 90.
    func seed(_ app: TestApp) async throws {
        let base = try Timestamp(rfc3339: "2026-03-02T15:00:00Z")
        var one = EventFactory(lead: "L-1", base: base), two = EventFactory(lead: "L-2", base: base)
        var three = EventFactory(lead: "L-3", base: base), four = EventFactory(lead: "L-4", base: base)
        _ = try await app.store.ingest(
            [
                one.created(0, store: "lkt"), one.sent(60, message: "m1"), one.received(120, message: "r1"), one.sale(86_400, id: "s1", amount: 41_000),
                two.created(0, store: "lkt"), two.sent(600, message: "m2"),
                three.created(0, store: "lkt", tier: .cold), three.sent(30, message: "m3"),
                four.created(0, store: "lkt", tier: .warm), four.sent(30, message: "m4"), four.received(60, message: "r4a"),
                four.received(90, message: "r4b"), four.received(120, message: "r4c"), four.appointmentSet(150, id: "a4", scheduledInSeconds: 86_400),
                four.sale(2 * 86_400, id: "s4", amount: 38_000),
            ], at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
    }

    @Test("each band's and each reason's leads and sales, read against the colder band or the leads without it, and no gap on four leads")
    func validation() async throws {
        let app = try await TestApp.make()
        try await seed(app)
        app.clock.set(try Timestamp(rfc3339: "2026-06-01T12:00:00Z"))
        try await app.run { client in
            let answer = try await client.execute(uri: "/v1/temperature/validation?from=2026-03-01&to=2026-03-07", method: .get, headers: app.headers(.read))
            #expect(answer.status == .ok)
            #expect(answer.json["leads"] as? Int == 4 && answer.json["sold"] as? Int == 2 && answer.json["sale_rate"] as? Double == 0.5)
            #expect(answer.json["sales_in_share"] is NSNull, "three months on, the sales are in")
            let bands = try #require(answer.json["bands"] as? [[String: Any]])
            #expect(bands.map { $0["min_points"] as? Int } == [0, 20, 40, 60, 80])
            #expect(bands.map { $0["leads"] as? Int } == [0, 0, 2, 0, 2])
            #expect(bands.map { $0["sold"] as? Int } == [0, 0, 0, 0, 2])
            #expect(bands[0]["sale_rate"] is NSNull && bands[4]["sale_rate"] as? Double == 1)
            // 2 of 2 against 0 of 2 in the nearest colder band with leads: z = 2.0 (p = 0.046) would
            // clear chance asked alone, but not as one of the window's questions (Holm).
            #expect(bands[4]["reading"] as? String == "unclear" && bands[4]["compared_with_min_points"] as? Int == 40 && bands[2]["reading"] == nil)

            let reasons = try #require(answer.json["reasons"] as? [[String: Any]])
            let byName = Dictionary(uniqueKeysWithValues: reasons.map { ($0["reason"] as! String, $0) })
            #expect(reasons.count == 10)
            let hot = try #require(byName["hot_tier"])
            #expect(hot["points"] as? Int == 30 && hot["leads"] as? Int == 2 && hot["sold"] as? Int == 1)
            #expect(hot["compared_with"] as? String == "warm_tier" && hot["compared_leads"] as? Int == 1 && hot["compared_sold"] as? Int == 1)
            #expect(hot["lift"] as? Double == 0.5 && hot["reading"] as? String == "unclear")
            #expect(byName["cold_tier"]?["compared_with"] == nil && byName["cold_tier"]?["reading"] == nil, "the coldest rating is held against nothing")
            let replied = try #require(byName["replied"])
            #expect(replied["leads"] as? Int == 2 && replied["sold"] as? Int == 2 && replied["compared_with"] as? String == "leads_without_it")
            #expect(replied["compared_sale_rate"] as? Double == 0 && replied["lift"] is NSNull && replied["reading"] as? String == "unclear")
            #expect(byName["answered_within_5_minutes"]?["leads"] as? Int == 3)
            #expect(answer.json["gaps"] as? [String] == [])

            // One segment's check: the cold lead's tier alone.
            let cold = try await client.execute(uri: "/v1/temperature/validation?from=2026-03-01&to=2026-03-07&tier=cold", method: .get, headers: app.headers(.read))
            #expect(cold.json["tier"] as? String == "cold" && cold.json["leads"] as? Int == 1 && cold.json["sold"] as? Int == 0)
            let twoSegments = try await client.execute(uri: "/v1/temperature/validation?source=website&tier=cold", method: .get, headers: app.headers(.read))
            #expect(twoSegments.status == .badRequest && twoSegments.errorMessage?.hasPrefix("tier: narrow to one segment at a time") == true)
            let refused = try await client.execute(uri: "/v1/temperature/validation?from=2026-03-40", method: .get, headers: app.headers(.read))
            #expect(refused.status == .badRequest && refused.errorMessage?.contains("from") == true, "\(refused.errorMessage ?? "")")
            #expect(try await client.execute(uri: "/v1/temperature/validation", method: .get, headers: app.headers(.ingest)).status == .forbidden)

            // The temperature's page shows the same counts under "Does the score foretell sales?".
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let html = try await session.get("/kpis/lead_temperature_score?window=custom&from=2026-03-01&to=2026-03-07").text
            func row(_ attribute: String) -> String {
                guard let start = html.range(of: "<tr \(attribute)>") else { return "" }
                return html[start.lowerBound...].components(separatedBy: "</tr>")[0]
            }
            #expect(html.contains("Does the score foretell sales?") && html.contains("4 leads in this window, 2 of them bought (50%)."))
            let warmest = row(#"data-band="80–100""#)
            #expect(warmest.contains(#"<td class="num leads">2</td><td class="num sold">2</td>"#) && warmest.contains("No clear difference from 40–59"), "\(warmest)")
            let hotRow = row(#"data-reason="hot_tier""#)
            #expect(hotRow.contains("leads rated warm") && hotRow.contains("0.5×") && hotRow.contains("No clear sign"), "\(hotRow)")
            #expect(html.contains("None found in this window"))
            // Other KPIs' pages do not carry it.
            #expect(try await !session.get("/kpis/lead_to_sale_conversion?window=custom&from=2026-03-01&to=2026-03-07").text.contains("foretell sales"))
        }
    }
}
