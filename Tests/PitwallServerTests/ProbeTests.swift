import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PitwallCore
@testable import PitwallServer
import PitwallSQLite
import PitwallTestSupport
import Testing

/// The health a test's fake system reports, switched by the test.
actor SwitchableHealth {
    var status: HTTPResponse.Status = .ok
    func set(_ next: HTTPResponse.Status) { status = next }
}

/// A watched system's health endpoint on 127.0.0.1.
func runHealthEndpoint<Value: Sendable>(_ health: SwitchableHealth, _ body: @Sendable (Int) async throws -> Value) async throws -> Value {
    let router = Router()
    router.get("healthz") { _, _ -> Response in Response(status: await health.status) }
    return try await runLocalServer(router, label: "watched-system", body)
}

@Suite("Health probes against a real HTTP endpoint")
struct ProbeTests {
    @Test("a probe files up and down as they change, uptime follows, system_down fires, and /metrics shows the probe")
    func probeLifecycle() async throws {
        let health = SwitchableHealth()
        try await runHealthEndpoint(health) { port in
            var configured = try await TestApp.make()
            configured.configuration = try ConfigurationFile.parse(
                """
                stores: [{id: lkt}, {id: hph}]
                probes:
                  - {name: sms_gateway, url: "http://127.0.0.1:\(port)/healthz", interval_seconds: 30, timeout_seconds: 25}
                  - {name: crm_feed, url: "http://127.0.0.1:1/healthz", timeout_seconds: 20, store: hph}
                """, file: "pitwall.yaml"
            ).pitwall
            let app = configured
            let start = try Timestamp(rfc3339: "2026-03-02T10:00:00Z")
            app.clock.set(start)
            let prober = app.dependencies.prober
            let gateway = app.configuration.probes[0]
            let crm = app.configuration.probes[1]
            try await app.run { client in
                // 10:00 up; 10:10 the gateway answers 503; 10:20 still down; 10:30 back.
                // The gateway's timeout is generous: under the whole suite on two cores a first
                // connection once took more than 5 s (a clean-clone CI run on 55396fc).
                let first = try await prober.check(gateway, at: app.clock.now())
                #expect(first.health == .up, "\(first.detail) after \(first.seconds) s")
                app.clock.advance(seconds: 600)
                await health.set(.serviceUnavailable)
                let failing = try await prober.check(gateway, at: app.clock.now())
                #expect(failing.health == .down && failing.detail == "HTTP 503")
                app.clock.advance(seconds: 600)
                try await prober.check(gateway, at: app.clock.now())

                // Two minutes into the outage system_down fires at once: it began at 10:10.
                let watch = app.dependencies.alertWatch()
                try await watch.evaluate(now: app.clock.now())
                let alerts = try await client.execute(uri: "/v1/alerts?state=firing", method: .get, headers: app.headers(.read))
                let firing = try #require((alerts.json["alerts"] as? [[String: Any]])?.first { $0["rule_id"] as? String == "system_down" })
                #expect((firing["note"] as? String)?.contains("SMS gateway down since 2 Mar 2026 10:10 UTC") == true)

                app.clock.advance(seconds: 600)
                await health.set(.ok)
                try await prober.check(gateway, at: app.clock.now())
                app.clock.advance(seconds: 600)

                // Watched 10:00-10:40, down 10:10-10:30: 50 %.
                let kpis = try await client.execute(uri: "/v1/kpis?from=2026-03-02&to=2026-03-02", method: .get, headers: app.headers(.read))
                let uptime = try #require((kpis.json["kpis"] as? [String: Any])?["system_uptime"] as? [String: Any])
                #expect(uptime["value"] as? Double == 0.5)
                #expect(uptime["downtime"] as? Double == 1200)
                #expect(uptime["status"] as? String == "red")
                let api = try #require((kpis.json["kpis"] as? [String: Any])?["api_response_time"] as? [String: Any])
                #expect(api["count"] as? Double == 4)  // every answer, 503s included, is a timing

                // Four checks, two changes of health and one first report: 4 readings, 3 reports.
                let stored = try await app.store.ledgerSnapshot()
                #expect(stored.samples.count == 4)
                #expect(
                    stored.signals.sorted { $0.at < $1.at }.map(\.status.health) == [.up, .down, .up],
                    "\(stored.signals.map { "\($0.at) \($0.status.component) \($0.status.health) \($0.status.detail ?? "")" })")

                // Nothing listens on port 1: down, in words, filed for its store only.
                let refused = try await prober.check(crm, at: app.clock.now())
                #expect(refused.health == .down && refused.httpStatus == nil)
                #expect(refused.detail == "connection refused")
                // Said at once, not after the probe's 20 s of waiting for an answer.
                #expect(refused.seconds < 10, "\(refused.seconds) s")
                let crmSignal = try await app.store.systemSignals().last { $0.status.component == "crm_feed" }
                #expect(crmSignal?.status.storeID == "hph")

                let metrics = try await client.execute(uri: "/metrics", method: .get)
                #expect(metrics.text.contains(#"pitwall_probe_up{organisation="default",probe="sms_gateway"} 1.0"#))
                #expect(metrics.text.contains(#"pitwall_probe_up{organisation="default",probe="crm_feed"} 0.0"#))
                // Every reading and report the checks filed is counted as the probes' delivery.
                let filed = try await app.store.totals().events
                #expect(filed > 0 && metrics.text.contains(#"pitwall_events_total{organisation="default",via="probe",outcome="accepted"} \#(filed)"#), "\(metrics.text)")
            }
        }
    }

    @Test("the probes, system rules and channel options name the line of what is wrong")
    func configuration() {
        func problem(_ yaml: String) -> String? {
            do {
                _ = try ConfigurationFile.parse(yaml, file: "pitwall.yaml")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(problem("probes: [{name: a, url: \"ftp://x/y\"}]")?.contains("is not an http:// or https:// URL") == true)
        #expect(problem("probes: [{url: \"http://x/y\"}]")?.contains("'name' is required") == true)
        #expect(problem("probes: [{name: a, url: \"http://x/y\", interval_seconds: 5, timeout_seconds: 10}]")?.contains("must not exceed") == true)
        #expect(problem("probes: [{name: a, url: \"http://x/y\", store: nowhere}]")?.contains("'nowhere' is not a configured store") == true)
        #expect(problem("probes: [{name: a, url: \"http://x/a\"}, {name: a, url: \"http://x/b\"}]")?.contains("used by an earlier probe") == true)
        #expect(problem("alerts: {rules: [{id: q, system: queue_depth, above: {warning: 100}, window_days: 2}]}")?.contains("window_minutes") == true)
        #expect(problem("alerts: {rules: [{id: q, system: queue_depth, above: {warning: 100}, statistic: median}]}")?.contains("must be mean, max or sum") == true)
        #expect(problem("alerts: {rules: [{id: q, system: queue_depth, above: {warning: 100}, statistic: max, window_minutes: 5}]}") == nil)
        let slack = "notifications: {channels: [{name: floor, slack: \"http://127.0.0.1:9/x\", "
        #expect(problem(slack + "quiet_hours: {from: \"22:00\", to: \"7am\", timezone: America/Chicago}}]}")?.contains("'7am' is not a time like 22:00") == true)
        #expect(problem(slack + "quiet_hours: {from: \"22:00\", to: \"07:00\"}}]}")?.contains("'timezone' is required") == true)
        #expect(problem(slack + "carries: [alerts, pages]}]}")?.contains("'pages' is not one of alerts, escalations") == true)
        #expect(problem("stores: [{id: lkt}]\n" + slack + "stores: [hph]}]}")?.contains("'hph' is not a configured store") == true)
        let parsed = try? ConfigurationFile.parse(
            "stores: [{id: lkt}]\n" + slack + "stores: [lkt], carries: [escalations], quiet_hours: {from: \"22:00\", to: \"07:00\", timezone: America/Chicago}}]}",
            file: "pitwall.yaml")
        let channel = parsed?.pitwall.notifications.channels.first
        #expect(channel?.stores == ["lkt"] && channel?.carriesAlerts == false && channel?.carriesEscalations == true)
        #expect(channel?.quietHours == QuietHours(startMinute: 1320, endMinute: 420, timeZone: TimeZone(identifier: "America/Chicago")!))
    }
}
