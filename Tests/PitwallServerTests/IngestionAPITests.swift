import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallPostgres
import PitwallSQLite
import PitwallTestSupport
import Testing

@Suite("POST /v1/events over HTTP")
struct IngestionAPITests {
    @Test("a mixed batch stores exactly the valid events and names the field of each bad one")
    func mixedBatch() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let body = """
                [\(SampleEvents.created("e1")),
                 {"id":"e2","type":"message.sent","occurred_at":"2026-03-02 15:01","lead_id":"L-1","message_id":"m1","channel":"sms","sender":"ai"},
                 {"id":"e3","type":"lead.assigned","occurred_at":"2026-03-02T15:02:00Z","lead_id":"L-1"},
                 {"id":"e4","type":"lead.archived","occurred_at":"2026-03-02T15:03:00Z","lead_id":"L-1"},
                 \(SampleEvents.sent("e5"))]
                """
            try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let json = response.json
                #expect(json["accepted"] as? Int == 2)
                #expect(json["duplicates"] as? Int == 0)
                let rejected = try #require(json["rejected"] as? [[String: Any]])
                #expect(rejected.map { $0["index"] as? Int } == [1, 2, 3])
                #expect(rejected.map { $0["id"] as? String } == ["e2", "e3", "e4"])
                let errors = rejected.compactMap { $0["error"] as? String }
                #expect(errors[0].hasPrefix("occurred_at: '2026-03-02 15:01'"))
                #expect(errors[1] == "agent_id: is required for lead.assigned")
                #expect(errors[2].hasPrefix("type: unknown event type 'lead.archived'"))
            }
            try await client.execute(uri: "/v1/leads/L-1/events", method: .get, headers: app.headers(.read)) { response in
                #expect(response.status == .ok)
                let events = try #require(response.json["events"] as? [[String: Any]])
                #expect(events.compactMap { ($0["event"] as? [String: Any])?["id"] as? String } == ["e1", "e5"])
                // The unknown field travelled through untouched.
                #expect((events[1]["event"] as? [String: Any])?["crm_note"] as? String == "keep me")
            }
        }
    }

    @Test(
        "a batch for a store whose days another process recounted in another time zone is answered 503 configuration_conflict with Retry-After, and nothing of it is stored"
    )
    func configurationConflict() async throws {
        let utc = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!)])
        let losAngeles = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Los_Angeles")!)])
        let app = try await TestApp.make(configuration: utc)
        try await app.run { client in
            func post(_ lead: String) async throws -> LiveResponse {
                let event = #"{"id":"c-\#(lead)","type":"lead.created","occurred_at":"2026-03-03T01:00:00Z","lead_id":"\#(lead)","store_id":"lkt","source":"web"}"#
                return try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: event))
            }
            #expect(try await post("L-1").status == .ok)
            // Another process (a command with the edited configuration file) recounts the store.
            if app.organisation == TenantScope.soleOrganisation {
                _ = try SQLiteStore(path: app.folder.file("pitwall.sqlite"), configuration: losAngeles)
            } else {
                _ = try await PostgresStore.open(try await TestPostgres.database(), organisation: app.organisation, configuration: losAngeles)
            }
            let refused = try await post("L-2")
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "60")
            #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "configuration_conflict")
            #expect(refused.errorMessage?.hasPrefix("store 'lkt': its KPI days in the database were last counted under another configuration than this server's") == true)
            #expect(refused.errorMessage?.contains("restart this server") == true, "\(refused.text)")
            let stored = try await client.execute(uri: "/v1/leads/L-2", method: .get, headers: app.headers(.read))
            #expect(stored.status == .notFound)
        }
    }

    @Test("NDJSON works and a retried batch is all duplicates")
    func ndjsonAndRetry() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let body = ByteBuffer(string: SampleEvents.created("e1") + "\n" + SampleEvents.sent("e2") + "\n")
            let headers = app.headers(.ingest, contentType: "application/x-ndjson")
            try await client.execute(uri: "/v1/events", method: .post, headers: headers, body: body) { response in
                #expect(response.json["accepted"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: headers, body: body) { response in
                #expect(response.json["accepted"] as? Int == 0)
                #expect(response.json["duplicates"] as? Int == 2)
                #expect((response.json["rejected"] as? [Any])?.isEmpty == true)
            }
            // Same id, other content: a conflict, named by line.
            let changed = ByteBuffer(string: SampleEvents.sent("e2", message: "m9") + "\n")
            try await client.execute(uri: "/v1/events", method: .post, headers: headers, body: changed) { response in
                let rejected = response.json["rejected"] as? [[String: Any]]
                #expect(rejected?.first?["line"] as? Int == 1)
                #expect((rejected?.first?["error"] as? String)?.hasPrefix("id: already used by a different event") == true)
            }
            try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read)) { response in
                #expect(response.json["outbound_count"] as? Int == 1)
                #expect(response.json["first_response_seconds"] as? Double == 40)
            }
        }
    }

    @Test("survey answers: a score off its scale is refused by line and field, the rest kept; the lead and the scorecard read each question's latest answer")
    func surveyAnswers() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            func answer(_ id: String, at time: String, _ scores: String) -> String {
                #"{"id":"\#(id)","type":"survey.answered","occurred_at":"\#(time)","lead_id":"L-1",\#(scores)}"#
            }
            let lines = [
                SampleEvents.created("e1"), SampleEvents.sent("e2"),
                answer("e3", at: "2026-03-04T18:00:00Z", #""satisfaction":5,"recommend":10,"comment":"Fast and friendly""#),
                answer("e4", at: "2026-03-05T18:00:00Z", #""satisfaction":7"#),
                // The customer thought again: a later rating, the recommend answer left as it was.
                answer("e5", at: "2026-03-06T18:00:00Z", #""satisfaction":2"#),
            ]
            let headers = app.headers(.ingest, contentType: "application/x-ndjson")
            try await client.execute(uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(string: lines.joined(separator: "\n"))) { response in
                #expect(response.json["accepted"] as? Int == 4)
                let rejected = try #require(response.json["rejected"] as? [[String: Any]])
                #expect(rejected.count == 1 && rejected.first?["line"] as? Int == 4)
                #expect(rejected.first?["error"] as? String == "satisfaction: must be between 1 and 5, got 7")
            }
            try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read)) { response in
                #expect(response.json["satisfaction"] as? Int == 2)
                #expect(response.json["recommend"] as? Int == 10)
            }
            try await client.execute(uri: "/v1/kpis?from=2026-03-02&to=2026-03-02", method: .get, headers: app.headers(.read)) { response in
                let kpis = try #require(response.json["kpis"] as? [String: [String: Any]])
                #expect(kpis["customer_satisfaction"]?["value"] as? Double == 2 && kpis["customer_satisfaction"]?["unit"] as? String == "rating")
                #expect(kpis["customer_satisfaction"]?["status"] as? String == "red")
                #expect(kpis["net_promoter_score"]?["value"] as? Double == 100 && kpis["net_promoter_score"]?["promoters"] as? Double == 1)
            }
        }
    }

    @Test("a JSON array with one broken event stores the others and names the broken one; the fixed batch sent again adds just that one")
    func brokenArray() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let good = [SampleEvents.created("e1"), SampleEvents.sent("e3")]
            let broken = SampleEvents.sent("e2", message: "m2").replacingOccurrences(of: ",", with: " ", options: [], range: nil)
            let body = ByteBuffer(string: "[\(good[0]),\(broken),\(good[1])]")
            try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: body) { response in
                #expect(response.status == .ok)
                #expect(response.json["accepted"] as? Int == 2)
                let rejected = try #require(response.json["rejected"] as? [[String: Any]])
                #expect(rejected.count == 1 && rejected.first?["index"] as? Int == 1, "\(rejected)")
                #expect((rejected.first?["error"] as? String)?.hasPrefix("event 2 of the array is not valid JSON") == true, "\(rejected)")
            }
            let fixed = ByteBuffer(string: "[\(good[0]),\(SampleEvents.sent("e2", message: "m2")),\(good[1])]")
            try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: fixed) { response in
                #expect(response.json["accepted"] as? Int == 1)
                #expect(response.json["duplicates"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.read)) { response in
                #expect(response.json["outbound_count"] as? Int == 2)
            }
        }
    }

    @Test("a body that is not JSON gets 400 saying so", arguments: ["this is not json", "", "{\"id\": ", "[not, json]"])
    func notJSON(body: String) async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect((response.json["error"] as? [String: Any])?["code"] as? String == "invalid_body")
                #expect(response.errorMessage?.contains("JSON") == true)
            }
        }
    }

    @Test("a body over the limit gets 413 and stores nothing")
    func tooLarge() async throws {
        let app = try await TestApp.make(maximumBodyBytes: 4096)
        try await app.run { client in
            let events = (0..<100).map { SampleEvents.created("e\($0)", lead: "L-\($0)") }.joined(separator: ",")
            try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: "[\(events)]")) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.errorMessage?.contains("4096 bytes") == true)
            }
        }
        #expect(try await app.store.totals().events == 0)
    }
}

