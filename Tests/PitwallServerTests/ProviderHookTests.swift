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

@Suite("Bandwidth and Telnyx callbacks: authenticated, mapped, stored once")
struct ProviderHookTests {
    static let leadEvents = """
        {"id":"c1","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"L-1","store_id":"lkt","source":"web","contact":{"phone":"(312) 867-5309"}}
        {"id":"s1","type":"message.sent","occurred_at":"2026-03-02T15:00:30Z","lead_id":"L-1","message_id":"MSG-1","channel":"sms","sender":"ai"}
        """

    static func app(_ yaml: String) async throws -> TestApp {
        let configuration = try ConfigurationFile.parse(
            "stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]\n" + yaml, file: "t.yaml", environment: ["BW_PASSWORD": "s3cret:with-colon"]
        ).pitwall
        let app = try await TestApp.make(configuration: configuration)
        app.clock.set(try Timestamp(rfc3339: "2026-03-02T15:10:00Z"))
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data(leadEvents.utf8)), at: app.clock.now())
        return app
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    static func types(_ app: TestApp) async throws -> [String] {
        try await app.store.events(of: "L-1").map { stored in
            guard case .string(let status)? = stored.event.extras["provider_status"] else { return stored.event.type.rawValue }
            return stored.event.type.rawValue + ":" + status
        }
    }

    @Test("Bandwidth: basic auth with the configured callback credentials; delivered, failed with its code, and an incoming text")
    func bandwidth() async throws {
        let app = try await Self.app("bandwidth: {accounts: [{store: lkt, username: pitwall, password_env: BW_PASSWORD}]}")
        let body = """
            [{"type":"message-delivered","time":"2026-03-02T15:00:35.120Z","description":"ok","to":"+13128675309","message":{"id":"MSG-1","direction":"out","from":"+13125550000","text":"Hi"}},
             {"type":"message-failed","time":"2026-03-02T15:01:00Z","errorCode":4432,"to":"+13128675309","message":{"id":"MSG-9","direction":"out"}},
             {"type":"message-received","time":"2026-03-02T15:02:00Z","to":"+13125550000","message":{"id":"IN-1","direction":"in","from":"+1 312 867 5309","text":"Yes please"}},
             {"type":"message-sending","time":"2026-03-02T15:00:31Z","message":{"id":"MSG-1","direction":"out"}},
             {"type":"message-duplicated","time":"2026-03-02T15:00:31Z","message":{"id":"MSG-1"}}]
            """
        try await app.run { client in
            var headers: HTTPFields = [.contentType: "application/json", .authorization: Self.basic("pitwall", "s3cret:with-colon")]
            let answer = try await client.execute(uri: "/hooks/bandwidth", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(answer.status == .ok)
            let results = try #require(answer.json["results"] as? [[String: Any]])
            #expect(results.map { $0["disposition"] as? String } == ["accepted", "held", "accepted", "accepted"])
            #expect(answer.json["skipped"] as? [String] == ["message-duplicated"])
            #expect(try await Self.types(app) == [
                "lead.created", "message.sent", "message.status:message-sending", "message.status:message-delivered", "message.received",
            ])
            let delivered = try await app.store.events(of: "L-1").first { $0.event.id == "bandwidth:status:MSG-1:message-delivered" }
            #expect(delivered?.event.occurredAt == (try Timestamp(rfc3339: "2026-03-02T15:00:35.120Z")))
            let lead = try #require(try await app.store.leadRecords("L-1"))
            #expect(lead.messages.first { $0.key.messageID == "MSG-1" }?.status == .delivered)

            // Bandwidth retries until it gets a 2xx: the same callback stores nothing new.
            let retry = try await client.execute(uri: "/hooks/bandwidth", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect((retry.json["results"] as? [[String: Any]])?.compactMap { $0["disposition"] as? String } == ["duplicate", "held", "duplicate", "duplicate"])
            // The engineers' counters: three stored, then three repeats; held callbacks are not events yet.
            let counted = try await client.execute(uri: "/metrics", method: .get).text
            #expect(counted.contains(#"via="provider",outcome="accepted"} 3"#) && counted.contains(#"via="provider",outcome="duplicate"} 3"#), "\(counted)")

            headers[.authorization] = Self.basic("pitwall", "guess")
            let refused = try await client.execute(uri: "/hooks/bandwidth", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate] == #"Basic realm="pitwall-bandwidth""#)
            headers[.authorization] = nil
            #expect(try await client.execute(uri: "/hooks/bandwidth", method: .post, headers: headers, body: ByteBuffer(string: body)).status == .unauthorized)
            headers[.authorization] = Self.basic("pitwall", "s3cret:with-colon")
            let broken = try await client.execute(uri: "/hooks/bandwidth", method: .post, headers: headers, body: ByteBuffer(string: #"[{"time":"x"}]"#))
            #expect(broken.status == .badRequest)
            #expect(broken.errorMessage == "[0].type: missing; every Bandwidth event names its type")
            #expect(try await app.store.totals().events == 5)
        }
    }

    /// 2026-03-02T15:00:00Z in Unix seconds.
    static let signedAt = "1772463600"
    @Test("a delivery report before its message.sent and a text before its lead are held, then stored when they arrive, dated when they came; after a week they are given up")
    func heldUntilTheLeadArrives() async throws {
        let app = try await Self.app("bandwidth: {accounts: [{store: lkt, username: pitwall, password_env: BW_PASSWORD}]}")
        let early = """
            [{"type":"message-delivered","time":"2026-03-02T15:09:00Z","message":{"id":"MSG-LATE","direction":"out"}},
             {"type":"message-received","message":{"id":"IN-EARLY","direction":"in","from":"+1 312 290 1234","text":"Hi, is it available?"}},
             {"type":"message-delivered","time":"2026-03-02T15:09:30Z","message":{"id":"MSG-NEVER","direction":"out"}}]
            """
        try await app.run { client in
            let headers: HTTPFields = [.contentType: "application/json", .authorization: Self.basic("pitwall", "s3cret:with-colon")]
            let held = try await client.execute(uri: "/hooks/bandwidth", method: .post, headers: headers, body: ByteBuffer(string: early))
            #expect((held.json["results"] as? [[String: Any]])?.compactMap { $0["disposition"] as? String } == ["held", "held", "held"])
            #expect(try await app.store.heldCallbacks(limit: 10).count == 3)
            // The engineers see the pile grow on /metrics.
            let scrape = try await client.execute(uri: "/metrics", method: .get).text
            #expect(scrape.contains("pitwall_held_provider_callbacks 3"))

            // The CRM's events catch up a minute later.
            app.clock.advance(seconds: 60)
            let late = """
                {"id":"s-late","type":"message.sent","occurred_at":"2026-03-02T15:08:50Z","lead_id":"L-1","message_id":"MSG-LATE","channel":"sms","sender":"agent","agent_id":"amy"}
                {"id":"c2","type":"lead.created","occurred_at":"2026-03-02T15:09:40Z","lead_id":"L-2","store_id":"lkt","source":"web","contact":{"phone":"312-290-1234"}}
                """
            let answer = try await client.execute(
                uri: "/v1/events", method: .post, headers: app.headers(.ingest, contentType: "application/x-ndjson"), body: ByteBuffer(string: late))
            #expect(answer.json["accepted"] as? Int == 2)
            let delivered = try #require(try await app.store.leadRecords("L-1")?.messages.first { $0.key.messageID == "MSG-LATE" })
            let reportedAt = try Timestamp(rfc3339: "2026-03-02T15:09:00Z")
            #expect(delivered.status == .delivered && delivered.statusAt == reportedAt)
            let reply = try #require(try await app.store.events(of: "L-2").first { $0.event.type == .messageReceived })
            // Bandwidth gave no time for the text: it keeps the time it arrived, not the time it was matched.
            #expect(reply.event.occurredAt == (try Timestamp(rfc3339: "2026-03-02T15:10:00Z")))
            #expect(try await app.store.heldCallbacks(limit: 10).map(\.key) == ["bandwidth:status:MSG-NEVER:message-delivered"])

            // A week and a day later the last one is given up when events next arrive; its message then stores nothing.
            app.clock.advance(seconds: 8 * 86_400)
            let unrelated = #"{"id":"s-other","type":"message.sent","occurred_at":"2026-03-10T15:00:00Z","lead_id":"L-2","message_id":"MSG-OTHER","channel":"sms","sender":"ai"}"#
            _ = try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: unrelated))
            #expect(try await app.store.heldCallbacks(limit: 10).isEmpty)
            let never = #"{"id":"s-never","type":"message.sent","occurred_at":"2026-03-02T15:09:10Z","lead_id":"L-1","message_id":"MSG-NEVER","channel":"sms","sender":"ai"}"#
            _ = try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: never))
            #expect(try await app.store.leadRecords("L-1")?.messages.first { $0.key.messageID == "MSG-NEVER" }?.status == nil)
        }
    }

    static let seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

    static func telnyx(_ type: String, id: String, extra: String) -> String {
        #"{"data":{"event_type":"\#(type)","id":"evt-\#(id)","occurred_at":"2026-03-02T15:00:36.000+00:00","payload":{"id":"\#(id)",\#(extra)},"record_type":"event"},"meta":{"attempt":1}}"#
    }

    @Test("Telnyx: Ed25519 over timestamp|body checked against a key made by the cryptography package; replays and forgeries refused")
    func telnyx() async throws {
        let delivered = Self.telnyx("message.finalized", id: "MSG-1", extra: #""direction":"outbound","to":[{"phone_number":"+13128675309","status":"delivered"}],"errors":[]"#)
        let signedDelivered = try await PythonScript.run("Integrations/ed25519_sign.py", arguments: [Self.seed, Self.signedAt, delivered])
        try #require(signedDelivered.status == 0, "\(signedDelivered.text)")
        let lines = signedDelivered.text.split(separator: "\n").map(String.init)
        let (publicKey, signature) = (lines[0], lines[1])
        let inbound = Self.telnyx("message.received", id: "IN-7", extra: #""direction":"inbound","from":{"phone_number":"+13128675309"},"text":"STOP""#)
        let inboundSignature = try await PythonScript.run("Integrations/ed25519_sign.py", arguments: [Self.seed, Self.signedAt, inbound]).text.split(separator: "\n")[1]

        let app = try await Self.app("telnyx: {accounts: [{store: lkt, public_key: \"\(publicKey)\"}]}")
        app.clock.set(try Timestamp(rfc3339: "2026-03-02T15:02:00Z"))
        try await app.run { client in
            func post(_ body: String, signature: String) async throws -> LiveResponse {
                let timestamp = Self.signedAt
                let headers: HTTPFields = [
                    .contentType: "application/json", HTTPField.Name("telnyx-signature-ed25519")!: signature, HTTPField.Name("telnyx-timestamp")!: timestamp,
                ]
                return try await client.execute(uri: "/hooks/telnyx", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            let first = try await post(delivered, signature: signature)
            #expect(first.status == .ok)
            #expect((first.json["results"] as? [[String: Any]])?.first?["disposition"] as? String == "accepted")
            #expect(try await post(inbound, signature: String(inboundSignature)).status == .ok)
            #expect(Set(try await Self.types(app)) == ["lead.created", "message.sent", "message.status:delivered", "message.received"])
            #expect((try await post(delivered, signature: signature).json["results"] as? [[String: Any]])?.first?["disposition"] as? String == "duplicate")

            let forged = try await post(delivered.replacingOccurrences(of: "delivered", with: "delivery_failed"), signature: signature)
            #expect(forged.status == .forbidden)
            #expect(forged.errorMessage == "telnyx-signature-ed25519 does not verify with any configured account's public key")
            // The same signed webhook replayed ten minutes later.
            app.clock.set(try Timestamp(rfc3339: "2026-03-02T15:10:01Z"))
            let replay = try await post(delivered, signature: signature)
            #expect(replay.status == .forbidden)
            #expect(replay.errorMessage == "telnyx-timestamp is 601 s from now, more than 300 s: refused as a possible replay")
            #expect(try await client.execute(uri: "/hooks/telnyx", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: delivered)).status == .forbidden)
            #expect(try await app.store.totals().events == 4)
        }
    }

    @Test("the Telnyx and Bandwidth maps cover every status each provider documents")
    func statusMaps() throws {
        #expect(Set(TelnyxCallback.statuses.keys) == ["queued", "sending", "sent", "delivery_unconfirmed", "delivered", "sending_failed", "delivery_failed", "expired"])
        #expect(TelnyxCallback.statuses["delivery_failed"] == .undelivered && TelnyxCallback.statuses["sending_failed"] == .failed)
        #expect(Set(BandwidthCallback.statuses.keys) == ["message-sending", "message-delivered", "message-read", "message-failed"])
        let parsed = try BandwidthCallback.parse(Data(#"[{"type":"message-failed","errorCode":0,"message":{"id":"M"}}]"#.utf8))
        guard case .delivery(let report)? = parsed.updates.first else {
            Issue.record("a failure report")
            return
        }
        #expect(report.errorCode == nil && report.status == .failed && report.at == nil)
    }

    @Test("a callback's error code is kept as text whether sent as a number or a string; a body that is not JSON says where it goes wrong")
    func callbackText() throws {
        func bandwidthCode(_ code: String) throws -> String? {
            let parsed = try BandwidthCallback.parse(Data(#"[{"type":"message-failed","errorCode":\#(code),"message":{"id":"M"}}]"#.utf8))
            guard case .delivery(let report)? = parsed.updates.first else { return "no report" }
            return report.errorCode
        }
        #expect(try bandwidthCode("4432") == "4432")
        #expect(try bandwidthCode(#""4432""#) == "4432")
        let telnyx = try TelnyxCallback.parse(
            Data(#"{"data":{"event_type":"message.finalized","payload":{"id":"T","to":[{"status":"delivery_failed"}],"errors":[{"code":40300}]}}}"#.utf8))
        guard case .delivery(let report)? = telnyx.update else {
            Issue.record("a failure report")
            return
        }
        #expect(report.errorCode == "40300" && report.status == .undelivered)
        #expect(throws: ProviderCallbackProblem("the body is not JSON (the text ends where a value was expected at character 10): Bandwidth sends a JSON array of message events")) {
            try BandwidthCallback.parse(Data(#"[{"type":"#.utf8))
        }
        #expect(throws: ProviderCallbackProblem(#"the body is not a JSON object: Telnyx sends {"data": {...}}"#)) {
            try TelnyxCallback.parse(Data("[1]".utf8))
        }
    }
}
