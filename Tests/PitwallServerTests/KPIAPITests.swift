import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallSQLite
import PitwallTestSupport
import Testing

@Suite("GET /v1/kpis over HTTP")
struct KPIAPITests {
    func seed(_ app: TestApp) async throws {
        var make = EventFactory(lead: "L-1", base: try Timestamp(rfc3339: "2026-03-02T15:00:00Z"))
        var other = EventFactory(lead: "L-2", base: try Timestamp(rfc3339: "2026-03-03T15:00:00Z"))
        _ = try await app.store.ingest(
            [
                make.created(0, store: "lkt", source: "website"), make.sent(60, message: "m1"), make.status(62, message: "m1", .delivered),
                make.received(300, message: "r1"), make.sale(86_400, id: "s1", amount: 41_000),
                other.created(0, store: "lkt", source: "cargurus"), other.sent(600, message: "m2"),
            ], at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
    }

    @Test("the scorecard: values, targets, gaps and statuses as JSON")
    func scorecard() async throws {
        let app = try await TestApp.make()
        try await seed(app)
        try await app.run { client in
            try await client.execute(uri: "/v1/kpis?from=2026-03-01&to=2026-03-07", method: .get, headers: app.headers(.read)) { response in
                #expect(response.status == .ok)
                let kpis = try #require(response.json["kpis"] as? [String: [String: Any]])
                #expect(Set(kpis.keys) == Set(KPIKey.allCases.map(\.rawValue)))
                let conversion = try #require(kpis["lead_to_sale_conversion"])
                #expect(conversion["value"] as? Double == 0.5)
                #expect(conversion["numerator"] as? Double == 1)
                #expect(conversion["denominator"] as? Double == 2)
                #expect(conversion["unit"] as? String == "ratio")
                #expect((conversion["target"] as? [String: Any])?["min"] as? Double == 0.08)
                #expect(conversion["status"] as? String == "green")
                #expect(kpis["first_response_time"]?["count"] as? Double == 2)
                #expect(kpis["lead_temperature_score"]?["status"] as? String == "none")
                #expect(kpis["lead_temperature_score"]?["value"] is NSNull)
            }
            try await client.execute(uri: "/v1/kpis?from=2026-03-01&to=2026-03-07&group_by=source&compare=previous", method: .get, headers: app.headers(.read)) { response in
                let groups = try #require(response.json["groups"] as? [[String: Any]])
                #expect(groups.compactMap { ($0["group"] as? [String: Any])?["source"] as? String } == ["cargurus", "website"])
                let website = try #require(groups.last?["kpis"] as? [String: [String: Any]])
                #expect((website["lead_to_sale_conversion"]?["previous"] as? [String: Any])?["value"] is NSNull)
            }
        }
    }

    @Test("parameters that do not parse get 400 naming them; an unknown store 404; the catalog is served")
    func problems() async throws {
        let app = try await TestApp.make()
        try await seed(app)
        try await app.run { client in
            for (query, parameter) in [("from=2026-02-30", "from"), ("to=soon", "to"), ("group_by=dealer", "group_by"), ("compare=lastyear", "compare")] {
                try await client.execute(uri: "/v1/kpis?\(query)", method: .get, headers: app.headers(.read)) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.errorMessage?.hasPrefix("\(parameter):") == true, "\(response.errorMessage ?? "")")
                }
            }
            try await client.execute(uri: "/v1/kpis?store=nowhere", method: .get, headers: app.headers(.read)) { response in
                #expect(response.status == .notFound)
                #expect(response.errorMessage?.contains("known stores: lkt") == true)
            }
            try await client.execute(uri: "/v1/kpis", method: .get, headers: app.headers(.ingest)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/kpis/definitions", method: .get, headers: app.headers(.read)) { response in
                let definitions = try #require(response.json["kpis"] as? [[String: Any]])
                #expect(definitions.count == KPIKey.allCases.count)
                #expect((definitions.first?["changes"] as? [[String: Any]])?.first?["version"] as? Int == 1)
            }
        }
    }
}