@Suite("Access control")
struct AccessControlTests {
    @Test("no token, a malformed header or an unknown token: 401 with a hint")
    func unauthorized() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            for headers: HTTPFields in [[:], [.authorization: "Token abc"], [.authorization: "Bearer pw_not_a_real_token"]] {
                try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    #expect(response.errorMessage != nil)
                }
            }
        }
    }

    @Test("the right token with the wrong scope: 403; admin may do both")
    func scopes() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            let batch = ByteBuffer(string: "[\(SampleEvents.created("e1"))]")
            try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.read), body: batch) { response in
                #expect(response.status == .forbidden)
                #expect(response.errorMessage?.contains("'ingest' scope") == true)
            }
            try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.ingest)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.admin), body: batch) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/leads/L-1", method: .get, headers: app.headers(.admin)) { response in
                #expect(response.status == .ok)
                #expect(response.json["source"] as? String == "website")
            }
        }
    }

    @Test("health and the API description are open; unknown routes and leads answer 404 in JSON")
    func openRoutesAndNotFound() async throws {
        let app = try await TestApp.make()
        try await app.run { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "ok")
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.hasPrefix("openapi: 3.1"))
            }
            try await client.execute(uri: "/v1/leads/nobody", method: .get, headers: app.headers(.read)) { response in
                #expect(response.status == .notFound)
                #expect(response.errorMessage == "no lead with id 'nobody'")
            }
            try await client.execute(uri: "/no/such/page", method: .get) { response in
                #expect(response.status == .notFound)
                #expect((response.json["error"] as? [String: Any])?["code"] as? String == "not_found")
            }
        }
    }
}
