import Foundation
import Testing

@testable import PitwallCore

@Suite("Quantile sketch")
struct QuantileSketchTests {
    /// The exact quantile by the same rule: the value at rank ⌊q·(n−1)⌋.
    func exact(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        return sorted[Int((q * Double(sorted.count - 1)).rounded(.down))]
    }

    @Test("quantiles stay within 1 % of the exact value on skewed data", arguments: [1, 7, 42, 1_000, 20_000])
    func accuracy(count: Int) {
        var random = SplitMixForTests(seed: UInt64(count))
        // Response times: mostly seconds to minutes, a long tail to days.
        let values = (0..<count).map { _ in exp(Double(random.next() % 10_000) / 10_000 * 13) / 10 }
        var sketch = QuantileSketch()
        values.forEach { sketch.add($0) }
        #expect(sketch.count == Int64(count))
        for q in [0.0, 0.1, 0.5, 0.9, 0.99, 1.0] {
            let truth = exact(values, q)
            let estimate = sketch.quantile(q)!
            #expect(abs(estimate - truth) <= 0.01 * truth, "q=\(q): \(estimate) against \(truth)")
        }
    }

    @Test("merging sketches equals sketching everything; removing undoes adding")
    func mergeAndRemove() {
        var random = SplitMixForTests(seed: 9)
        let values = (0..<3_000).map { _ in Double(random.next() % 100_000) / 37 }
        var whole = QuantileSketch()
        var parts = [QuantileSketch(), QuantileSketch(), QuantileSketch()]
        for (index, value) in values.enumerated() {
            whole.add(value)
            parts[index % 3].add(value)
        }
        var merged = QuantileSketch()
        parts.forEach { merged.merge($0) }
        #expect(merged == whole)
        merged.merge(parts[2], sign: -1)
        var firstTwo = parts[0]
        firstTwo.merge(parts[1])
        #expect(merged == firstTwo)
        var single = QuantileSketch()
        single.add(12.5)
        single.remove(12.5)
        #expect(single.isEmpty)
    }

    @Test("zero and immediate responses are counted as zero")
    func zeros() {
        var sketch = QuantileSketch()
        [0, 0, 0.0005, 10].forEach { sketch.add($0) }
        #expect(sketch.quantile(0.5) == 0)
        #expect(abs(sketch.quantile(1)! - 10) <= 0.1)
    }

