import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("A token limited to some stores writes only their leads")
struct StoreLimitedWritesTests {
    static let configuration = try! ConfigurationFile.parse(
        "stores: [{id: lkt, timezone: America/Chicago}, {id: nrh, timezone: America/New_York}]", file: "t.yaml"
    ).pitwall

    /// A token of the scope for Lakeside (`lkt`) only, as a store's own feed or manager holds.
    static func lakesideToken(_ scope: AccessScope, in app: TestApp) async throws -> String {
        try await TokenIssuer(store: app.store, clock: app.clock).issue(scope: scope, name: "lakeside-\(scope.rawValue)", organisation: app.organisation, stores: ["lkt"])
    }

    static func created(_ id: String, lead: String, store: String) -> String {
        #"{"id":"\#(id)","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"\#(lead)","store_id":"\#(store)","source":"website"}"#
    }

    @Test("events about another store's leads are refused by name and field; the rest of the batch is stored, and a retry answers the same")
    func refusesOtherStores() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let lakesideFeed = try await Self.lakesideToken(.ingest, in: app)
        try await app.run { client in
            // North Ridge's lead, sent by the group's own feed.
            try await client.execute(
                uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: "[\(Self.created("n1", lead: "N-1", store: "nrh"))]")
            ) { response in
                #expect(response.json["accepted"] as? Int == 1)
            }
            let batch = """
                [\(Self.created("e1", lead: "L-1", store: "lkt")),
                 \(SampleEvents.sent("e2", lead: "L-1", message: "m1")),
                 \(Self.created("e3", lead: "L-2", store: "nrh")),
                 \(SampleEvents.sent("e4", lead: "L-2", message: "m2")),
                 \(SampleEvents.sent("e5", lead: "N-1", message: "m3")),
                 \(Self.created("e6", lead: "N-1", store: "lkt")),
                 {"id":"e7","type":"system.sample","occurred_at":"2026-03-02T15:00:00Z","component":"crm_api","metric":"api_response_time","value":0.2},
                 \(SampleEvents.sent("e8", lead: "L-9", message: "m4"))]
                """
            let headers = app.headers(bearer: lakesideFeed)
            for attempt in 1...2 {
                try await client.execute(uri: "/v1/events", method: .post, headers: headers, body: ByteBuffer(string: batch)) { response in
                    #expect(response.status == .ok)
                    // A lead not seen anywhere yet (L-9) may be waiting for its lead.created: let through.
                    #expect(response.json["accepted"] as? Int == (attempt == 1 ? 3 : 0))
                    #expect(response.json["duplicates"] as? Int == (attempt == 1 ? 0 : 3))
                    let rejected = try #require(response.json["rejected"] as? [[String: Any]])
                    #expect(rejected.map { $0["id"] as? String } == ["e3", "e4", "e5", "e6", "e7"])
                    #expect(
                        rejected.map { $0["error"] as? String } == [
                            "store_id: 'nrh' is not one of this token's stores (lkt)",
                            "lead_id: 'L-2' is not a lead of this token's stores (lkt)",
                            "lead_id: 'N-1' is not a lead of this token's stores (lkt)",
                            "lead_id: 'N-1' is not a lead of this token's stores (lkt)",
                            "store_id: a token limited to stores (lkt) must name one of them on system events",
                        ])
                }
            }
            // North Ridge's lead is as its own feed left it, and the refused lead was never made.
            try await client.execute(uri: "/v1/leads/N-1/events", method: .get, headers: app.headers(.read)) { response in
                let events = try #require(response.json["events"] as? [[String: Any]])
                #expect(events.compactMap { ($0["event"] as? [String: Any])?["id"] as? String } == ["n1"])
            }
            try await client.execute(uri: "/v1/leads/L-2", method: .get, headers: app.headers(.read)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/leads/L-1/events", method: .get, headers: app.headers(.read)) { response in
                let events = try #require(response.json["events"] as? [[String: Any]])
                #expect(events.compactMap { ($0["event"] as? [String: Any])?["id"] as? String } == ["e1", "e2"])
            }
        }
    }

    @Test("ADF leads for another store are refused by prospect with the reason, and nothing is stored")
    func refusesADFLeadsForOtherStores() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let lakesideFeed = try await Self.lakesideToken(.ingest, in: app)
        try await app.run { client in
            let headers = app.headers(bearer: lakesideFeed, contentType: "application/xml")
            let answer = try await client.execute(
                uri: "/v1/leads/adf?store=nrh", method: .post, headers: headers, body: ByteBuffer(string: ADFSamples.oneWithoutContact))
            #expect(answer.status == .ok)
            #expect(answer.json["accepted"] as? Int == 0)
            let rejected = try #require(answer.json["rejected"] as? [[String: Any]])
            #expect(rejected.filter { $0["error"] as? String == "store_id: 'nrh' is not one of this token's stores (lkt)" }.count == 2)
            let lead = try await client.execute(uri: "/v1/leads/adf:Edmunds:E-3", method: .get, headers: app.headers(.read))
            #expect(lead.status == .notFound)
        }
    }

    @Test("a store manager silences only their own store's alerts")
    func silencesOnlyOwnStores() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let lakesideManager = try await Self.lakesideToken(.manage, in: app)
        try await app.run { client in
            let headers = app.headers(bearer: lakesideManager)
            let cases: [(body: String, status: HTTPResponse.Status, message: String?)] = [
                (#"{"store_id": "nrh", "minutes": 60}"#, .badRequest, "store_id: 'nrh' is not one of this token's stores (lkt)"),
                (
                    #"{"rule_id": "opt_out_rate", "minutes": 60}"#, .badRequest,
                    "store_id: a token limited to stores (lkt) must name one of them: it cannot silence every store"
                ),
                (#"{"store_id": "lkt", "minutes": 60}"#, .created, nil),
            ]
            for (body, status, message) in cases {
                let response = try await client.execute(uri: "/v1/silences", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body)")
                #expect(response.errorMessage == message, "\(body)")
            }
            let listed = try await client.execute(uri: "/v1/silences", method: .get, headers: app.headers(.read))
            #expect((listed.json["silences"] as? [[String: Any]])?.compactMap { $0["store_id"] as? String } == ["lkt"])
        }
    }

    @Test("the audit log shows a store manager only their stores' lines, and paging skips the others' without stopping early")
    func auditLogOnlyOwnStores() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        let lakesideReader = try await Self.lakesideToken(.read, in: app)
        try await app.run { client in
            var silences: [String] = []
            for body in [#"{"store_id": "nrh", "minutes": 60}"#, #"{"rule_id": "opt_out_rate", "minutes": 60}"#, #"{"store_id": "lkt", "minutes": 60}"#] {
                let created = try await client.execute(uri: "/v1/silences", method: .post, headers: app.headers(.manage), body: ByteBuffer(string: body))
                silences.append(try #require(created.json["id"] as? String))
            }
            let group = try await client.execute(uri: "/v1/audit/log", method: .get, headers: app.headers(.read))
            #expect((group.json["entries"] as? [[String: Any]])?.compactMap { $0["subject"] as? String } == silences)

            let headers = app.headers(bearer: lakesideReader)
            let own = try await client.execute(uri: "/v1/audit/log", method: .get, headers: headers)
            #expect((own.json["entries"] as? [[String: Any]])?.compactMap { $0["subject"] as? String } == [silences[2]])
            // One line a page: the first page already holds Lakeside's line, past two of others'.
            let page = try await client.execute(uri: "/v1/audit/log?limit=1", method: .get, headers: headers)
            #expect((page.json["entries"] as? [[String: Any]])?.compactMap { $0["subject"] as? String } == [silences[2]])
        }
    }
}
