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

@Suite("ADF leads over HTTP: POST /v1/leads/adf")
struct ADFLeadsAPITests {
    static let configuration = try! ConfigurationFile.parse(
        "stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}, {id: nrh, name: North Ridge Honda, timezone: America/New_York}]",
        file: "t.yaml"
    ).pitwall

    @Test("a document becomes leads, stored and visible as leads; sending it again is all duplicates")
    func storesLeads() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        // The leads were submitted at 09:15 and 09:20 Chicago time; they arrive at 10:00.
        app.clock.set(try Timestamp(rfc3339: "2026-03-02T16:00:00Z"))
        try await app.run { client in
            let headers = app.headers(.ingest, contentType: "application/x-adf+xml")
            let first = try await client.execute(uri: "/v1/leads/adf", method: .post, headers: headers, body: ByteBuffer(string: ADFSamples.twoProspectsOddShapes))
            #expect(first.status == .ok)
            #expect(first.json["accepted"] as? Int == 2)
            #expect(first.json["duplicates"] as? Int == 0)
            let leads = try #require(first.json["leads"] as? [[String: Any]])
            #expect(leads.map { $0["prospect"] as? Int } == [1, 2])
            #expect((leads[1]["warnings"] as? [String])?.first == "phone: has an extension: '312.555.0100 ext. 12' cannot receive texts")
            let leadID = try #require(leads[0]["lead_id"] as? String)

            let stored = try await client.execute(uri: "/v1/leads/\(leadID)/events", method: .get, headers: app.headers(.read))
            let event = try #require((stored.json["events"] as? [[String: Any]])?.first?["event"] as? [String: Any])
            #expect(event["type"] as? String == "lead.created")
            #expect(event["store_id"] as? String == "lkt")
            #expect(event["source"] as? String == "autotrader")
            #expect(event["occurred_at"] as? String == "2026-03-02T15:15:00.000Z")
            #expect((event["contact"] as? [String: Any])?["phone"] as? String == "+17732901234")
            #expect(event["received_at"] as? String == "2026-03-02T16:00:00.000Z")

            // A provider retrying the same document later stores nothing new.
            app.clock.advance(seconds: 120)
            let again = try await client.execute(uri: "/v1/leads/adf", method: .post, headers: headers, body: ByteBuffer(string: ADFSamples.twoProspectsOddShapes))
            #expect(again.json["accepted"] as? Int == 0)
            #expect(again.json["duplicates"] as? Int == 2)
        }
    }

    @Test("?store= names the rooftop; a prospect without contact is refused by number while the rest is stored")
    func storeParameterAndRefusal() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let answer = try await client.execute(
                uri: "/v1/leads/adf?store=nrh", method: .post, headers: app.headers(.ingest, contentType: "application/xml"),
                body: ByteBuffer(string: ADFSamples.oneWithoutContact))
            #expect(answer.status == .ok)
            #expect(answer.json["accepted"] as? Int == 2)
            let rejected = try #require(answer.json["rejected"] as? [[String: Any]])
            #expect(rejected.count == 1)
            #expect(rejected.first?["prospect"] as? Int == 2)
            #expect(rejected.first?["error"] as? String == "contact: no way to reach the customer: <customer><contact> has no <phone> and no <email>")
            let counted = try await client.execute(uri: "/metrics", method: .get).text
            #expect(counted.contains(#"via="adf",outcome="accepted"} 2"#) && counted.contains(#"via="adf",outcome="invalid"} 1"#), "\(counted)")
            let lead = try await client.execute(uri: "/v1/leads/adf:Edmunds:E-3", method: .get, headers: app.headers(.read))
            #expect(lead.status == .ok)
            #expect(lead.text.contains(#""store_id":"nrh""#))
        }
    }

    @Test("malformed XML, entities, JSON and empty bodies get 400/415 naming the problem; nothing is stored; ingest scope needed")
    func refusals() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        try await app.run { client in
            let xml = app.headers(.ingest, contentType: "application/xml")
            let malformed = try await client.execute(uri: "/v1/leads/adf", method: .post, headers: xml, body: ByteBuffer(string: ADFSamples.malformed))
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorMessage?.hasPrefix("ADF document: line ") == true)
            #expect(malformed.errorMessage?.contains("not well-formed XML") == true)
            let entity = try await client.execute(uri: "/v1/leads/adf", method: .post, headers: xml, body: ByteBuffer(string: ADFSamples.externalEntity))
            #expect(entity.status == .badRequest)
            #expect(entity.errorMessage?.contains("never expands entities") == true)
            #expect(!entity.text.contains("root:"))
            let json = try await client.execute(uri: "/v1/leads/adf", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: "{}"))
            #expect(json.status == .unsupportedMediaType)
            let empty = try await client.execute(uri: "/v1/leads/adf", method: .post, headers: xml, body: ByteBuffer(string: "  \n"))
            #expect(empty.errorMessage == "the body is empty: send an ADF document (<adf><prospect>...</prospect></adf>)")
            let unknownStore = try await client.execute(uri: "/v1/leads/adf", method: .post, headers: xml, body: ByteBuffer(string: ADFSamples.bareAmpersand))
            #expect((unknownStore.json["rejected"] as? [[String: Any]])?.first?["error"] as? String
                == "store: the vendor 'Smith & Sons Motors' matches no configured store; pass ?store=STORE_ID (or --store) to say which rooftop the lead is for")
            let readOnly = try await client.execute(
                uri: "/v1/leads/adf", method: .post, headers: app.headers(.read, contentType: "application/xml"), body: ByteBuffer(string: ADFSamples.standard))
            #expect(readOnly.status == .forbidden)
            #expect(try await app.store.totals().events == 0)
        }
    }
}
