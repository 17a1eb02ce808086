import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The scorecard on a simulated group, checked against a plain scan of the raw events.
@Suite("KPIs on simulated data, checked a second way")
struct SimulatedKPITests {
    static let settings = SimulationSettings(days: 21, seed: 5, storeCount: 3)

    /// Out of order, in uneven batches, as real feeds arrive.
    static func deliverScrambled(_ events: [Event], to store: any PitwallStore, seed: UInt64, batchSizes: ClosedRange<Int>) async throws {
        var random = SeededRandom(seed: seed)
        let scrambled = events.shuffled(using: &random)
        var start = 0
        while start < scrambled.count {
            let size = random.integer(batchSizes)
            _ = try await store.ingest(Array(scrambled[start..<min(start + size, scrambled.count)]), at: settings.end)
            start += size
        }
    }

    @Test("the KPI rollups kept batch by batch, out of order, equal those counted afresh from the stored leads (pitwall recount), every breakdown", arguments: StoreBackend.allCases)
    func keptEqualsRecounted(backend: StoreBackend) async throws {
        let simulator = DealershipSimulator(settings: Self.settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let (store, cleanUp) = try await backend.make(configuration: simulator.configuration)
        defer { cleanUp() }
        try await Self.deliverScrambled(events, to: store, seed: 29, batchSizes: 100...3_000)
        // Every cell of every breakdown, with its counters and its response times' buckets.
        func cells() async throws -> [String: String] {
            var cells: [String: String] = [:]
            for dimension in SegmentDimension.allCases {
                for row in try await store.rollupRows(dimension: dimension, days: 0...100_000, store: nil, counters: .all) {
                    let sketch = try #require(QuantileSketch(encoded: row.responseTimes))
                    cells["\(row.cell)"] = "\(row.counters) \(sketch.count) \(sketch.quantile(0.5) ?? -1) \(sketch.quantile(0.9) ?? -1)"
                }
            }
            return cells
        }
        let kept = try await cells()
        #expect(kept.count > 1_000)
        let stores = try await store.storesWithLeads()
        #expect(stores.count == 3)
        var leads = 0
        for id in stores { leads += try await store.recountRollups(of: id) }
        #expect(leads == Set(events.filter { $0.type == .leadCreated }.map(\.leadID)).count, "each created lead read once")
        let recounted = try await cells()
        #expect(recounted.count == kept.count)
        let differing = kept.keys.filter { kept[$0] != recounted[$0] }.sorted()
        #expect(differing.isEmpty, "\(differing.prefix(5).map { "\($0): kept \(kept[$0]!) recounted \(recounted[$0] ?? "none")" })")
    }

    @Test("the contacts page's counts, read from the rollups, equal each lead's contact checked one by one", arguments: StoreBackend.allCases)
    func contactQualityMatchesLeadByLead(backend: StoreBackend) async throws {
        let simulator = DealershipSimulator(settings: Self.settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let (store, cleanUp) = try await backend.make(configuration: simulator.configuration)
        defer { cleanUp() }
        try await Self.deliverScrambled(events, to: store, seed: 41, batchSizes: 150...2_000)
        let first = CivilDate(year: 2026, month: 1, day: 5)!
        let windows: [(CivilDate, CivilDate, StoreID?)] = [
            (first, first.adding(days: 20), nil),
            (first.adding(days: 4), first.adding(days: 10), simulator.stores[2].profile.id),
            (first.adding(days: 12), first.adding(days: 12), nil),
        ]
        var problemsSeen = 0
        for (from, to, storeID) in windows {
            let rolled = try await store.contactQuality(createdOn: from, through: to, store: storeID)
            let scanned = try await store.contactQualityLeadByLead(createdOn: from, through: to, store: storeID, configuration: simulator.configuration)
            #expect(rolled.total.leads > 0)
            #expect(rolled == scanned, "\(from)...\(to) \(storeID?.rawValue ?? "all stores")")
            problemsSeen += rolled.total.problems.values.reduce(0, +)
        }
        // The simulator's web forms sometimes lose a digit: there are problems to count.
        #expect(problemsSeen > 0)
    }

    @Test("the scorecard's counts equal a straightforward scan of the raw events", arguments: StoreBackend.allCases)
    func matchesIndependentScan(backend: StoreBackend) async throws {
        let simulator = DealershipSimulator(settings: Self.settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let zones = Dictionary(uniqueKeysWithValues: simulator.stores.map { ($0.profile.id, $0.profile.timeZone) })

        let (store, cleanUp) = try await backend.make(configuration: simulator.configuration)
        defer { cleanUp() }
        try await Self.deliverScrambled(events, to: store, seed: 17, batchSizes: 200...2_500)

        let first = CivilDate(year: 2026, month: 1, day: 5)!
        let windows: [(CivilDate, CivilDate, StoreID?, String?)] = [
            (first, first.adding(days: 20), nil, nil),
            (first.adding(days: 3), first.adding(days: 9), nil, nil),
            (first.adding(days: 3), first.adding(days: 9), simulator.stores[1].profile.id, nil),
            (first, first.adding(days: 20), nil, "facebook_ads"),
            (first.adding(days: 10), first.adding(days: 11), simulator.stores[0].profile.id, nil),
        ]
        var checked = 0
        var spreadsChecked = 0
        var excludedSeen = 0
        for (from, to, storeID, source) in windows {
            let scan = IndependentKPIScan(events: events, zones: zones, from: from, to: to, store: storeID, source: source)
            let report = try await store.scorecard(KPIQuery(from: from, to: to, store: storeID, groupBy: source == nil ? nil : .source))
            let group: String? = source
            for (key, figure) in scan.figures {
                let result = try #require(report.result(key, group: group))
                #expect(abs((result.numerator ?? -1) - figure.numerator) < 0.005, "\(key) numerator in \(from)...\(to) \(storeID?.rawValue ?? "") \(source ?? "")")
                #expect(result.denominator == figure.denominator, "\(key) denominator in \(from)...\(to) \(storeID?.rawValue ?? "") \(source ?? "")")
                checked += 1
            }
            // The scoring check from the rollups, against the scan's lead-by-lead count.
            var totals = KPITotals()
            let rows = try await store.rollupRows(
                dimension: source == nil ? .all : .source, days: from.daysSinceEpoch...to.daysSinceEpoch, store: storeID, counters: .all)
            for row in rows where source == nil || row.cell.value == source { totals.add(row) }
            let check = TemperatureCheck(totals, weights: .standard)
            #expect(check.bands.map(\.leads) == scan.bandLeads && check.bands.map(\.sold) == scan.bandSold, "bands in \(from)...\(to)")
            #expect(check.sold == scan.leadsSold)
            let spend = LeadSpend(totals)
            // Read as the spend page reads them, those few counters alone: the same figures.
            var few = KPITotals()
            for row in try await store.rollupRows(
                dimension: source == nil ? .all : .source, days: from.daysSinceEpoch...to.daysSinceEpoch, store: storeID, counters: .only(LeadSpend.counters))
            where source == nil || row.cell.value == source { few.add(row) }
            #expect(LeadSpend(few) == spend)
            #expect(spend.pricedLeads == Int64(scan.pricedLeads) && spend.spend.cents == scan.spendCents, "spend in \(from)...\(to)")
            #expect(spend.revenue.cents == scan.cohortRevenueCents && spend.bought == Int64(scan.leadsSold))
            // The platform's return, read as the spend page reads it: texts on their day, the
            // AI's sales on theirs, every one the scan found by looking back from the sale.
            var platformTotals = KPITotals()
            for row in try await store.rollupRows(
                dimension: source == nil ? .all : .source, days: from.daysSinceEpoch...to.daysSinceEpoch, store: storeID,
                counters: .only(LeadSpend.counters + MessagingReturn.counters))
            where source == nil || row.cell.value == source { platformTotals.add(row) }
            let platform = MessagingReturn(platformTotals, window: from...to, stores: 1, costs: MessagingPlatformCosts(perTextSent: 0.01))
            #expect(platform.textsSent == Int64(scan.textsSent) && platform.aiSales == Int64(scan.aiSales), "texts and the AI's sales in \(from)...\(to)")
            #expect(platform.aiRevenue.cents == scan.aiRevenueCents && platform.textsCost == Double(scan.textsSent) * 0.01)
            if source == nil, to == first.adding(days: 20) {
                #expect(platform.aiSales > 0 && platform.aiSales < platform.sales, "the AI helps some of three weeks' sales, not all")
            }
            if source == nil, to == first.adding(days: 20) {
                // Surveys come days after a sale or a visit: three weeks have some of each kind.
                let surveyed = try #require(scan.figures[.netPromoterScore])
                #expect(surveyed.denominator > 30 && scan.figures[.customerSatisfaction]!.denominator > 30, "customers answer the survey")
            }
            if source == nil, to == first.adding(days: 20) {
                #expect(spend.spend.cents > 0 && spend.revenue.cents > 0 && spend.pricedLeads == spend.leads, "the simulator prices every lead")
            }
            if source == nil, to == first.adding(days: 20) {
                #expect(check.sold > 10 && check.bands.filter { $0.sold > 0 }.count >= 3, "three weeks of a group sell in several bands")
            }
            for reason in check.reasons {
                let (leads, sold): (Int, Int) = (scan.reasonLeads[reason.reason.rawValue] ?? 0, scan.reasonSold[reason.reason.rawValue] ?? 0)
                #expect(reason.leads == leads && reason.sold == sold, "\(reason.reason)")
            }
            let response = try #require(report.result(.firstResponseTime, group: group))
            #expect(response.detail("count") == Double(scan.responseSeconds.count))
            #expect(response.detail("excluded") == Double(scan.excludedResponses))
            excludedSeen += scan.excludedResponses
            let exact = try #require(scan.medianResponse)
            let estimate = try #require(response.value)
            #expect(abs(estimate - exact) <= 0.01 * exact + 0.001, "median \(estimate) against exact \(exact)")
            // On fewer than 30, an average's 95 % range, from the raw values: their part above the
            // floor read as gamma with their mean and spread (s in two passes), shape a = n·k for
            // the average; Wilson–Hilferty's quantiles of Gamma(a)/a, (1 − 1/9a ± t/√9a)³,
            // divide the mean above the floor.
            for (key, values) in [(KPIKey.averageSaleValue, scan.saleAmounts), (.conversationLength, scan.conversationLengths)] {
                let range = report.result(key, group: group)?.plausibleRange
                guard values.count >= 2, values.count < 30 else {
                    #expect(range == nil || values.count == 1, "\(key): no range on \(values.count)")
                    continue
                }
                let floor = key == .conversationLength ? 1.0 : 0
                let n = Double(values.count)
                let mean = values.reduce(0, +) / n
                let s = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
                let t = MeanInterval.studentT975(degreesOfFreedom: values.count - 1)
                let got = try #require(range, "\(key) on \(values.count) has no range")
                guard s > 0 else {
                    #expect(got == PlausibleRange(lower: mean, upper: mean), "\(key): \(got) on identical values of \(mean)")
                    spreadsChecked += 1
                    continue
                }
                let a = n * (mean - floor) * (mean - floor) / (s * s)
                let quantile = { (z: Double) in pow(1 - 1 / (9 * a) + z / (9 * a).squareRoot(), 3) }
                let lower = max(floor, floor + (mean - floor) / quantile(t))
                let upper = 1 - 1 / (9 * a) - t / (9 * a).squareRoot() > 0 ? floor + (mean - floor) / quantile(-t) : .infinity
                // Sale amounts reach the rollups in whole hundreds of dollars.
                let slack = key == .averageSaleValue ? 60 + 0.01 * (upper.isFinite ? upper - lower : mean) : 1e-9
                #expect(abs(got.lower - lower) <= slack, "\(key): \(got) against \(lower)...\(upper)")
                #expect(got.upper.isFinite == upper.isFinite && (!upper.isFinite || abs(got.upper - upper) <= slack), "\(key): \(got) against \(lower)...\(upper)")
                spreadsChecked += 1
            }
        }
        #expect(checked == windows.count * 13)
        #expect(spreadsChecked >= 2, "the small windows have few enough sales and conversations to be given a range")
        // The simulator's clock errors are there to be found, and are found.
        #expect(excludedSeen > 0)
    }
}
