import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallTestSupport
import Testing

@testable import PitwallServer

/// A client that retries a silence or a token issue with the same `Idempotency-Key` makes
/// one, however many times the answer is lost.
@Suite("Idempotency-Key: a retried silence or token issue makes nothing twice")
struct IdempotencyAPITests {
    static let silence = #"{"rule_id": "opt_out_rate", "store_id": "lkt", "minutes": 60, "comment": "promo blast"}"#

    func headers(_ app: TestApp, _ scope: AccessScope, key: String?) -> HTTPFields {
        var fields = app.headers(scope)
        if let key { fields[IdempotentRequest.header] = key }
        return fields
    }

    @Test("a silence sent twice with one key is made once and answered the same; another body with that key is refused, another token's key is its own")
    func silences() async throws {
        var configuration = PitwallConfiguration()
        configuration.alertRules = AlertRule.sopDefaults
        let app = try await TestApp.make(configuration: configuration)
        try await app.run { client in
            let body = ByteBuffer(string: Self.silence)
            let first = try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "retry-1"), body: body)
            #expect(first.status == .created)
            #expect(first.headers[IdempotentRequest.replayedHeader] == nil)
            let again = try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "retry-1"), body: body)
            #expect(again.status == .created && again.text == first.text, "\(again.text)")
            #expect(again.headers[IdempotentRequest.replayedHeader] == "true")
            #expect(try await app.store.silences(endingAfter: app.clock.now()).count == 1)

            let otherBody = try await client.execute(
                uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "retry-1"),
                body: ByteBuffer(string: #"{"rule_id": "opt_out_rate", "minutes": 5}"#))
            #expect(otherBody.status == .unprocessableContent)
            #expect(otherBody.errorCode == "idempotency_key_reused")
            #expect(try await app.store.silences(endingAfter: app.clock.now()).count == 1)
            // The same key from another token is another key; without a key every request makes one.
            #expect(try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .admin, key: "retry-1"), body: body).status == .created)
            #expect(try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: nil), body: body).status == .created)
            #expect(try await app.store.silences(endingAfter: app.clock.now()).count == 3)

            // A refused request makes nothing, so its key is free for the corrected one.
            let refused = try await client.execute(
                uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "retry-2"), body: ByteBuffer(string: #"{"rule_id": "opt_out_rate"}"#))
            #expect(refused.status == .badRequest)
            let corrected = try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "retry-2"), body: body)
            #expect(corrected.status == .created && corrected.headers[IdempotentRequest.replayedHeader] == nil)
            let malformed = try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "two words"), body: body)
            #expect(malformed.status == .badRequest && malformed.errorMessage == "Idempotency-Key: 1 to 255 visible ASCII characters, such as a UUID")
            // A first request cut off half-way (a crash) holds its key for a minute, then the retry goes ahead.
            let caller = TokenIssuer.hash(app.tokens[.manage]!)
            let fingerprint = HexDigest.sha256(Data("POST /v1/silences\n\(Self.silence)".utf8))
            let cutOff = IdempotencyRecord(
                keyHash: HexDigest.sha256(Data((caller + "\ncrashed").utf8)), caller: caller, fingerprint: fingerprint, createdAt: app.clock.now())
            #expect(try await app.store.claimIdempotencyKey(cutOff, forgettingBefore: app.clock.now().adding(seconds: -86_400)) == nil)
            let running = try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "crashed"), body: body)
            #expect(running.status == .conflict && running.errorCode == "idempotent_request_in_progress" && running.headers[.retryAfter] == "1")
            app.clock.advance(seconds: 61)
            #expect(try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "crashed"), body: body).status == .created)
            // A day on, the key may be used again.
            app.clock.advance(seconds: 86_401)
            #expect(try await client.execute(uri: "/v1/silences", method: .post, headers: headers(app, .manage, key: "retry-1"), body: body).headers[IdempotentRequest.replayedHeader] == nil)
        }
    }

    @Test("a token issue retried with its key issues no second token: the retry is told which token the first made, and that its secret was shown once")
    func tokens() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let body = ByteBuffer(string: #"{"scope": "ingest", "name": "crm-feed", "stores": ["lkt"]}"#)
            let first = try await client.execute(uri: "/v1/tokens", method: .post, headers: headers(app, .admin, key: "issue-crm-feed"), body: body)
            #expect(first.status == .created)
            let issued = try #require(first.json["token"] as? [String: Any])
            #expect(first.json["secret"] is String)
            let retry = try await client.execute(uri: "/v1/tokens", method: .post, headers: headers(app, .admin, key: "issue-crm-feed"), body: body)
            #expect(retry.status == .conflict)
            #expect(retry.errorCode == "already_issued")
            #expect(retry.json["secret"] == nil && !retry.text.contains("pw_"), "the secret is never kept, so never shown again")
            let named = try #require(retry.json["token"] as? [String: Any])
            #expect(named["id"] as? String == issued["id"] as? String && named["name"] as? String == "crm-feed")
            let listed = try await client.execute(uri: "/v1/tokens", method: .get, headers: app.headers(.admin))
            let feeds = ((listed.json["tokens"] as? [[String: Any]]) ?? []).filter { $0["name"] as? String == "crm-feed" }
            #expect(feeds.count == 1)
        }
    }
}
