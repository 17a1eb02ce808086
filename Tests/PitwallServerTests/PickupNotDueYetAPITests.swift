import Foundation
import HTTPTypes
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("The agents' pick-up as of now: hand-offs not due yet left out")
struct PickupNotDueYetAPITests {
    /// Lakeside open 09:00-17:00 Monday to Saturday, UTC; hot leads answered within 5 minutes.
    static let configuration = try! ConfigurationFile.parse(
        """
        stores:
          - id: lkt
            name: Lakeside Toyota
            timezone: UTC
            business_hours: {mon: "09:00-17:00", tue: "09:00-17:00", wed: "09:00-17:00", thu: "09:00-17:00", fri: "09:00-17:00", sat: "09:00-17:00", sun: closed}
        """, file: "pitwall.yaml"
    ).pitwall

    /// Monday 2 March: one lead handed to amy at 10:01 and picked up at 10:03; two handed to
    /// amy and bob at 20:00, after closing, that nobody has answered.
    static func events() throws -> [Event] {
        var events: [Event] = []
        for (id, at, agent, answer) in [("L-day", "2026-03-02T10:00:00Z", "amy", true), ("L-eve1", "2026-03-02T19:59:00Z", "amy", false), ("L-eve2", "2026-03-02T19:59:00Z", "bob", false)] {
            var make = EventFactory(lead: LeadID(id), base: try Timestamp(rfc3339: at))
            events += [make.created(0, store: "lkt", tier: .hot), make.sent(5, message: "\(id)-ai"), make.make(60, .leadAssigned(agent: AgentID(agent)))]
            if answer { events.append(make.sent(180, message: "\(id)-agent", sender: .agent, agent: AgentID(agent))) }
        }
        return events
    }

    @Test("Tuesday 07:00, before opening: Monday's pick-up is 1 of 1, amy's too, bob has none due, and the daily report says nothing of it; at 09:10, when the evening's two fell due unanswered, 1 of 3")
    func asOfNow() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        _ = try await app.store.ingest(Self.events(), at: try Timestamp(rfc3339: "2026-03-02T20:01:00Z"))
        app.clock.set(try Timestamp(rfc3339: "2026-03-03T07:00:00Z"))
        try await app.run { client in
            func pickup(_ query: String = "") async throws -> [String: Any] {
                let answer = try await client.execute(uri: "/v1/kpis?from=2026-03-02&to=2026-03-02\(query)", method: .get, headers: app.headers(.read))
                #expect(answer.status == .ok)
                return try #require((answer.json["kpis"] as? [String: Any])?["agent_pickup_within_sla"] as? [String: Any])
            }
            var morning = try await pickup()
            #expect(morning["numerator"] as? Double == 1 && morning["denominator"] as? Double == 1, "\(morning)")
            #expect(morning["value"] as? Double == 1 && morning["status"] as? String == "green")
            #expect(morning["not_picked_up"] as? Double == 0 && morning["picked_up"] as? Double == 1)
            #expect(morning["version"] as? Int == 3)
            let byAgent = try await client.execute(uri: "/v1/kpis?from=2026-03-02&to=2026-03-02&group_by=agent", method: .get, headers: app.headers(.read))
            let groups = try #require(byAgent.json["groups"] as? [[String: Any]])
            let agents = Dictionary(uniqueKeysWithValues: groups.compactMap { group -> (String, [String: Any])? in
                guard let agent = (group["group"] as? [String: Any])?["agent"] as? String,
                    let figure = (group["kpis"] as? [String: Any])?["agent_pickup_within_sla"] as? [String: Any] else { return nil }
                return (agent, figure)
            })
            #expect(agents["amy"]?["denominator"] as? Double == 1 && agents["amy"]?["value"] as? Double == 1, "\(agents)")
            #expect(agents["bob"]?["denominator"] as? Double == 0 && agents["bob"]?["status"] as? String == "none", "\(agents)")

            // The daily report of Monday, sent before opening, has nothing to say of the pick-up.
            let daily = try await client.execute(uri: "/v1/reports/daily?date=2026-03-02", method: .get, headers: app.headers(.read))
            #expect(daily.status == .ok)
            #expect(!daily.text.contains("Agent pick-up within SLA 0%") && !daily.text.contains("Agent pick-up within SLA 33"), "\(daily.text)")

            // 09:10: both evening hand-offs fell due at 09:05 with nobody having written.
            app.clock.set(try Timestamp(rfc3339: "2026-03-03T09:10:00Z"))
            morning = try await pickup()
            #expect(morning["numerator"] as? Double == 1 && morning["denominator"] as? Double == 3, "\(morning)")
            #expect(morning["not_picked_up"] as? Double == 2 && morning["status"] as? String == "red")
            // Read then, the same report names it.
            let late = try await client.execute(uri: "/v1/reports/daily?date=2026-03-02", method: .get, headers: app.headers(.read))
            #expect(late.text.contains("Agent pick-up within SLA 33.3%"), "\(late.text)")
        }
    }
}
