import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PitwallCore
@testable import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Acknowledging every firing alert of a rule")
struct AcknowledgeRuleAPITests {
    @Test("failures firing at four stores are acknowledged in one request, each logged, one already taken on keeping its note; mistakes name the field")
    func acknowledgeEveryStore() async throws {
        let ids: [StoreID] = ["bvw", "hph", "lkt", "smf"]
        var configuration = PitwallConfiguration(stores: ids.map { StoreProfile(id: $0, name: "Store \($0.rawValue)", timeZone: TimeZone(identifier: "UTC")!) })
        configuration.alertRules = AlertRule.sopDefaultsFiringAtOnce
        let app = try await TestApp.make(configuration: configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-03-02T12:00:00Z"))
        // Each store: 100 texts this morning, 25 of them refused by the carrier (critical above 10 %).
        let morning = try Timestamp(rfc3339: "2026-03-02T09:00:00Z")
        let events = ids.flatMap { NotificationTests().texts(lead: "L-\($0.rawValue)", count: 100, failed: 25, at: morning, store: $0) }
        _ = try await app.store.ingest(events, at: app.clock.now())
        try await app.dependencies.alertWatch().evaluate(now: app.clock.now())
        let manager = try await TokenIssuer(store: app.store, clock: app.clock).issue(scope: .manage, name: "platform-oncall")

        try await app.run { client in
            let uri = "/v1/alerts/ack"
            let everywhere = ByteBuffer(string: #"{"rule_id":"message_failure_rate","comment":"carrier incident 4411","quiet_minutes":60}"#)
            try await client.execute(uri: uri, method: .post, headers: app.headers(.read), body: everywhere) { response in
                #expect(response.status == .forbidden)
            }
            let headers = app.headers(bearer: manager)
            // The manager at Lakeside took its alert on first: their note is kept.
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: #"{"rule_id":"message_failure_rate","store_id":"lkt","comment":"our carrier"}"#)) { response in
                #expect(response.status == .ok)
                #expect((response.json["acknowledged"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["message_failure_rate:store=lkt"])
            }
            try await client.execute(uri: uri, method: .post, headers: headers, body: everywhere) { response in
                #expect(response.status == .ok)
                let acknowledged = try #require(response.json["acknowledged"] as? [[String: Any]])
                #expect(Set(acknowledged.compactMap { $0["id"] as? String }) == Set(["bvw", "hph", "smf"].map { "message_failure_rate:store=\($0)" }))
                #expect(acknowledged.allSatisfy { $0["acknowledged_by"] as? String == "platform-oncall" && $0["comment"] as? String == "carrier incident 4411" })
            }
            try await client.execute(uri: "/v1/alerts", method: .get, headers: app.headers(.read)) { response in
                let alerts = try #require(response.json["alerts"] as? [[String: Any]])
                let failures = Dictionary(uniqueKeysWithValues: alerts.filter { $0["rule_id"] as? String == "message_failure_rate" }.map { ($0["id"] as! String, $0) })
                #expect(failures.count == 4)
                #expect(failures["message_failure_rate:store=lkt"]?["comment"] as? String == "our carrier")
                #expect(failures["message_failure_rate:store=smf"]?["acknowledged_until"] as? String == "2026-03-02T13:00:00.000Z")
            }
            try await client.execute(uri: "/v1/audit/log", method: .get, headers: app.headers(.read)) { response in
                let entries = try #require(response.json["entries"] as? [[String: Any]])
                #expect(entries.filter { $0["action"] as? String == "alert.acknowledged" }.count == 4)
            }
            for (body, status, says) in [
                (#"{"comment":"x"}"#, HTTPResponse.Status.badRequest, "rule_id: required"),
                (#"{"rule_id":"failures"}"#, .badRequest, "rule_id: 'failures' is not a rule; the rules are message_failure_rate, "),
                (#"{"rule_id":"opt_out_rate"}"#, .conflict, "no alert of rule 'opt_out_rate' is firing unacknowledged"),
                (#"{"rule_id":"message_failure_rate"}"#, .conflict, "no alert of rule 'message_failure_rate' is firing unacknowledged; one already acknowledged"),
                (#"{"rule_id":"message_failure_rate","store_id":"nowhere"}"#, .conflict, "is firing unacknowledged at store 'nowhere'"),
                (#"{"rule_id":"message_failure_rate","quiet_minutes":0}"#, .badRequest, "quiet_minutes"),
            ] {
                try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body)")
                    let message = (response.json["error"] as? [String: Any])?["message"] as? String ?? ""
                    #expect(message.hasPrefix(says) || message.contains(says), "\(body): \(message)")
                }
            }
        }
    }
}
