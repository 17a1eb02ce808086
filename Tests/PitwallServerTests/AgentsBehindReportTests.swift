import Foundation
import HTTPTypes
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("The weekly report asks marketing to pause paid leads when hand-offs rose and the agents fell behind")
struct AgentsBehindReportTests {
    /// Lakeside (UTC, always open, hot leads, 5-minute SLA), Ana its only agent. The four weeks
    /// from 2 February: 6 Facebook leads a day at $40, each handed to Ana, who writes 2 minutes
    /// later. The week of 2 March: 12 a day, half from Facebook at $40 and half from the web
    /// form at no cost; Ana writes to 2 a day within 2 minutes and to the other 10 after 30.
    static func events() throws -> [Event] {
        var events: [Event] = []
        let first = try Timestamp(rfc3339: "2026-02-02T15:00:00Z")
        for day in 0..<35 {
            let busy = day >= 28
            for index in 0..<(busy ? 12 : 6) {
                let id = "D\(day)-\(index)"
                var make = EventFactory(lead: LeadID(id), base: first.adding(seconds: Double(day) * 86_400 + Double(index) * 600))
                let paid = !busy || index.isMultiple(of: 2)
                let pickup = busy && index >= 2 ? 1_800.0 : 120
                events += [
                    make.created(0, store: "lkt", source: paid ? "facebook_ads" : "website", cost: Money(amount: paid ? 40 : 0)),
                    make.sent(20, message: "\(id)-ai"), make.make(90, .leadAssigned(agent: "ana")),
                    make.sent(90 + pickup, message: "\(id)-ana", sender: .agent, agent: "ana"),
                ]
            }
        }
        return events
    }

    @Test("the week of the rise names Lakeside with its paid sources and links to its team; the week before and the month before do not")
    func weekly() async throws {
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "UTC")!)])
        configuration.sourceNames = ["facebook_ads": "Facebook Ads"]
        let app = try await TestApp.make(configuration: configuration)
        _ = try await app.store.ingest(try Self.events(), at: try Timestamp(rfc3339: "2026-03-09T00:00:00Z"))
        app.clock.set(try Timestamp(rfc3339: "2026-03-09T12:00:00Z"))
        let expected = "Lakeside Toyota: leads handed to its agents rose to 12 a day in the week from 6 in the 4 weeks before, and they picked up in time "
            + "on none of 7 days (16.7% within SLA against ≥ 80%, from 100%), while it paid $1,680 for leads (Facebook Ads $1,680). If the team "
            + "cannot keep up, ask marketing to cap or pause those campaigns until staffing catches up, rather than buy leads nobody answers in time."
        try await app.run { client in
            func advice(_ query: String) async throws -> [[String: String]] {
                let answer = try await client.execute(uri: "/v1/reports/\(query)", method: .get, headers: app.headers(.read))
                #expect(answer.status == .ok, "\(answer.text)")
                return (answer.json["recommendations"] as? [[String: String]]) ?? []
            }
            for (query, page) in [
                ("weekly?date=2026-03-04", "/team?store=lkt&window=custom&from=2026-03-02&to=2026-03-08"),
                ("weekly?date=2026-03-04&store=lkt", "/team?window=custom&from=2026-03-02&to=2026-03-08&store=lkt"),
            ] {
                let named = try await advice(query).filter { $0["text"]?.hasPrefix("Lakeside Toyota: leads handed") == true }
                #expect(named.map { $0["text"] } == [expected], "\(query)")
                #expect(named.first?["page"] == page, "\(query)")
            }
            // The pick-up's own remedy stays, for the team; the pause is said once, beside it.
            #expect(try await advice("weekly?date=2026-03-04").contains { $0["text"]?.hasPrefix("Agent pick-up within SLA: Find the agents") == true })
            // The week before: Ana on time at the usual volume. February: no four weeks before it to rise from.
            #expect(try await !advice("weekly?date=2026-02-25").contains { $0["text"]?.contains("cap or pause") == true })
            #expect(try await !advice("monthly?date=2026-02-10").contains { $0["text"]?.contains("cap or pause") == true })
            // Read on the Sunday, the week under way is judged through Saturday: today's hand-offs are not all due yet.
            app.clock.set(try Timestamp(rfc3339: "2026-03-08T12:00:00Z"))
            let underWay = try await advice("weekly?date=2026-03-04").first { $0["text"]?.hasPrefix("Lakeside Toyota: leads handed") == true }
            #expect(underWay?["text"]?.contains("rose to 12 a day in the week from 6 in the 4 weeks before, and they picked up in time on none of 6 days") == true,
                    "\(underWay ?? [:])")
            app.clock.set(try Timestamp(rfc3339: "2026-03-09T12:00:00Z"))
            // The e-mail's text and the page say the same.
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/reports?kind=weekly&date=2026-03-04")
            #expect(page.text.contains("ask marketing to cap or pause those campaigns"), "\(page.text)")
        }
    }
}
