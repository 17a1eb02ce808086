import Foundation
import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("Does the temperature foretell sales: the scoring check")
struct TemperatureCheckTests {
    /// The window's counters as the rollups would hold them, set by hand.
    static func totals(_ counts: [RollupCounter: Int64]) -> KPITotals {
        var metrics = RollupMetrics()
        for (counter, count) in counts { metrics[counter] = count }
        var totals = KPITotals()
        totals.add(RollupRow(cell: RollupCell(dimension: .all, value: "", store: "s", day: 0), counters: metrics.counters, responseTimes: Data()))
        return totals
    }

    /// 700 leads, 42 of them bought. Bands: 20-39 2 % (4 of 200), 40-59 10 % (20 of 200),
    /// 60-79 8 % (16 of 200), 80-100 2 % (2 of 100). Tiers: hot 20 % (30 of 150), warm 3 %
    /// (9 of 300), cold 1.2 % (3 of 250). Replied 30 % (30 of 100); answered fast 6.7 %
    /// (40 of 600); kept talking 0 of 100; every lead reachable.
    static let window = totals([
        .leads: 700, .leadsSold: 42,
        .points20To39Leads: 200, .points20To39Sold: 4, .points40To59Leads: 200, .points40To59Sold: 20,
        .points60To79Leads: 200, .points60To79Sold: 16, .points80UpLeads: 100, .points80UpSold: 2,
        .hotTierLeads: 150, .hotTierSold: 30, .warmTierLeads: 300, .warmTierSold: 9, .coldTierLeads: 250, .coldTierSold: 3,
        .repliedLeads: 100, .repliedSold: 30, .answeredFastLeads: 600, .answeredFastSold: 40, .keptTalkingLeads: 100,
        .reachableLeads: 700, .reachableSold: 42,
    ])

    @Test("each band's sale rate, read against the next colder band by the two-proportion test")
    func bands() {
        let check = TemperatureCheck(Self.window, weights: .standard)
        #expect(check.leads == 700 && check.sold == 42 && check.saleRate == 0.06)
        #expect(check.bands.map(\.label) == ["0–19", "20–39", "40–59", "60–79", "80–100"])
        #expect(check.bands.map(\.leads) == [0, 200, 200, 200, 100])
        #expect(check.bands.map(\.saleRate) == [nil, 0.02, 0.1, 0.08, 0.02])
        // 10 % against 2 % of 200 each: z = 3.37 (p = 0.0008). 8 % against 10 %: z = 0.70. 2 % of
        // 100 against 8 % of 200: z = 2.06 (p = 0.039), which alone would pass; but the window
        // asks eight questions (3 bands, 5 reasons with both sides), and Holm holds the fifth
        // smallest p to 0.05 / 4 = 0.0125.
        #expect(check.bands.map(\.againstColderBand) == [nil, nil, .higher, .unclear, .unclear])
        #expect(check.bands.map(\.colderBand) == [nil, nil, 20...39, 40...59, 60...79], "the empty 0-19 band is nobody's comparison")
    }

