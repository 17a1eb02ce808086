import Foundation
import HTTPTypes
import PitwallCore
import PitwallServer
import PitwallSimulator
import PitwallTestSupport
import Testing

@Suite("GET /v1/kpis narrowed to one source, campaign or agent, as the dashboard's scorecard narrows")
struct NarrowedScorecardAPITests {
    /// The figures that belong to leads and messages; the system KPIs belong to no segment.
    static func leadFigures(_ kpis: [String: [String: Any]]) -> [String: [Double?]] {
        let system: Set<String> = ["system_uptime", "api_response_time", "database_query_time"]
        return kpis.filter { !system.contains($0.key) }.mapValues { kpi in
            ["value", "numerator", "denominator"].map { kpi[$0] as? Double }
        }
    }

    @Test("each source's own scorecard is that source's group of the breakdown by source, beside its window before; by store it adds up; bad combinations are named")
    func bySource() async throws {
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 40, seed: 21, storeCount: 3, leadsPerDay: 30))
        let app = try await TestApp.simulated(simulator)
        try await app.run { client in
            func get(_ query: String) async throws -> LiveResponse {
                try await client.execute(uri: "/v1/kpis?\(query)", method: .get, headers: app.headers(.read))
            }
            let breakdown = try await get("window=30d&group_by=source&compare=previous")
            let groups = try #require(breakdown.json["groups"] as? [[String: Any]])
            #expect(groups.count >= 4, "the simulator's sources")
            for group in groups {
                let source = try #require((group["group"] as? [String: Any])?["source"] as? String)
                let narrowed = try await get("window=30d&compare=previous&source=\(source)")
                #expect(narrowed.status == .ok && narrowed.json["source"] as? String == source)
                let own = try #require(narrowed.json["kpis"] as? [String: [String: Any]])
                let asGroup = try #require(group["kpis"] as? [String: [String: Any]])
                #expect(Self.leadFigures(own) == Self.leadFigures(asGroup), "\(source)")
                let previous = { (kpis: [String: [String: Any]]) in kpis.mapValues { ($0["previous"] as? [String: Any])?["denominator"] as? Double } }
                #expect(previous(own).filter { $0.value != nil } == previous(asGroup).filter { $0.value != nil }, "\(source): the window before narrowed alike")
                #expect(own["system_uptime"]?["value"] is NSNull, "the system's uptime belongs to no source")

                // By store, the source's leads add up to its own count.
                let byStore = try #require(try await get("window=30d&group_by=store&source=\(source)").json["groups"] as? [[String: Any]])
                let leads = byStore.compactMap { (($0["kpis"] as? [String: [String: Any]])?["lead_to_sale_conversion"]?["denominator"] as? Double) }
                #expect(leads.reduce(0, +) == own["lead_to_sale_conversion"]?["denominator"] as? Double, "\(source)")
            }
            let grouped = try await get("source=website&group_by=agent")
            #expect(grouped.status == .badRequest
                && grouped.errorMessage == "group_by: with source=website, group by store, day, week or month (or response_bucket): leads are counted by one attribute at a time")
            let campaignByWait = try await get("campaign=spring&group_by=response_bucket")
            #expect(campaignByWait.status == .badRequest
                && campaignByWait.errorMessage == "group_by: with campaign=spring, group by store, day, week or month: leads are counted by one attribute at a time")
            let two = try await get("source=website&campaign=spring")
            #expect(two.status == .badRequest && two.errorMessage == "campaign: narrow to one segment at a time (also given: source)")
            // A source no lead came from is an empty scorecard, as on the dashboard, which says
            // so: a mistyped source reads as a misspelling, with the sources of late to pick from.
            let none = try await get("window=30d&source=nowhere")
            #expect(none.status == .ok && (none.json["kpis"] as? [String: [String: Any]])?["lead_to_sale_conversion"]?["denominator"] as? Double == 0)
            let notice = try #require(none.json["notice"] as? String)
            #expect(notice.hasPrefix("no lead had source 'nowhere' at any store in the year up to today (the last 30 days': "), "\(notice)")
            #expect(notice.contains("website"), "\(notice)")
            let atStore = try await get("window=30d&source=nowhere&store=\(simulator.configuration.stores[0].id.rawValue)")
            #expect((atStore.json["notice"] as? String)?.hasPrefix("no lead had source 'nowhere' at \(simulator.configuration.stores[0].id.rawValue) in the year") == true)
            // A real source in a quiet week is empty without a word; one with leads has none either.
            let quiet = try await get("from=2020-01-06&to=2020-01-12&source=website")
            #expect(quiet.status == .ok && quiet.json["notice"] == nil && quiet.json["source"] as? String == "website")
            #expect(try await get("window=30d&source=website").json["notice"] == nil)
        }
    }

    @Test("one source's leads by wait: each bucket that source's own, beside its window before; over the sources they add up to every lead's bucket")
    func sourceByWait() async throws {
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 40, seed: 22, storeCount: 2, leadsPerDay: 30))
        let app = try await TestApp.simulated(simulator)
        try await app.run { client in
            func buckets(_ query: String) async throws -> [String: (leads: Double, sold: Double, before: Double)] {
                let response = try await client.execute(uri: "/v1/kpis?window=30d&compare=previous&group_by=response_bucket\(query)", method: .get, headers: app.headers(.read))
                #expect(response.status == .ok, "\(query): \(response.errorMessage ?? "")")
                let groups = try #require(response.json["groups"] as? [[String: Any]])
                return Dictionary(uniqueKeysWithValues: try groups.map { group in
                    let bucket = try #require((group["group"] as? [String: Any])?["response_bucket"] as? String)
                    let conversion = try #require((group["kpis"] as? [String: [String: Any]])?["lead_to_sale_conversion"])
                    let before = (conversion["previous"] as? [String: Any])?["denominator"] as? Double ?? 0
                    return (bucket, (conversion["denominator"] as? Double ?? 0, conversion["numerator"] as? Double ?? 0, before))
                })
            }
            let every = try await buckets("")
            let sources = try #require(
                (try await client.execute(uri: "/v1/kpis?window=30d&group_by=source", method: .get, headers: app.headers(.read))).json["groups"] as? [[String: Any]]
            ).compactMap { ($0["group"] as? [String: Any])?["source"] as? String }
            #expect(sources.count >= 4)
            var summed: [String: (leads: Double, sold: Double, before: Double)] = [:]
            for source in sources {
                for (bucket, counts) in try await buckets("&source=\(source)") {
                    let so = summed[bucket] ?? (0, 0, 0)
                    summed[bucket] = (so.leads + counts.leads, so.sold + counts.sold, so.before + counts.before)
                }
            }
            #expect(Set(summed.keys) == Set(every.keys))
            for (bucket, counts) in every {
                #expect(summed[bucket]?.leads == counts.leads && summed[bucket]?.sold == counts.sold && summed[bucket]?.before == counts.before, "\(bucket)")
            }
            // Callers are answered within minutes: their slow buckets are not the web forms'.
            let phone = try await buckets("&source=phone")
            #expect((phone["0-5 min"]?.leads ?? 0) > 0 && (phone["0-5 min"]?.leads ?? 0) < (every["0-5 min"]?.leads ?? 0))
        }
    }
}
