import Testing

import PitwallCore

@Suite("Measured growth of the database")
struct MeasuredGrowthTests {
    let start = CivilDate(year: 2026, month: 11, day: 2)!  // a Monday

    /// Sizes on days `0..<days` from `start`, each `bytes(day)`, leaving out `missing` days.
    func sizes(_ days: Int, missing: Set<Int> = [], _ bytes: (Int) -> Int64) -> [StorageSize] {
        (0..<days).filter { !missing.contains($0) }.map { StorageSize(day: start.adding(days: $0), usedBytes: bytes($0)) }
    }

    @Test("a steady 1 MB a day over 29 days of sizes: 22 weekly pairs, 28 days")
    func steady() throws {
        let growth = try #require(MeasuredGrowth(sizes(29) { 5_000_000_000 + Int64($0) * 1_000_000 }))
        #expect(growth.bytesPerDay == 1_000_000)
        #expect(growth.weeks == 22)
        #expect(growth.days == 28)
    }

    @Test("weekdays grow 1.4 MB and weekends nothing: every week holds both, so 1 MB a day, where day-to-day changes' median would say 1.4")
    func weekends() throws {
        // Day 0 is a Monday; the growth into day d+1 happens on day d.
        var bytes: [Int64] = [0]
        for day in 0..<28 { bytes.append(bytes[day] + (day % 7 < 5 ? 1_400_000 : 0)) }
        let growth = try #require(MeasuredGrowth(sizes(29) { bytes[$0] }))
        #expect(growth.bytesPerDay == 1_000_000)
    }

    @Test("a one-off step (a year of history imported) is not the pace, wherever it falls in the weeks")
    func oneOffStep() throws {
        for stepDay in 1..<29 {
            let growth = try #require(MeasuredGrowth(sizes(29) { Int64($0) * 1_000_000 + ($0 >= stepDay ? 5_000_000_000 : 0) }))
            #expect(growth.bytesPerDay == 1_000_000, "a step into day \(stepDay)")
        }
        // With the fewest pairs trusted (22 days, 15 pairs), a step in the middle lies in 7 of them.
        for stepDay in 1..<22 {
            let growth = try #require(MeasuredGrowth(sizes(22) { Int64($0) * 2_000_000 + ($0 >= stepDay ? 9_000_000_000 : 0) }))
            #expect(growth.bytesPerDay == 2_000_000, "a step into day \(stepDay) of 22")
            #expect(growth.weeks == 15)
        }
    }

    @Test("fewer than 15 pairs a week apart measure nothing: a new server, or one stopped on many days")
    func tooFew() {
        #expect(MeasuredGrowth(sizes(21) { Int64($0) }) == nil, "21 days give 14 pairs")
        #expect(MeasuredGrowth(sizes(22) { Int64($0) }) != nil)
        // 29 days with every third day missing: only pairs whose both days were noted count.
        let gappy = sizes(29, missing: Set(stride(from: 2, to: 29, by: 3))) { Int64($0) * 7 }
        let pairs = (0..<22).filter { $0 % 3 != 2 && ($0 + 7) % 3 != 2 }.count
        #expect(pairs == 8)
        #expect(MeasuredGrowth(gappy) == nil)
        #expect(MeasuredGrowth([]) == nil)
    }

    @Test("a shrinking database measures negative; an even count of pairs takes the middle two's mean")
    func shrinkingAndEven() throws {
        let shrinking = try #require(MeasuredGrowth(sizes(29) { 9_000_000 - Int64($0) * 70 }))
        #expect(shrinking.bytesPerDay == -70)
        // 23 days: 16 pairs; the first eight grow 700 bytes in their week, the last eight
        // 1,400: the median is (100 + 200) / 2 a day.
        var bytes = [Int64](repeating: 0, count: 23)
        for first in 0..<16 { bytes[first + 7] = bytes[first] + (first < 8 ? 700 : 1_400) }
        let even = try #require(MeasuredGrowth(sizes(23) { bytes[$0] }))
        #expect(even.weeks == 16)
        #expect(even.bytesPerDay == 150)
    }

    @Test("the UTC day of an instant, before and after 1970 alike")
    func utcDay() throws {
        #expect(StorageSize.day(of: try Timestamp(rfc3339: "2026-12-07T23:59:59.999Z")) == CivilDate(year: 2026, month: 12, day: 7))
        #expect(StorageSize.day(of: try Timestamp(rfc3339: "2026-12-08T00:00:00Z")) == CivilDate(year: 2026, month: 12, day: 8))
        #expect(StorageSize.day(of: try Timestamp(rfc3339: "1969-12-31T23:59:59Z")) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(StorageSize.day(of: try Timestamp(rfc3339: "1969-12-31T00:00:00Z")) == CivilDate(year: 1969, month: 12, day: 31))
    }
}
