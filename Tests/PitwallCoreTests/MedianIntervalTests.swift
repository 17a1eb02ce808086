import Foundation
import PitwallSimulator
import Testing

@testable import PitwallCore

@Suite("A median on few: its 95 % range, and response times judged by it")
struct MedianIntervalTests {
    @Test("the ranks match the binomial table: none below 6, (2, 9) of 10, (6, 15) of 20, (9, 21) of 29")
    func ranks() {
        #expect(MedianInterval.ranks(count: 5) == nil)
        #expect(MedianInterval.ranks(count: 6)! == (1, 6))
        #expect(MedianInterval.ranks(count: 9)! == (2, 8))
        #expect(MedianInterval.ranks(count: 10)! == (2, 9))
        #expect(MedianInterval.ranks(count: 20)! == (6, 15))
        #expect(MedianInterval.ranks(count: 29)! == (9, 21))
    }

    @Test("on simulated response times the range takes in the true median at least 95 times in 100, for every n from 6 to 29")
    func coverage() {
        var random = SeededRandom(seed: 23)
        // Log-normal seconds, median e^5 ≈ 148 s: a few very slow answers, as in a real queue.
        let trueMedian = exp(5.0)
        for n in 6..<30 {
            let (lower, upper) = MedianInterval.ranks(count: n)!
            var covered = 0
            let trials = 4_000
            for _ in 0..<trials {
                let times = (0..<n).map { _ in exp(5 + 1.2 * Self.normal(&random)) }.sorted()
                if times[lower - 1] <= trueMedian && trueMedian <= times[upper - 1] { covered += 1 }
            }
            // The exact coverage is at least 95 %; 4,000 draws put a 95 % rate above 94.2 %
            // with near certainty (three standard errors below).
            #expect(Double(covered) / Double(trials) >= 0.942, "n = \(n): \(covered) of \(trials)")
        }
    }

    static func normal(_ random: inout SeededRandom) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let v = Double.random(in: 0..<1, using: &random)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// The response-time KPI of one group of answers, as the scorecard computes it.
    func responseTime(_ seconds: [Double]) -> KPIResult {
        var sketch = QuantileSketch()
        for value in seconds { sketch.add(value) }
        var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
        counters[RollupCounter.leads.rawValue] = Int64(seconds.count)
        counters[RollupCounter.answered.rawValue] = Int64(seconds.count)
        var totals = KPITotals()
        totals.add(RollupRow(cell: RollupCell(dimension: .agent, value: "maria", store: "lkt", day: 0), counters: counters, responseTimes: sketch.encoded))
        var result = KPICatalog.standard.evaluate(totals, only: [.firstResponseTime])[0]
        result.status = KPICatalog.standard[.firstResponseTime].bands.status(of: result.value)
        return result
    }

    @Test("an agent's median answer of 400 s over 9 leads is too few to tell: it could be 40 s to 600 s; over 30 it is judged")
    func judgedOnFew() throws {
        let definition = KPICatalog.standard[.firstResponseTime]
        let nine = responseTime([30, 40, 50, 60, 400, 420, 500, 600, 700])
        #expect(abs(nine.value! - 400) / 400 < 0.01)
        #expect(nine.status != .green)
        guard case .tooFewToTell(_, let range, 9, nil) = nine.judgement(definition) else {
            Issue.record("9 answers with a 400 s median should be too few to tell: \(nine.judgement(definition))")
            return
        }
        // The 2nd and 8th of nine, within the sketch's 1 %.
        #expect(abs(range.lower - 40) / 40 < 0.01 && abs(range.upper - 600) / 600 < 0.01)
        // Slow throughout: even the 2nd fastest of nine is past five minutes, so it is judged.
        let slow = responseTime([200, 400, 420, 450, 500, 520, 600, 650, 700])
        #expect(slow.judgement(definition) == .asItStands(slow.status, stillComingIn: nil))
        // Five answers cannot bound a median at 95 %: too few, with no upper bound.
        guard case .tooFewToTell(_, let open, 5, nil) = responseTime([30, 400, 500, 600, 700]).judgement(definition) else {
            Issue.record("5 answers should be too few to tell")
            return
        }
        #expect(!open.isBounded && open.lower == 0)
        // From 30 answers on, the figure is judged as it stands; its JSON carries no range.
        let thirty = responseTime((0..<30).map { 280 + Double($0) * 10 })
        #expect(thirty.plausibleRange == nil)
        #expect(thirty.judgement(definition) == .asItStands(thirty.status, stillComingIn: nil))
        #expect(thirty.status != .green)
        // On target is on target, however few.
        let quick = responseTime([20, 30, 40])
        #expect(quick.judgement(definition) == .asItStands(.green, stillComingIn: nil))
    }
}
