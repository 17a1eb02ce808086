import Foundation
@testable import PitwallCore
import Testing

@Suite("Better or worse: which way a KPI moved, by its own bands")
struct ChangeDirectionTests {
    let catalog = KPICatalog.standard

    @Test("a floor: up is better; a ceiling: down is better; inside a two-sided band neither way is")
    func byBands() {
        let delivery = catalog[.messageDeliveryRate].bands  // green from 95 %
        #expect(delivery.direction(from: 0.953, to: 0.939) == .worse)
        #expect(delivery.direction(from: 0.93, to: 0.94) == .better)
        #expect(delivery.direction(from: 0.96, to: 0.97) == .better, "further into green is still better for a floor")
        let optOut = catalog[.optOutRate].bands  // green up to 5 %
        #expect(optOut.direction(from: 0.02, to: 0.013) == .better)
        #expect(optOut.direction(from: 0.06, to: 0.07) == .worse)
        let length = catalog[.conversationLength].bands  // green 5 – 8 messages
        #expect(length.direction(from: 6.5, to: 6.4) == .same)
        #expect(length.direction(from: 6.5, to: 9) == .worse)
        #expect(length.direction(from: 9, to: 8.5) == .better)
        #expect(length.direction(from: 3, to: 9) == .better, "two messages short, then one too many: nearer the band")
        #expect(length.direction(from: 3, to: 10) == .same, "two short, then two too many: as far from it")
        #expect(delivery.direction(from: 0.95, to: 0.95) == .same)
    }

    @Test("a young window is judged on where it is heading, as its change is: 5% with half its sales in beats a settled 9%")
    func heading() {
        let conversion = catalog[.leadToSaleConversion]
        let young = CohortMaturity(outcome: .sale, shareIn: 0.5, typicalDelay: 86_400 * 14, measuredOn: 500, settlesOn: CivilDate(iso: "2026-06-30")!)
        var now = KPIResult(key: .leadToSaleConversion, value: 0.05, numerator: 5, denominator: 100, details: [], status: .red, gap: -0.03)
        now.maturity = young
        let before = KPIResult(key: .leadToSaleConversion, value: 0.09, numerator: 9, denominator: 100, details: [], status: .green, gap: 0)
        guard case .betweenProjections(let change) = now.change(from: before) else {
            Issue.record("a young window's change is taken between projections")
            return
        }
        #expect(abs(change - 0.01) < 1e-12, "heading for 10% against 9%")
        #expect(now.direction(from: before, bands: conversion.bands) == .better)
        var settled = now
        settled.maturity = nil
        #expect(settled.direction(from: before, bands: conversion.bands) == .worse)
        var missing = before
        missing.value = nil
        #expect(now.direction(from: missing, bands: conversion.bands) == nil)
    }

    @Test("a young window's change is tested on what it stands on so far: 24 sales of 1,029 leads heading for 9 % against a settled 6.4 % is not clear; settled, it would be")
    func youngChangeIsTestedOnWhatIsIn() {
        let young = CohortMaturity(outcome: .sale, shareIn: 0.26, typicalDelay: 86_400 * 14, measuredOn: 663, settlesOn: CivilDate(iso: "2026-12-18")!)
        var now = KPIResult(key: .leadToSaleConversion, value: 24.0 / 1029, numerator: 24, denominator: 1029, details: [], status: .red, gap: -0.057)
        now.maturity = young
        let before = KPIResult(key: .leadToSaleConversion, value: 0.064, numerator: 66, denominator: 1031, details: [], status: .yellow, gap: -0.016)
        // Heading for 9 % on what 268 leads' worth of sales can tell (z about 1.5): not clear.
        #expect(now.direction(from: before, bands: KPICatalog.standard[.leadToSaleConversion].bands) == .better)
        #expect(now.isClearChange(from: before) == false)
        #expect(now.shownDirection(from: before, definition: KPICatalog.standard[.leadToSaleConversion]) == nil)
        // The same 9 % on all 1,029 leads' sales in (z about 2.2) would be.
        var settled = now
        settled.maturity = nil
        settled.value = 0.09
        settled.numerator = 0.09 * 1029
        #expect(settled.isClearChange(from: before) == true)
        #expect(settled.shownDirection(from: before, definition: KPICatalog.standard[.leadToSaleConversion]) == .better)
    }
}

@Suite("More than chance, for the figures that are not counts of leads")
struct OtherChangeTests {
    @Test("the AI-assisted revenue share is tested as a share of its sales: 61.8% against 61.9% of some 80 sales is not a change, 80% against 40% is")
    func revenueShare() {
        func share(_ value: Double, sales: Double) -> KPIResult {
            var result = KPIResult(key: .aiAssistedRevenueShare, value: value, numerator: value * 3_000_000, denominator: 3_000_000, details: [], status: .green, gap: 0)
            result.spread = .shareOfAmounts(items: sales)
            return result
        }
        #expect(share(0.618, sales: 77).isClearChange(from: share(0.619, sales: 80)) == false)
        #expect(share(0.8, sales: 77).isClearChange(from: share(0.4, sales: 80)) == true)
        var unknown = share(0.8, sales: 77)
        unknown.spread = nil
        #expect(unknown.isClearChange(from: share(0.4, sales: 80)) == nil, "without its sales there is no test")
    }

    @Test("system readings: the API's mean time over its readings is tested as an average; uptime, a share of time, has no test")
    func systemReadings() throws {
        let catalog = KPICatalog.standard
        // 300 readings a day: 250 ms give or take 35 ms, then the same 24 ms slower.
        func readings(_ shift: Double, day: String) throws -> [SystemSample] {
            let start = try Timestamp(rfc3339: "\(day)T00:00:00Z")
            return (0..<300).map { index in
                SystemSample(
                    eventID: EventID("\(day)-\(index)"), at: start.adding(seconds: Double(index) * 60),
                    reading: SystemReading(component: "api", metric: "api_response_time", value: 0.25 + shift + 0.05 * sin(Double(index))))
            }
        }
        let now = try Timestamp(rfc3339: "2026-03-10T00:00:00Z")
        let evidence = SystemHealthEvidence(signals: [], samples: ["api_response_time": try readings(0, day: "2026-03-02") + readings(0.024, day: "2026-03-03")])
        func day(_ from: String, _ to: String) throws -> KPIResult {
            try #require(catalog.systemResults(evidence, from: try Timestamp(rfc3339: from), to: try Timestamp(rfc3339: to), now: now, store: nil)[.apiResponseTime])
        }
        let before = try day("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"), after = try day("2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z")
        #expect(after.isClearChange(from: before) == true, "24 ms on 300 readings each, spread ±35 ms, is no accident")
        #expect(after.shownDirection(from: before, definition: catalog[.apiResponseTime]) == .worse)
        let up = KPIResult(key: .systemUptime, value: 0.977, numerator: 0.977 * 86_400, denominator: 86_400, details: [], status: .red, gap: -0.022)
        let upBefore = KPIResult(key: .systemUptime, value: 1, numerator: 86_400, denominator: 86_400, details: [], status: .green, gap: 0)
        #expect(up.isClearChange(from: upBefore) == nil)
        #expect(up.shownDirection(from: upBefore, definition: catalog[.systemUptime]) == .worse, "without a test, marked by its direction")
    }
}
