import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
@testable import PitwallServer
import PitwallSQLite
import PitwallTestSupport
import Testing

@Suite("Twilio callbacks: signatures as Twilio specifies, statuses, inbound texts")
struct TwilioHookTests {
    // Twilio's published request-validator test vector (twilio-python's tests).
    static let vectorURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let vectorParameters = [
        ("CallSid", "CA1234567890ABCDE"), ("Digits", "1234"), ("From", "+14158675309"), ("To", "+18005551212"), ("Caller", "+14158675309"),
    ]

    @Test("the published test vector: parameters, repeated parameters, ports either way, and a JSON body")
    func publishedVector() {
        #expect(TwilioSignature.compute(url: Self.vectorURL, parameters: Self.vectorParameters, authToken: "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        #expect(TwilioSignature.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.vectorURL, parameters: Self.vectorParameters, body: nil, authToken: "12345"))
        let repeated = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]
        #expect(TwilioSignature.compute(url: Self.vectorURL, parameters: repeated, authToken: "12345") == "IK+Dwps556ElfBT0I3Rgjkr1wJU=")
        // A port in the URL that Twilio signed without, and the default port Twilio signed with.
        let withPort = Self.vectorURL.replacingOccurrences(of: ".com", with: ".com:1234")
        #expect(TwilioSignature.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: withPort, parameters: Self.vectorParameters, body: nil, authToken: "12345"))
        #expect(TwilioSignature.isValid(signature: "kvajT1Ptam85bY51eRf/AJRuM3w=", url: Self.vectorURL, parameters: Self.vectorParameters, body: nil, authToken: "12345"))
        let http = Self.vectorURL.replacingOccurrences(of: "https", with: "http")
        #expect(TwilioSignature.isValid(signature: "0ZXoZLH/DfblKGATFgpif+LLRf4=", url: http, parameters: Self.vectorParameters, body: nil, authToken: "12345"))
        #expect(
            TwilioSignature.isValid(
                signature: "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", url: http.replacingOccurrences(of: ".com", with: ".com:1234"), parameters: Self.vectorParameters,
                body: nil, authToken: "12345"))
        // The JSON variant: the body's SHA-256 in the URL, the URL alone signed.
        let body = Data(#"{"property": "value", "boolean": true}"#.utf8)
        let bodyURL = Self.vectorURL + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        #expect(TwilioSignature.isValid(signature: "a9nBmqA0ju/hNViExpshrM61xv4=", url: bodyURL, parameters: [], body: body, authToken: "12345"))
        #expect(!TwilioSignature.isValid(signature: "a9nBmqA0ju/hNViExpshrM61xv4=", url: bodyURL, parameters: [], body: Data("{}".utf8), authToken: "12345"))
        // Wrong token, changed parameter: refused.
        #expect(!TwilioSignature.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.vectorURL, parameters: Self.vectorParameters, body: nil, authToken: "54321"))
        #expect(
            !TwilioSignature.isValid(
                signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.vectorURL, parameters: Self.vectorParameters.dropLast() + [("Caller", "+1")], body: nil,
                authToken: "12345"))
    }

    @Test("every Twilio message status has a meaning; inbound ones are not delivery reports")
    func statuses() {
        #expect(TwilioCallback.statuses.count == 13)
        #expect(TwilioCallback.deliveryStatus("delivered") == .delivered)
        #expect(TwilioCallback.deliveryStatus("read") == .delivered)
        #expect(TwilioCallback.deliveryStatus("partially_delivered") == .undelivered)
        #expect(TwilioCallback.deliveryStatus("canceled") == .failed)
        #expect(TwilioCallback.deliveryStatus("accepted") == .queued)
        #expect(TwilioCallback.deliveryStatus("sending") == .sent)
        #expect(TwilioCallback.deliveryStatus("received") == nil)
    }

    static let token = "lkt-auth-token-for-tests"
    static let base = "https://pitwall.example.com"

    func app() async throws -> TestApp {
        let configuration = try ConfigurationFile.parse(
            """
            stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}, {id: hph, name: Harbor Point Honda}]
            twilio:
              public_url: \(Self.base)/
              accounts:
                - {store: lkt, auth_token: \(Self.token)}
                - {store: hph, auth_token: another-stores-token}
            """, file: "test.yaml"
        ).pitwall
        let app = try await TestApp.make(configuration: configuration)
        let now = app.clock.now().rfc3339
        let events = """
            {"id":"c1","type":"lead.created","occurred_at":"\(now)","lead_id":"L-1","store_id":"lkt","source":"website","contact":{"phone":"(312) 555-0101"}}
            {"id":"s1","type":"message.sent","occurred_at":"\(now)","lead_id":"L-1","message_id":"SM-1","channel":"sms","sender":"ai"}
            """
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data(events.utf8)), at: app.clock.now())
        return app
    }

    /// Posts a form signed by Twilio's own Python library, as Twilio would.
    func post(_ client: LiveClient, _ path: String, _ parameters: [(String, String)], signedURL: String? = nil, token: String = token) async throws -> LiveResponse {
        let pairs = String(decoding: try JSONSerialization.data(withJSONObject: parameters.map { [$0.0, $0.1] }), as: UTF8.self)
        let signed = try await PythonScript.run("Integrations/twilio_sign.py", arguments: [signedURL ?? Self.base + path, token, pairs])
        #expect(signed.status == 0, "\(signed.text)")
        let body = parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(
            uri: path, method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-Twilio-Signature")!: signed.text.trimmingCharacters(in: .whitespacesAndNewlines)],
            body: ByteBuffer(string: body))
    }

    @Test("a status callback signed by Twilio's library updates the message, keeps the error code, and a retry is a duplicate")
    func statusCallback() async throws {
        let app = try await app()
        try await app.run { client in
            let parameters = [
                ("AccountSid", "AC123"), ("MessageSid", "SM-1"), ("MessageStatus", "undelivered"), ("ErrorCode", "30003"), ("From", "+13125550000"),
                ("To", "+13125550101"), ("ApiVersion", "2010-04-01"),
            ]
            let first = try await post(client, "/hooks/twilio/status", parameters)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["disposition"] as? String == "accepted")
            let lead = try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read))
            let message = try #require((lead.json["messages"] as? [[String: Any]])?.first)
            #expect(message["status"] as? String == "undelivered")
            #expect(message["error_code"] as? String == "30003")
            let before = try await app.store.totals().events
            app.clock.advance(seconds: 30)
            let retry = try await post(client, "/hooks/twilio/status", parameters)
            #expect(retry.json["disposition"] as? String == "duplicate")
            #expect(try await app.store.totals().events == before)
            // Signed with the default port written out: the same URL to Twilio.
            let explicitPort = try await post(
                client, "/hooks/twilio/status", [("MessageSid", "SM-1"), ("MessageStatus", "delivered")], signedURL: "https://pitwall.example.com:443/hooks/twilio/status")
            #expect(explicitPort.status == .ok)
        }
    }

    @Test("a missing, forged or other account's signature gets 403 and nothing is stored")
    func refused() async throws {
        let app = try await app()
        try await app.run { client in
            let before = try await app.store.totals().events
            let unsigned = try await client.execute(
                uri: "/hooks/twilio/status", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "MessageSid=SM-1&MessageStatus=failed"))
            #expect(unsigned.status == .forbidden)
            #expect(unsigned.errorMessage?.contains("missing X-Twilio-Signature") == true)
            let forged = try await post(client, "/hooks/twilio/status", [("MessageSid", "SM-1"), ("MessageStatus", "failed")], token: "not-the-token")
            #expect(forged.status == .forbidden)
            #expect(forged.errorMessage?.contains("does not match") == true)
            // Signed for another address than the one Twilio is configured with.
            let elsewhere = try await post(
                client, "/hooks/twilio/status", [("MessageSid", "SM-1"), ("MessageStatus", "failed")], signedURL: "https://evil.example.com/hooks/twilio/status")
            #expect(elsewhere.status == .forbidden)
            #expect(try await app.store.totals().events == before)
            let unknownStatus = try await post(client, "/hooks/twilio/status", [("MessageSid", "SM-1"), ("MessageStatus", "exploded")])
            #expect(unknownStatus.status == .badRequest)
            #expect(unknownStatus.errorMessage?.hasPrefix("MessageStatus: 'exploded' is not one of Twilio's") == true)
        }
    }

    @Test("an incoming text finds the lead by the sender's number, answers empty TwiML, and STOP opts the lead out")
    func inbound() async throws {
        let app = try await app()
        try await app.run { client in
            let reply = try await post(
                client, "/hooks/twilio/inbound",
                [("MessageSid", "SM-in-1"), ("From", "+13125550101"), ("To", "+13125550000"), ("Body", "Is it still available?"), ("NumMedia", "0")])
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType]?.hasPrefix("text/xml") == true)
            #expect(reply.text == TwilioHooksController.emptyTwiML)
            let stop = try await post(client, "/hooks/twilio/inbound", [("MessageSid", "SM-in-2"), ("From", "+13125550101"), ("Body", "STOP")])
            #expect(stop.status == .ok)
            let lead = try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read)).json
            #expect(lead["inbound_count"] as? Int == 2)
            #expect(lead["opted_out_at"] as? String != nil)
            // A number nobody has: still a polite empty answer, nothing stored.
            let before = try await app.store.totals().events
            let stranger = try await post(client, "/hooks/twilio/inbound", [("MessageSid", "SM-in-3"), ("From", "+16505550199"), ("Body", "hi")])
            #expect(stranger.status == .ok)
            #expect(try await app.store.totals().events == before)
        }
    }
}
