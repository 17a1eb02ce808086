import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PitwallCore
@testable import PitwallServer
import PitwallSQLite
import PitwallTestSupport
import Testing

/// What a receiver got: each request's body and headers, in order.
actor ReceivedRequests {
    struct Received: Sendable {
        var body: String
        var timestamp: String?
        var signature: String?
    }

    private(set) var requests: [Received] = []
    /// Answer 503 to this many requests first, to exercise the retries.
    var failuresToServe = 0

    func record(_ received: Received) -> Bool {
        requests.append(received)
        guard failuresToServe > 0 else { return true }
        failuresToServe -= 1
        return false
    }

    func failNext(_ count: Int) { failuresToServe = count }
}

/// A webhook receiver on 127.0.0.1, as a dealership's own system would run one.
func runReceiver<Value: Sendable>(_ received: ReceivedRequests, _ body: @Sendable (Int) async throws -> Value) async throws -> Value {
    let router = Router()
    router.post("hook") { request, _ -> Response in
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let accepted = await received.record(
            .init(
                body: String(buffer: buffer), timestamp: request.headers[HTTPField.Name("X-Pitwall-Timestamp")!],
                signature: request.headers[HTTPField.Name("X-Pitwall-Signature")!]))
        return Response(status: accepted ? .ok : .serviceUnavailable)
    }
    return try await runLocalServer(router, label: "receiver", body)
}

/// Serves `router` on 127.0.0.1 at a free port for the length of `body`, then stops.
func runLocalServer<Value: Sendable>(
    _ router: Router<BasicRequestContext>, label: String, _ body: @Sendable (Int) async throws -> Value
) async throws -> Value {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    return try await app.serveLive { client in try await body(client.port) }
}

@Suite("Alert notifications to a real webhook receiver")
struct NotificationTests {
    static let secret = "s3cret-for-tests"

    func configuration(port: Int) throws -> PitwallConfiguration {
        try ConfigurationFile.parse(
            """
            stores: [{id: lkt, name: Lakeside Toyota}]
            notifications:
              link_base: https://pitwall.example.com
              repeat_minutes: 10
              channels:
                - {name: bdc, webhook: "http://127.0.0.1:\(port)/hook", secret_env: HOOK_SECRET}
            alerts:
              sop_defaults: false
              rules:
                - {id: message_failure_rate, kpi: message_failure_rate, above: {critical: 0.10}, for_minutes: 0, clear_for_minutes: 5, minimum_sample: 50}
            """, file: "pitwall.yaml", environment: ["HOOK_SECRET": Self.secret]
        ).pitwall
    }

    /// `count` texts today to one lead at `store`, `failed` of them failed.
    func texts(lead: String, count: Int, failed: Int, at base: Timestamp, store: StoreID = "lkt") -> [Event] {
        var make = EventFactory(lead: LeadID(lead), base: base)
        var events = [make.created(0, store: store)]
        for index in 0..<count {
            events.append(make.sent(Double(index), message: "\(lead)-m\(index)"))
            events.append(make.status(Double(index) + 1, message: "\(lead)-m\(index)", index < failed ? .failed : .delivered))
        }
        return events
    }

    func verify(_ request: ReceivedRequests.Received) -> Bool {
        guard let timestamp = request.timestamp, let signature = request.signature, signature.hasPrefix("v1=") else { return false }
        let expected = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(request.body)".utf8), using: SymmetricKey(data: Data(Self.secret.utf8)))
        return String(signature.dropFirst(3)) == expected.map { String(format: "%02x", $0) }.joined()
    }

