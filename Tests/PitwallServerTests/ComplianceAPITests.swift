import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallSQLite
import PitwallTestSupport
import Testing

@Suite("Compliance API: messages sent after an opt-out")
struct ComplianceAPITests {
    @Test("a message after STOP is listed with who sent it; the single confirmation is not; bad windows are named")
    func violations() async throws {
        let configuration = try ConfigurationFile.parse("stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]", file: "t.yaml").pitwall
        let app = try await TestApp.make(configuration: configuration)
        let start = app.clock.now()
        func at(_ seconds: Double) -> String { start.adding(seconds: seconds).rfc3339 }
        let events = """
            {"id":"c1","type":"lead.created","occurred_at":"\(at(0))","lead_id":"L-1","store_id":"lkt","source":"website"}
            {"id":"s1","type":"message.sent","occurred_at":"\(at(30))","lead_id":"L-1","message_id":"m1","channel":"sms","sender":"ai"}
            {"id":"r1","type":"message.received","occurred_at":"\(at(60))","lead_id":"L-1","message_id":"in1","channel":"sms","body":"Please stop texting me"}
            {"id":"s2","type":"message.sent","occurred_at":"\(at(70))","lead_id":"L-1","message_id":"confirm","channel":"sms","sender":"ai"}
            {"id":"s3","type":"message.sent","occurred_at":"\(at(7200))","lead_id":"L-1","message_id":"m3","channel":"sms","sender":"agent","agent_id":"amy"}
            {"id":"c2","type":"lead.created","occurred_at":"\(at(100))","lead_id":"L-2","store_id":"lkt","source":"website"}
            {"id":"s4","type":"message.sent","occurred_at":"\(at(130))","lead_id":"L-2","message_id":"m4","channel":"sms","sender":"ai"}
            """
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data(events.utf8)), at: start)
        app.clock.advance(seconds: 8000)
        try await app.run { client in
            let answer = try await client.execute(uri: "/v1/compliance/violations", method: .get, headers: app.headers(.read))
            #expect(answer.status == .ok)
            #expect(answer.json["count"] as? Int == 1)
            let violation = try #require((answer.json["violations"] as? [[String: Any]])?.first)
            #expect(violation["lead_id"] as? String == "L-1")
            #expect(violation["message_id"] as? String == "m3")
            #expect(violation["agent_id"] as? String == "amy")
            #expect(violation["opt_out_rule"] as? String == "phrase:stop_contacting")
            #expect(violation["seconds_after_opt_out"] as? Double == 7140)
            let bad = try await client.execute(uri: "/v1/compliance/violations?from=2026-13-01&to=2026-12-01", method: .get, headers: app.headers(.read))
            #expect(bad.status == .badRequest)
            #expect(bad.errorMessage == "from: '2026-13-01' is not a date like 2026-03-01")
            let long = try await client.execute(uri: "/v1/compliance/violations?from=2025-01-01&to=2025-12-31", method: .get, headers: app.headers(.read))
            #expect(long.errorMessage?.contains("ask for at most 92") == true)
            #expect(try await client.execute(uri: "/v1/compliance/violations", method: .get, headers: app.headers(.ingest)).status == .forbidden)
            // The alerts page shows the same, for the on-call manager.
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/alerts").text
            #expect(page.contains(#"<a href="/leads/L-1">L-1</a>"#))
            #expect(page.contains("<td>amy</td><td class=\"num\">1 h 59 min</td><td>asked to stop being contacted</td>"), "the rule in words; the API keeps its id")
        }
    }
}