    @Test("the stored form reads back, and the accumulator agrees with the sketch")
    func encodingAndAccumulator() throws {
        var random = SplitMixForTests(seed: 4)
        var sketches: [QuantileSketch] = []
        var combined = QuantileSketch()
        for _ in 0..<50 {
            var sketch = QuantileSketch()
            for _ in 0..<40 { sketch.add(Double(random.next() % 50_000) / 11) }
            sketch.add(0)
            sketches.append(sketch)
            combined.merge(sketch)
        }
        var accumulator = QuantileAccumulator()
        for sketch in sketches {
            #expect(QuantileSketch(encoded: sketch.encoded) == sketch)
            accumulator.add(encoded: sketch.encoded)
        }
        #expect(accumulator.count == combined.count)
        for q in [0.0, 0.25, 0.5, 0.9, 1.0] { #expect(accumulator.quantile(q) == combined.quantile(q)) }
        #expect(QuantileAccumulator().quantile(0.5) == nil)
    }

    @Test("the stored form spends a few bytes a bucket, and refuses what is not one")
    func storedForm() throws {
        #expect(QuantileSketch().encoded.isEmpty)
        #expect(QuantileSketch(encoded: Data()) == QuantileSketch())
        // A lead answered at 0.4 s (a negative bucket index), one at 45 s, two at 4 min, one
        // after a week, and one immediately.
        var sketch = QuantileSketch()
        [0.4, 45, 240, 240, 604_800, 0].forEach { sketch.add($0) }
        let stored = sketch.encoded
        #expect(stored.count <= 1 + 4 * 4, "\(stored.count) bytes for 4 buckets")
        #expect(QuantileSketch(encoded: stored) == sketch)
        #expect(sketch.quantile(0) == 0)
        #expect(abs(sketch.quantile(0.2)! - 0.4) <= 0.004)
        #expect(abs(sketch.quantile(1)! - 604_800) <= 6_048)
        // Counts a recount took below zero survive the trip too.
        var negative = QuantileSketch()
        negative.add(30, count: -3)
        #expect(QuantileSketch(encoded: negative.encoded) == negative)
        // A number cut short; an index that does not rise; a number past 64 bits.
        for garbage in [Data([0x80]), Data([0, 2, 2, 0, 2]), Data([0, 2]), Data(repeating: 0xFF, count: 11)] {
            #expect(QuantileSketch(encoded: garbage) == nil, "\(Array(garbage))")
        }
    }

    @Test("the accumulator answers the same in its short list and its flat array")
    func accumulatorSwitch() {
        var random = SplitMixForTests(seed: 21)
        var list = QuantileAccumulator()
        var sketches: [QuantileSketch] = []
        // Few values: stays a list.
        for _ in 0..<30 {
            var sketch = QuantileSketch()
            sketch.add(Double(random.next() % 7_200) + 5)
            sketches.append(sketch)
            list.add(encoded: sketch.encoded)
        }
        #expect(!list.isDense)
        var combined = QuantileSketch()
        sketches.forEach { combined.merge($0) }
        for rank in Int64(0)..<30 {
            var truth = QuantileAccumulator()
            truth.add(combined)
            #expect(list.value(atRank: rank) == truth.value(atRank: rank))
        }
        // Out of order, then past the switch: the same quantiles as one sketch of it all.
        var wide = QuantileAccumulator()
        var everything = QuantileSketch()
        for step in 0..<400 {
            var sketch = QuantileSketch()
            sketch.add(Double((step * 7_919) % 400) * 37 + 1)
            everything.merge(sketch)
            wide.add(encoded: sketch.encoded)
        }
        #expect(wide.isDense)
        #expect(wide.count == 400)
        for q in [0.0, 0.1, 0.5, 0.9, 1.0] { #expect(wide.quantile(q) == everything.quantile(q)) }
    }
}

@Suite("KPI statuses and figures")
struct KPIStatusTests {
    @Test(
        "status bands: green inside the target, red past the SOP's critical level",
        arguments: [
            (KPIKey.optOutRate, 0.03, KPIStatus.green), (.optOutRate, 0.05, .green), (.optOutRate, 0.06, .yellow), (.optOutRate, 0.081, .red),
            (.leadResponseRate, 0.30, .green), (.leadResponseRate, 0.40, .green), (.leadResponseRate, 0.18, .yellow), (.leadResponseRate, 0.14, .red),
            (.messageDeliveryRate, 0.96, .green), (.messageDeliveryRate, 0.92, .yellow), (.messageDeliveryRate, 0.89, .red),
            (.conversationLength, 6, .green), (.conversationLength, 9, .yellow), (.conversationLength, 2, .red), (.conversationLength, 13, .red),
            (.firstResponseTime, 120, .green), (.firstResponseTime, 600, .yellow), (.firstResponseTime, 1_000, .red),
        ])
    func status(key: KPIKey, value: Double, expected: KPIStatus) {
        #expect(KPICatalog.standard[key].bands.status(of: value) == expected)
    }

    @Test("gap is how far from green, signed")
    func gap() {
        let conversion = KPICatalog.standard[.leadToSaleConversion].bands
        #expect(abs(conversion.gap(of: 0.065)! - -0.015) < 1e-12)
        #expect(conversion.gap(of: 0.15) == 0)
        #expect(KPICatalog.standard[.firstResponseTime].bands.gap(of: 420) == 120)
        #expect(conversion.gap(of: nil) == nil)
    }

    @Test("a configured change becomes a new version in the change log")
    func overrides() {
        let changed = KPICatalog.standard.applying([
            KPICatalog.Override(key: .leadResponseRate, targetMin: 0.28, date: CivilDate(year: 2026, month: 4, day: 1)!, reason: "new AI model answers better")
        ])
        let definition = changed[.leadResponseRate]
        #expect(definition.version == 2)
        #expect(definition.changes.last?.reason == "new AI model answers better")
        #expect(definition.changes.last?.summary.contains("0.25") == true)
        #expect(definition.bands.status(of: 0.26) == .yellow)
        #expect(KPICatalog.standard[.leadResponseRate].bands.status(of: 0.26) == .green)
    }

    @Test("numbers read the way people say them", arguments: [
        (0.093, KPIUnit.ratio, "9.3%"), (0.08, .ratio, "8%"), (0.95555, .ratio, "95.6%"), (252, .seconds, "4 min 12 s"), (45, .seconds, "45 s"),
        (7_260, .seconds, "2 h 1 min"), (90_000, .seconds, "1 d 1 h"), (38_250.5, .currency, "$38,251"), (6.567, .messages, "6.6"),
    ])
    func formatting(value: Double, unit: KPIUnit, text: String) {
        #expect(KPIFormatting.value(value, unit: unit) == text)
    }

    @Test("gaps carry a sign and points for ratios")
    func gapFormatting() {
        #expect(KPIFormatting.gap(-0.0115, unit: .ratio) == "-1.2 pts")
        #expect(KPIFormatting.gap(0.00001, unit: .ratio) == "0")
        #expect(KPIFormatting.gap(0.5, unit: .ratio) == "+50 pts")
        #expect(KPIFormatting.gap(-0.09, unit: .ratio) == "-9 pts")
        #expect(KPIFormatting.gap(-468.2, unit: .currency) == "-$468")
        #expect(KPIFormatting.gap(120, unit: .seconds) == "+2 min")
        // An API answering in 300 ms instead of 276 ms: sub-second changes show in milliseconds.
        #expect(KPIFormatting.gap(0.300 - 0.276, unit: .seconds) == "+24 ms")
        #expect(KPIFormatting.gap(-0.0004, unit: .seconds) == "0")
    }
}

@Suite("Scorecard parameters")
struct KPIQueryTests {
    let today = CivilDate(year: 2026, month: 3, day: 31)!

    @Test("defaults to the 30 days ending today")
    func defaults() throws {
        let query = try KPIQuery.parse(from: nil, to: nil, store: nil, groupBy: nil, compare: nil, today: today)
        #expect(query.from == CivilDate(year: 2026, month: 3, day: 2))
        #expect(query.to == today)
        #expect(query.comparedWindow == nil)
        let compared = try #require(try KPIQuery.parse(from: nil, to: nil, store: nil, groupBy: nil, compare: "previous", today: today).comparedWindow)
        #expect(compared.from == CivilDate(year: 2026, month: 1, day: 31))
        #expect(compared.to == CivilDate(year: 2026, month: 3, day: 1))
    }

    @Test(
        "a year before is the same dates, 29 February taken as the 28th",
        arguments: [
            ("2026-03-02", "2026-03-31", "2025-03-02", "2025-03-31"), ("2028-02-01", "2028-02-29", "2027-02-01", "2027-02-28"),
            ("2028-02-29", "2028-03-01", "2027-02-28", "2027-03-01"), ("2029-02-28", "2029-03-01", "2028-02-28", "2028-03-01"),
            ("2026-12-25", "2027-01-07", "2025-12-25", "2026-01-07"),
        ])
    func previousYear(from: String, to: String, comparedFrom: String, comparedTo: String) throws {
        let query = try KPIQuery.parse(from: from, to: to, store: nil, groupBy: nil, compare: "previous_year", today: today)
        #expect(query.comparison == .previousYear)
        #expect(query.comparedWindow?.from.description == comparedFrom)
        #expect(query.comparedWindow?.to.description == comparedTo)
    }

    @Test("an unknown comparison lists the ones there are")
    func unknownComparison() {
        #expect {
            try KPIQuery.parse(from: nil, to: nil, store: nil, groupBy: nil, compare: "last-year", today: today)
        } throws: { error in
            (error as? KPIQueryProblem)?.description == "compare: 'last-year' is not one of previous, previous_year, previous_month, previous_week"
        }
    }

    @Test(
        "a bad parameter is named",
        arguments: [
            ("2026-02-30", "2026-03-01", nil, nil, "from"), ("2026-03-01", "tomorrow", nil, nil, "to"), ("2026-03-05", "2026-03-01", nil, nil, "to"),
            ("2026-03-01", "2026-03-05", "dealer", nil, "group_by"), ("2026-03-01", "2026-03-05", nil, "last-year", "compare"),
            ("2000-01-01", "2026-03-05", nil, nil, "from"),
        ] as [(String?, String?, String?, String?, String)])
    func problems(from: String?, to: String?, groupBy: String?, compare: String?, parameter: String) {
        #expect {
            try KPIQuery.parse(from: from, to: to, store: nil, groupBy: groupBy, compare: compare, today: today)
        } throws: { error in
            (error as? KPIQueryProblem)?.parameter == parameter
        }
    }

