import Foundation
import Testing

import PitwallCore

@Suite("Speed against satisfaction: do customers answered late rate the store lower")
struct SpeedAndSatisfactionTests {
    /// One row of the breakdown by response bucket: `ratings` are (rating, how many).
    func row(_ bucket: ResponseBucket, _ ratings: [(Int64, Int64)], day: Int64 = 0) -> RollupRow {
        var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
        for (rating, count) in ratings {
            counters[RollupCounter.satisfactionAnswers.rawValue] += count
            counters[RollupCounter.satisfactionPoints.rawValue] += rating * count
            counters[RollupCounter.satisfactionPointsSquared.rawValue] += rating * rating * count
        }
        return RollupRow(cell: RollupCell(dimension: .responseBucket, value: bucket.rawValue, store: "lkt", day: day), counters: counters, responseTimes: Data())
    }

    @Test("40 answered fast at 4.5 against 30 who waited at 3.5: slow answers cost goodwill, said with the counts")
    func slowCostsGoodwill() throws {
        // 5-15 min and never-answered customers are neither side; their ratings move nothing.
        let rows = [
            row(.underFiveMinutes, [(5, 12), (4, 12)]), row(.underFiveMinutes, [(5, 8), (4, 8)], day: 1),
            row(.fifteenToSixtyMinutes, [(4, 10), (3, 10)]), row(.overADay, [(4, 5), (3, 5)]),
            row(.fiveToFifteenMinutes, [(1, 50)]), row(.never, [(5, 50)]),
        ]
        let finding = try #require(SpeedAndSatisfaction(rows: rows))
        #expect(finding.fast.count == 40 && finding.fast.mean == 4.5 && finding.slow.count == 30 && finding.slow.mean == 3.5)
        #expect(finding.speedPays && finding.page == "/sla")
        #expect(
            finding.words(period: "in the month")
                == "Customers answered within 5 minutes rated the store 4.50 of 5 in the month (40 answers); those who waited 15 minutes or more, "
                + "3.50 (30 answers): a slow first answer costs goodwill as well as sales. Find the hours and stores where leads wait.")
    }

    @Test("the other way round, the fastest answers are the weaker ones: read the first texts")
    func fastButWeak() throws {
        let finding = try #require(SpeedAndSatisfaction(rows: [row(.underFiveMinutes, [(4, 20), (3, 20)]), row(.oneToTwentyFourHours, [(5, 15), (4, 15)])]))
        #expect(!finding.speedPays && finding.page == "/outreach")
        #expect(finding.words(period: "in the week").hasSuffix("the fastest first answers leave customers less satisfied. Read the AI's first texts and the conversations rated 1 or 2."))
    }

    @Test("nothing is said on too few answers on either side, or when the two are within chance")
    func silentUnlessClear() {
        // 29 who waited: one short of the 30 judged.
        #expect(SpeedAndSatisfaction(rows: [row(.underFiveMinutes, [(5, 20), (4, 20)]), row(.fifteenToSixtyMinutes, [(4, 15), (3, 14)])]) == nil)
        // 4.5 against 4.4 on 40 and 30 answers of spread 0.5: chance could do that.
        #expect(
            SpeedAndSatisfaction(rows: [row(.underFiveMinutes, [(5, 20), (4, 20)]), row(.fifteenToSixtyMinutes, [(5, 12), (4, 18)])]) == nil)
        #expect(SpeedAndSatisfaction(rows: []) == nil)
    }
}