    func alerts(in request: ReceivedRequests.Received) -> [[String: Any]] {
        ((try? JSONSerialization.jsonObject(with: Data(request.body.utf8))) as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
    }

    @Test("critical with enough data: one signed webhook, a reminder after the interval, quiet after acknowledgement, and the resolve")
    func lifecycle() async throws {
        let received = ReceivedRequests()
        try await runReceiver(received) { port in
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let store = try SQLiteStore(path: folder.file("p.sqlite"))
            let clock = ManualClock()
            clock.set(try Timestamp(rfc3339: "2026-03-02T12:00:00Z"))
            let dependencies = AppDependencies(store: store, clock: clock, configuration: try configuration(port: port))
            let watch = dependencies.alertWatch(retryDelays: [.milliseconds(5)])
            func evaluate(after minutes: Double) async throws {
                clock.advance(seconds: minutes * 60)
                try await watch.evaluate(now: clock.now())
            }
            _ = try await store.ingest(texts(lead: "L-1", count: 100, failed: 30, at: try Timestamp(rfc3339: "2026-03-02T09:00:00Z")), at: clock.now())

            try await evaluate(after: 0)
            var requests = await received.requests
            #expect(requests.count == 1)
            #expect(verify(requests[0]))
            let firing = alerts(in: requests[0])
            #expect(firing.compactMap { $0["kind"] as? String } == ["firing"])
            #expect(firing.first?["severity"] as? String == "critical")
            #expect(firing.first?["acknowledge_url"] as? String == "https://pitwall.example.com/v1/alerts/message_failure_rate:store=lkt/ack")

            try await evaluate(after: 5)
            #expect(await received.requests.count == 1)  // within the repeat interval
            try await evaluate(after: 5)
            requests = await received.requests
            #expect(requests.count == 2)
            #expect(alerts(in: requests[1]).compactMap { $0["kind"] as? String } == ["reminder"])
            #expect(verify(requests[1]))

            let acknowledged = try await store.acknowledgeAlert(
                "message_failure_rate:store=lkt", AlertAcknowledgement(by: "bdc-manager", at: clock.now(), comment: "carrier ticket", until: nil))
            #expect(acknowledged?.acknowledgement != nil)
            try await evaluate(after: 11)
            try await evaluate(after: 11)
            #expect(await received.requests.count == 2)  // acknowledged: no reminders

            // 400 good texts bring the rate to 6 %: clear, and after 5 minutes resolved.
            _ = try await store.ingest(texts(lead: "L-2", count: 400, failed: 0, at: try Timestamp(rfc3339: "2026-03-02T10:00:00Z")), at: clock.now())
            try await evaluate(after: 1)
            #expect(await received.requests.count == 2)
            await received.failNext(1)  // the receiver hiccups once; the retry gets through
            try await evaluate(after: 5)
            requests = await received.requests
            #expect(requests.count == 4)
            #expect(alerts(in: requests[3]).compactMap { $0["kind"] as? String } == ["resolved"])
            #expect(verify(requests[3]))

            let log = try await store.auditLog(after: 0, limit: 100).map(\.action)
            #expect(log == ["alert.firing", "notification.sent", "notification.sent", "alert.acknowledged", "alert.resolved", "notification.sent"])
            let attempts = try await store.auditLog(after: 0, limit: 100).last?.detail
            #expect(attempts?.contains("2 attempts") == true)
        }
    }

    @Test("1 opt-out in 3 contacted leads sends nothing: no data is not an alarm")
    func smallSample() async throws {
        let received = ReceivedRequests()
        try await runReceiver(received) { port in
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let store = try SQLiteStore(path: folder.file("p.sqlite"))
            let clock = ManualClock()
            clock.set(try Timestamp(rfc3339: "2026-03-04T12:00:00Z"))
            var configuration = try configuration(port: port)
            configuration.alertRules = AlertRule.sopDefaultsFiringAtOnce
            var events: [Event] = []
            for (index, stops) in [true, false, false].enumerated() {
                var make = EventFactory(lead: LeadID("L-\(index)"), base: try Timestamp(rfc3339: "2026-03-02T15:00:00Z"))
                events += [make.created(0, store: "lkt"), make.sent(30, message: "m-\(index)")]
                if stops { events.append(make.received(90, message: "r-\(index)", body: "STOP")) }
            }
            _ = try await store.ingest(events, at: clock.now())
            let dependencies = AppDependencies(store: store, clock: clock, configuration: configuration)
            try await dependencies.alertWatch(retryDelays: []).evaluate(now: clock.now())
            let statuses = try await store.alertStatuses()
            #expect(statuses.first { $0.id == "opt_out_rate:store=lkt" }?.condition == .noData)
            #expect(statuses.first { $0.id == "opt_out_rate:store=lkt" }?.measurement?.value == 1.0 / 3)
            #expect(await received.requests.isEmpty)
        }
    }
}

@Suite("Notification messages")
struct NotificationMessageTests {
    @Test("the chat text names the store, the severity, the situation and how to acknowledge")
    func text() {
        let notice = AlertNotice(
            kind: .firing, alertID: "opt_out_rate:store=lkt", ruleID: "opt_out_rate", name: "Opt-out rate", segment: AlertSegment(store: "lkt"),
            severity: .critical, text: "Opt-out rate is 12% on 1000 (critical above 8%)", measurement: nil)
        let batch = NotificationBatch(
            channel: NotificationChannel(name: "floor", kind: .slack(url: "http://127.0.0.1:9/x")), store: "lkt", storeName: "Lakeside Toyota",
            notices: [notice], at: Timestamp(millisecondsSinceEpoch: 0))
        #expect(
            NotificationMessage.text(batch, linkBase: "https://pitwall.example.com/") == """
                Pitwall: Lakeside Toyota
                [CRITICAL] Opt-out rate is 12% on 1000 (critical above 8%)
                  acknowledge: POST https://pitwall.example.com/v1/alerts/opt_out_rate:store=lkt/ack
                """)
    }
}

