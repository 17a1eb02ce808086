import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PitwallCore
@testable import PitwallServer
import PitwallSQLite
import PitwallTestSupport
import Testing

@Suite("Alert evaluation right after ingestion")
struct AlertOnIngestTests {
    @Test("a batch of failed texts fires its rule without waiting for the next scheduled round")
    func firesOnIngest() async throws {
        var app = try await TestApp.make()
        app.configuration = try ConfigurationFile.parse(
            """
            stores: [{id: lkt}]
            alerts:
              rules:
                - {id: message_failure_rate, kpi: message_failure_rate, above: {critical: 0.10}, for_minutes: 0, minimum_sample: 50}
            """, file: "pitwall.yaml"
        ).pitwall
        // The scheduled round runs once at start and not again for an hour; touched rules are looked at every 20 ms.
        app.settings.alertCheckInterval = .seconds(3600)
        app.settings.alertNudgeInterval = .milliseconds(20)
        app.clock.set(try Timestamp(rfc3339: "2026-03-02T12:00:00Z"))
        var make = EventFactory(lead: "L-1", base: try Timestamp(rfc3339: "2026-03-02T09:00:00Z"))
        var events = [make.created(0, store: "lkt")]
        for index in 0..<100 {
            events.append(make.sent(Double(index), message: "m\(index)"))
            events.append(make.status(Double(index) + 1, message: "m\(index)", index < 40 ? .failed : .delivered))
        }
        let body = "[" + events.map(\.canonicalJSON).joined(separator: ",") + "]"
        let ready = app
        try await ready.run { client in
            func failureAlert() async throws -> [String: Any]? {
                let response = try await client.execute(uri: "/v1/alerts?state=all", method: .get, headers: ready.headers(.read))
                return (response.json["alerts"] as? [[String: Any]])?.first { $0["id"] as? String == "message_failure_rate:store=lkt" }
            }
            // The round at start-up has run (the store is known, without data) before the texts arrive.
            // A generous deadline: with every suite running at once on two cores, CI's PostgreSQL
            // run once took over 20 s to get there (passing runs return as soon as it has).
            let started = try await eventually(within: .seconds(90)) { try await failureAlert() }
            #expect(started?["condition"] as? String == "no_data")
            let posted = try await client.execute(uri: "/v1/events", method: .post, headers: ready.headers(.ingest), body: ByteBuffer(string: body))
            #expect(posted.status == .ok)
            // Await the condition with a deadline; the next scheduled round is an hour away.
            let alert = try await eventually(within: .seconds(90)) {
                try await failureAlert().flatMap { $0["condition"] as? String == "firing" ? $0 : nil }
            }
            #expect(alert?["condition"] as? String == "firing")
            #expect(alert?["severity"] as? String == "critical")
            // The engineers' scraper sees it too, by severity (counted just after the round stores
            // it). The organisation label is the alert service's (its roster's on PostgreSQL).
            let firing = try await eventually(within: .seconds(90)) { () -> [String]? in
                let lines = try await client.execute(uri: "/metrics", method: .get).text.split(separator: "\n").map(String.init)
                    .filter { $0.hasPrefix("pitwall_alerts_firing{organisation=") }
                return lines.contains { $0.hasSuffix(#",severity="critical"} 1.0"#) } ? lines : nil
            }
            #expect(firing?.count == 2 && firing?.contains { $0.hasSuffix(#",severity="warning"} 0.0"#) } == true, "\(firing ?? ["never counted"])")
        }
    }

    @Test("which rules a batch touches")
    func touched() {
        let rules = Dictionary(uniqueKeysWithValues: AlertRule.sopDefaults.map { ($0.id, $0) })
        var make = EventFactory()
        let statuses = EventTouch(events: [make.status(0, message: "m", .failed)])
        #expect(rules["message_failure_rate"]!.isTouched(by: statuses))
        #expect(!rules["opt_out_rate"]!.isTouched(by: statuses))
        #expect(!rules["system_down"]!.isTouched(by: statuses))
        let replies = EventTouch(events: [make.received(0, message: "r", body: "STOP")])
        #expect(rules["opt_out_rate"]!.isTouched(by: replies) && rules["lead_response_rate"]!.isTouched(by: replies))
        #expect(!rules["message_delivery_rate"]!.isTouched(by: replies))
        let cpu = EventTouch(events: [
            Event(id: "c", occurredAt: make.at(0), leadID: "system:db", payload: .systemSample(SystemReading(component: "db", metric: "cpu_utilisation", value: 0.95)))
        ])
        #expect(rules["cpu_utilisation"]!.isTouched(by: cpu))
        #expect(!rules["memory_utilisation"]!.isTouched(by: cpu) && !rules["lead_response_rate"]!.isTouched(by: cpu))
    }
}

@Suite("Alerts of rules taken out of the configuration")
struct RetiredRuleTests {
    @Test("a rule removed from the configuration no longer shows as a current alert or on the status board")
    func retired() async throws {
        let app = try await TestApp.make()
        var retired = AlertStatus(ruleID: "retired_rule", segment: AlertSegment(store: "lkt"), startingAt: app.clock.now())
        retired.condition = .firing
        retired.severity = .critical
        var kept = AlertStatus(ruleID: "opt_out_rate", segment: AlertSegment(store: "lkt"), startingAt: app.clock.now())
        kept.condition = .firing
        kept.severity = .warning
        try await app.store.recordAlerts([retired, kept], transitions: [], audit: [])
        try await app.run { client in
            let listed = try await client.execute(uri: "/v1/alerts?state=all", method: .get, headers: app.headers(.read))
            #expect((listed.json["alerts"] as? [[String: Any]])?.compactMap { $0["rule_id"] as? String } == ["opt_out_rate"])
            let board = try await client.execute(uri: "/v1/status", method: .get, headers: app.headers(.read))
            let lkt = (board.json["stores"] as? [[String: Any]])?.first { $0["store_id"] as? String == "lkt" }
            #expect(lkt?["status"] as? String == "yellow")  // the warning, not the retired critical
        }
    }
}