    @Test(
        "a window by name is the days the dashboard's preset names (today 31 March 2026)",
        arguments: [
            ("today", "2026-03-31", "2026-03-31"), ("yesterday", "2026-03-30", "2026-03-30"), ("7d", "2026-03-25", "2026-03-31"),
            ("30d", "2026-03-02", "2026-03-31"), ("mtd", "2026-03-01", "2026-03-31"), ("last_month", "2026-02-01", "2026-02-28"),
        ])
    func namedWindow(window: String, from: String, to: String) throws {
        let query = try KPIQuery.parse(window: window, from: nil, to: nil, store: "hph", groupBy: nil, compare: "previous", today: today)
        #expect((query.from.description, query.to.description) == (from, to))
        #expect(query.store == StoreID("hph"))
        #expect(query.comparison == .previous)
    }

    @Test("a window by name is not given with dates, and an unknown name lists the ones there are")
    func namedWindowProblems() throws {
        #expect {
            try KPIQuery.parse(window: "30d", from: "2026-03-01", to: nil, store: nil, groupBy: nil, compare: nil, today: today)
        } throws: { error in
            (error as? KPIQueryProblem)?.description == "window: give either window or from and to, not both"
        }
        #expect {
            try KPIQuery.parse(window: "7d", from: nil, to: "2026-03-01", store: nil, groupBy: nil, compare: nil, today: today)
        } throws: { error in
            (error as? KPIQueryProblem)?.parameter == "window"
        }
        #expect {
            try KPIQuery.parse(window: "last_week", from: nil, to: nil, store: nil, groupBy: nil, compare: nil, today: today)
        } throws: { error in
            (error as? KPIQueryProblem)?.description == "window: 'last_week' is not one of today, yesterday, 7d, 30d, 90d, mtd, last_month, custom"
        }
        // `custom` and an empty name are the dates themselves, as the dashboard's form sends them.
        let custom = try KPIQuery.parse(window: "custom", from: "2026-01-05", to: "2026-01-09", store: nil, groupBy: nil, compare: nil, today: today)
        #expect((custom.from.description, custom.to.description) == ("2026-01-05", "2026-01-09"))
        let empty = try KPIQuery.parse(window: "", from: nil, to: nil, store: nil, groupBy: nil, compare: nil, today: today)
        #expect((empty.from.description, empty.to.description) == ("2026-03-02", "2026-03-31"))
    }

    @Test("ISO weeks start on Monday; the first week holds the first Thursday", arguments: [
        ("2026-01-01", "2026-W01"), ("2025-12-29", "2026-W01"), ("2027-01-01", "2026-W53"), ("2026-03-08", "2026-W10"), ("2026-03-09", "2026-W11"),
    ])
    func weeks(date: String, label: String) {
        #expect(CivilDate(iso: date)!.isoWeekLabel == label)
    }
}