extension NotificationMessageTests {
    @Test("a message about several stores counts them in its subject and names the store on each line")
    func severalStores() {
        func notice(_ store: StoreID, _ name: String, _ text: String) -> AlertNotice {
            AlertNotice(
                kind: .firing, alertID: "receipts_missing:store=\(store.rawValue),channel=sms", ruleID: "receipts_missing", name: "Delivery receipts missing",
                segment: AlertSegment(store: store), severity: .critical, text: text, measurement: nil, storeName: name)
        }
        let batch = NotificationBatch(
            channel: NotificationChannel(name: "platform", kind: .slack(url: "http://127.0.0.1:9/x")), store: nil, storeName: nil,
            notices: [
                notice("lkt", "Lakeside Toyota", "20 of the latest 20 texts still have no delivery receipt"),
                notice("smf", "Summit Ford", "18 of the latest 20 texts still have no delivery receipt"),
            ], at: Timestamp(millisecondsSinceEpoch: 0))
        #expect(NotificationMessage.subject(batch) == "Pitwall [CRITICAL] 2 stores: Delivery receipts missing")
        #expect(
            NotificationMessage.text(batch, linkBase: nil) == """
                Pitwall: 2 stores
                [CRITICAL] Lakeside Toyota: 20 of the latest 20 texts still have no delivery receipt
                [CRITICAL] Summit Ford: 18 of the latest 20 texts still have no delivery receipt
                """)
        // With Pitwall's address known, each line's acknowledgement, then one request to acknowledge them all and one to pause the rule's pages everywhere.
        #expect(
            NotificationMessage.text(batch, linkBase: "https://pitwall.example.com").hasSuffix(
                """
                [CRITICAL] Summit Ford: 18 of the latest 20 texts still have no delivery receipt
                  acknowledge: POST https://pitwall.example.com/v1/alerts/receipts_missing:store=smf,channel=sms/ack
                acknowledge every Delivery receipts missing alert: POST https://pitwall.example.com/v1/alerts/ack {"rule_id": "receipts_missing"}
                pause its pages at every store for 2 hours: POST https://pitwall.example.com/v1/silences {"rule_id": "receipts_missing", "minutes": 120}
                """))
        let json = NotificationMessage.json(batch, linkBase: nil)
        #expect(json.contains(#""store_id":null"#) && json.contains(#""store_name":"Summit Ford""#))
    }
}