    @Test("a tier is held against the next rating that earns fewer points, the coldest against nothing; other reasons against the leads without them")
    func reasons() throws {
        let check = TemperatureCheck(Self.window, weights: .standard)
        func reason(_ reason: LeadTemperature.Reason) throws -> TemperatureCheck.ReasonCheck { try #require(check.reasons.first { $0.reason == reason }) }
        let hot = try reason(.hotTier), warm = try reason(.warmTier), cold = try reason(.coldTier)
        #expect(hot.comparedWith == .colderTier(.warmTier) && hot.otherLeads == 300 && hot.reading == .higher)
        #expect(try #require(hot.lift) > 6.66 && hot.lift! < 6.67, "20 % against 3 %")
        #expect(warm.comparedWith == .colderTier(.coldTier) && warm.reading == .unclear, "3 % of 300 against 1.2 % of 250: z = 1.44")
        #expect(cold.comparedWith == .nothing && cold.reading == nil && cold.lift == nil)
        #expect(try reason(.noTier).leads == 0 && reason(.noTier).reading == nil)

        let replied = try reason(.replied)
        #expect(replied.comparedWith == .leadsWithout && replied.otherLeads == 600 && replied.otherSold == 12)
        #expect(replied.lift == 15 && replied.reading == .higher)
        #expect(try reason(.answeredFast).reading == .unclear, "6.7 % of 600 against 2 % of 100: z = 1.82")
        #expect(try reason(.keptTalking).reading == .lower, "none of 100 against 7 % of 600: z = 2.73")
        #expect(try reason(.reachable).otherLeads == 0 && reason(.reachable).reading == nil, "every lead earned it: nothing to hold it against")
    }

    @Test("the gaps: a warmer band selling less, a reason whose leads sell less, and on 100 leads a side a reason that makes no clear difference")
    func gaps() {
        let gaps = TemperatureCheck(Self.window, weights: .standard).gaps
        #expect(gaps.count == 3, "\(gaps)")
        #expect(gaps[0].hasPrefix("Leads that earned “The CRM rated it warm” (20 points) bought no more often than chance could explain: 3% against 1.2% of leads rated cold."))
        #expect(gaps[1].hasPrefix("Leads that earned “Answered within 5 minutes” (15 points) bought no more often than chance could explain: 6.7% against 2% of leads without it."))
        #expect(gaps[2] == "Leads that earned “Kept talking (3 or more replies)” (10 points) bought less often: 0% against 7% of leads without it. It adds warmth to leads that buy less.")
        #expect(!gaps.contains { $0.contains("80–100") }, "2 % against 8 % (p = 0.039) is one of eight questions: not clear enough to call a gap")
    }

    @Test("a warmer band that clearly sells less than a colder one is a gap: the score has them the wrong way round")
    func bandGap() {
        // 1 % of 200 against 10 % of 200: z = 4.0, the only question the window can ask.
        let check = TemperatureCheck(Self.totals([
            .leads: 400, .leadsSold: 22, .points40To59Leads: 200, .points40To59Sold: 20, .points60To79Leads: 200, .points60To79Sold: 2,
        ]), weights: .standard)
        #expect(check.bands.map(\.againstColderBand) == [nil, nil, nil, .lower, nil])
        #expect(check.gaps == ["Leads with 60–79 points bought less often (1%) than leads with 40–59 (10%): the score puts them the wrong way round."])
    }

    @Test("weights decide a tier's order: a warm rating weighed above hot is held against hot, and selling less than it is a gap")
    func weightsReorderTiers() throws {
        let check = TemperatureCheck(Self.window, weights: LeadTemperature.Weights([.warmTier: 40]))
        let warm = try #require(check.reasons.first { $0.reason == .warmTier })
        #expect(warm.points == 40 && warm.comparedWith == .colderTier(.hotTier) && warm.reading == .lower)
        #expect(check.gaps.contains { $0.hasPrefix("Leads that earned “The CRM rated it warm” (40 points) bought less often than leads rated hot, who earn fewer points: 3% against 20%") })
        #expect(check.reasons.first { $0.reason == .hotTier }?.comparedWith == .colderTier(.coldTier))
    }

    @Test("a window without leads: no rates, no readings, no gaps")
    func empty() {
        let check = TemperatureCheck(KPITotals(), weights: .standard)
        #expect(check.saleRate == nil && check.bands.allSatisfy { $0.saleRate == nil && $0.againstColderBand == nil })
        #expect(check.reasons.allSatisfy { $0.reading == nil } && check.gaps.isEmpty)
    }

    @Test("the rollups count each lead in the band of its points before any verdict, under each reason it earned, and as sold when it bought")
    func contributions() throws {
        let resolver = LocalDayResolver(configuration: PitwallConfiguration(stores: [StoreProfile(id: "store-a", name: "A", timeZone: TimeZone(identifier: "UTC")!)]))
        var totals = KPITotals()
        func add(_ events: [Event]) throws {
            let records = try #require(LeadLedger.records(of: events))
            for (cell, metrics) in records.contributions(resolver: resolver) where cell.dimension == .all {
                totals.add(RollupRow(cell: cell, counters: metrics.counters, responseTimes: Data()))
            }
        }
        // Hot, answered in a minute, replied, bought: 30 + 10 + 10 + 15 + 15 = 80 points.
        var sold = EventFactory(lead: "C1")
        try add([sold.created(0, tier: .hot), sold.sent(60, message: "m1"), sold.received(120, message: "r1"), sold.sale(86_400, id: "s1", amount: 30_000)])
        // Warm, never answered, opted out: its score is 0, its points before the verdict 40.
        var optedOut = EventFactory(lead: "C2")
        try add([optedOut.created(0, tier: .warm), optedOut.make(600, .leadOptedOut(OptOut(channel: .sms)))])
        // Cold, nothing else known: 10 points.
        try add([
            Event(
                id: "c3", occurredAt: try Timestamp(rfc3339: "2026-03-02T15:00:00Z"), leadID: "C3",
                payload: .leadCreated(LeadCreated(storeID: "store-a", source: "walk_in", tier: .cold, vehicle: Vehicle(condition: .used))))
        ])

        let check = TemperatureCheck(totals, weights: .standard)
        #expect(check.leads == 3 && check.sold == 1)
        #expect(check.bands.map(\.leads) == [1, 0, 1, 0, 1])
        #expect(check.bands.map(\.sold) == [0, 0, 0, 0, 1])
        let earned = Dictionary(uniqueKeysWithValues: check.reasons.map { ($0.reason, [$0.leads, $0.sold]) })
        #expect(earned[.hotTier] == [1, 1] && earned[.warmTier] == [1, 0] && earned[.coldTier] == [1, 0] && earned[.noTier] == [0, 0])
        #expect(earned[.reachable] == [2, 1] && earned[.vehicleNamed] == [2, 1])
        #expect(earned[.answeredFast] == [1, 1] && earned[.replied] == [1, 1] && earned[.keptTalking] == [0, 0] && earned[.appointmentSet] == [0, 0])
        #expect(totals[.temperaturePoints] == 100 + 0 + 10, "the score itself still takes the verdicts")
    }
}
