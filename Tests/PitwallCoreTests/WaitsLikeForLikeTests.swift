import Foundation
import Testing

@testable import PitwallCore

/// The chances were worked out apart from this code (the Mantel-Haenszel χ² by its formula in
/// Python): 200/60 against 400/100, 0.19207; 4000/240 against 1000/30, 0.000174.
@Suite("Conversion by wait, source for source: the speed page's yardstick under its bars")
struct WaitsLikeForLikeTests {
    static let day = CivilDate(iso: "2026-03-03")!.daysSinceEpoch

    static func cell(_ store: StoreID, _ source: String, _ bucket: ResponseBucket, leads: Int64, sold: Int64, day: Int64 = day) -> RollupRow {
        var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
        counters[RollupCounter.leads.rawValue] = leads
        counters[RollupCounter.leadsSold.rawValue] = sold
        return RollupRow(
            cell: RollupCell(dimension: .sourceResponseBucket, value: LeadSegment.sourceAndBucket(source, bucket), store: store, day: day), counters: counters,
            responseTimes: Data())
    }

    @Test("each slower bucket beside what leads of its own sources bought answered within 5 min; clearly fewer only past chance over every bucket")
    func yardsticks() throws {
        let rows = [
            // Web forms: 6 % within 5 min (over two days), 3 % at 15-60 min.
            Self.cell("a", "website", .underFiveMinutes, leads: 3000, sold: 180), Self.cell("a", "website", .underFiveMinutes, leads: 1000, sold: 60, day: Self.day + 1),
            Self.cell("a", "website", .fifteenToSixtyMinutes, leads: 1000, sold: 30),
            // Walk-ins: 30 % greeted at once, 25 % of those left waiting 5-15 min.
            Self.cell("a", "walk_in", .underFiveMinutes, leads: 200, sold: 60), Self.cell("a", "walk_in", .fiveToFifteenMinutes, leads: 400, sold: 100),
            // Another store's walk-ins are a group of their own; 10 leads are too few to read.
            Self.cell("b", "walk_in", .oneToTwentyFourHours, leads: 10, sold: 1),
        ]
        let waits = WaitsLikeForLike(rows: rows)
        #expect(waits.buckets.map(\.bucket) == [.fiveToFifteenMinutes, .fifteenToSixtyMinutes, .oneToTwentyFourHours])
        let (five, fifteen, hours) = (waits.buckets[0], waits.buckets[1], waits.buckets[2])
        // Pooled, 5-15 min (25 %) reads far above 0-5 min (7.1 %); against walk-ins' own 30 % it is lower.
        #expect(five.rate == 0.25 && five.yardstick == 0.3)
        #expect(try abs(#require(five.chance) - 0.192_065_210_5) < 1e-9 && !five.clear && !five.clearlyLower)
        #expect(fifteen.rate == 0.03 && fifteen.yardstick == 0.06)
        #expect(try abs(#require(fifteen.chance) - 0.000_174_118_359) < 1e-10 && fifteen.clearlyLower)
        // Store b's walk-ins had nobody answered fast: no yardstick, no test.
        #expect(hours.leads == 10 && hours.yardstick == nil && hours.chance == nil)
        #expect(
            waits.words
                == "Source for source: leads answered later, beside what leads of the same sources answered within 5 min bought: "
                + "5-15 min 25% of 400 against 30%; 15-60 min 3% of 1,000 against 6% (clearly fewer).")
    }

    @Test("nothing slower than 5 minutes, or too few leads to read, says nothing")
    func silent() {
        #expect(WaitsLikeForLike(rows: []).words == nil)
        #expect(WaitsLikeForLike(rows: [Self.cell("a", "website", .underFiveMinutes, leads: 100, sold: 9)]).buckets.isEmpty)
        let few = [Self.cell("a", "website", .underFiveMinutes, leads: 100, sold: 9), Self.cell("a", "website", .overADay, leads: 29, sold: 0)]
        #expect(WaitsLikeForLike(rows: few).buckets.count == 1 && WaitsLikeForLike(rows: few).words == nil)
    }
}