@Suite("Silences")
struct SilenceTests {
    @Test("a silenced alert pages nobody; when the silence is ended early, the alert still firing is announced; all of it is in the audit log")
    func silence() async throws {
        let received = ReceivedRequests()
        try await runReceiver(received) { port in
            let configuration = try NotificationTests().configuration(port: port)
            let app = try await TestApp.make(configuration: configuration)
            app.clock.set(try Timestamp(rfc3339: "2026-03-02T12:00:00Z"))
            _ = try await app.store.ingest(
                NotificationTests().texts(lead: "L-1", count: 100, failed: 30, at: try Timestamp(rfc3339: "2026-03-02T09:00:00Z")), at: app.clock.now())
            let watch = app.dependencies.alertWatch(retryDelays: [])
            let manager = try await TokenIssuer(store: app.store, clock: app.clock).issue(scope: .manage, name: "bdc-manager")
            let headers = app.headers(bearer: manager)

            try await app.run { client in
                let body = ByteBuffer(string: #"{"rule_id":"message_failure_rate","store_id":"lkt","minutes":120,"comment":"carrier maintenance"}"#)
                let id = try await client.execute(uri: "/v1/silences", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .created)
                    return try #require(response.json["id"] as? String)
                }
                try await client.execute(uri: "/v1/silences", method: .post, headers: headers, body: ByteBuffer(string: #"{"rule_id":"nope","minutes":5}"#)) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.text.contains("rule_id: 'nope' is not a rule"))
                }
                try await client.execute(uri: "/v1/silences", method: .post, headers: app.headers(.read), body: body) { response in
                    #expect(response.status == .forbidden)
                }
                try await watch.evaluate(now: app.clock.now())
                #expect(await received.requests.isEmpty)  // firing, but silenced

                app.clock.advance(seconds: 600)
                try await client.execute(uri: "/v1/silences/\(id)", method: .delete, headers: headers) { response in
                    #expect(response.status == .ok)
                }
                try await client.execute(uri: "/v1/silences", method: .get, headers: app.headers(.read)) { response in
                    #expect((response.json["silences"] as? [Any])?.isEmpty == true)
                }
                try await watch.evaluate(now: app.clock.now())
                let requests = await received.requests
                #expect(requests.count == 1)
                #expect(NotificationTests().alerts(in: requests[0]).compactMap { $0["kind"] as? String } == ["firing"])
                let actions = try await app.store.auditLog(after: 0, limit: 100).map(\.action)
                #expect(actions == ["silence.created", "alert.firing", "silence.ended", "notification.sent"])
            }
        }
    }
}

@Suite("Speed-to-lead escalations through the notification channels")
struct EscalationNotificationTests {
    @Test("a hot lead at half its SLA pages once, its breach once more, with the link to acknowledge it")
    func escalations() async throws {
        let received = ReceivedRequests()
        try await runReceiver(received) { port in
            let configuration = try NotificationTests().configuration(port: port)
            let app = try await TestApp.make(configuration: configuration)
            var make = EventFactory(lead: "L-hot", base: app.clock.now())
            _ = try await app.store.ingest([make.created(0, store: "lkt", tier: .hot)], at: app.clock.now())
            let watch = app.dependencies.escalationWatch(retryDelays: [])
            defer { app.folder.remove() }

            app.clock.advance(seconds: 100)
            try await watch.evaluate(now: app.clock.now())
            #expect(await received.requests.isEmpty)  // a third of the SLA: nothing yet
            app.clock.advance(seconds: 60)
            try await watch.evaluate(now: app.clock.now())
            try await watch.evaluate(now: app.clock.now())
            var requests = await received.requests
            #expect(requests.count == 1)
            let first = NotificationTests().alerts(in: requests[0])
            #expect(first.first?["name"] as? String == "Lead waiting")
            #expect(first.first?["severity"] as? String == "warning")
            #expect(first.first?["acknowledge_url"] as? String == "https://pitwall.example.com/v1/sla/escalations/escalation:L-hot/ack")
            #expect(NotificationTests().verify(requests[0]))

            app.clock.advance(seconds: 150)
            try await watch.evaluate(now: app.clock.now())
            requests = await received.requests
            #expect(requests.count == 2)
            #expect(NotificationTests().alerts(in: requests[1]).first?["name"] as? String == "SLA breached")
            let actions = try await app.store.auditLog(after: 0, limit: 20).map(\.action)
            #expect(actions == ["escalation.raised", "notification.sent", "breach.recorded", "notification.sent"])
        }
    }
}
