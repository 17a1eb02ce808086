import Foundation
import PitwallSimulator
import Testing

@testable import PitwallCore

@Suite("An average on few: its 95 % range, and sale values and conversation lengths judged by it")
struct MeanIntervalTests {
    @Test("the t values put 97.5 % of Student's distribution below them, for 1 to 80 degrees of freedom (the density integrated numerically)")
    func studentT() {
        for df in 1...80 {
            let t = MeanInterval.studentT975(degreesOfFreedom: df)
            let below = Self.studentCDF(t, degreesOfFreedom: Double(df))
            #expect(abs(below - 0.975) < 0.0002, "df \(df): t = \(t) leaves \(below) below")
        }
        // Wider on fewer: the t value falls toward the normal 1.96.
        let values = (1...80).map { MeanInterval.studentT975(degreesOfFreedom: $0) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 > $1 } && values.last! > 1.96)
    }

    /// P(T ≤ t) by Simpson's rule on the density, which is symmetric about 0.
    static func studentCDF(_ t: Double, degreesOfFreedom v: Double) -> Double {
        let scale = exp(lgamma((v + 1) / 2) - lgamma(v / 2)) / (v * .pi).squareRoot()
        let density = { (x: Double) in scale * pow(1 + x * x / v, -(v + 1) / 2) }
        let steps = 20_000
        let h = t / Double(steps)
        var sum = density(0) + density(t)
        for i in 1..<steps { sum += density(Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return 0.5 + sum * h / 3
    }

    @Test("worked by hand: four sales of $22,000-$34,000 average $28,000, 95 % from $21,218 to $38,250; one sale bounds nothing")
    func byHand() throws {
        // s² = (6² + 2² + 2² + 6²)/3 thousand² = 26.67 M; v = s²/(9·4·28,000²) = 0.000945,
        // t·√v = 3.182 × 0.03074 = 0.09781; the cube roots 1 − v ± t·√v are 1.09686 and 0.90125,
        // their cubes 1.31964 and 0.73202: $28,000 / 1.31964 = $21,218 and / 0.73202 = $38,250.
        let squares: Double = [22_000.0, 26_000, 30_000, 34_000].map { $0 * $0 }.reduce(0, +)
        let four = try #require(MeanInterval.of(count: 4, sum: 112_000, sumOfSquares: squares))
        #expect(abs(four.lower - 21_218) < 1 && abs(four.upper - 38_250) < 1, "\(four)")
        // Longer above the average than below: the amounts trail off upwards, not towards $0.
        #expect(four.upper - 28_000 > 28_000 - four.lower)
        // Identical values have no spread: the range is the value.
        #expect(MeanInterval.of(count: 3, sum: 15, sumOfSquares: 75) == PlausibleRange(lower: 5, upper: 5))
        // Two conversations of 1 and 9 messages: hardly above the floor of 1, and nothing bounds
        // them above (1 − v − t·√v = 1 − 0.111 − 12.706 × 0.333 < 0).
        let two = try #require(MeanInterval.of(count: 2, sum: 10, sumOfSquares: 82, floor: 1))
        #expect(two.lower >= 1 && two.lower < 1.05 && !two.isBounded, "\(two)")
        #expect(MeanInterval.of(count: 1, sum: 40_000, sumOfSquares: 1.6e9) == PlausibleRange(lower: 0, upper: .infinity))
        #expect(MeanInterval.of(count: 0, sum: 0, sumOfSquares: 0) == nil)
        // Rollups counted before squares were kept: no range rather than a falsely sure one.
        #expect(MeanInterval.of(count: 5, sum: 200_000, sumOfSquares: 0) == nil)
    }

    @Test("on many amounts spread evenly about a large average the range is the t interval's, mean ± t·s/√n, to within 1 %")
    func evenSpreadIsSymmetric() throws {
        // 29 sales, $37,000-$39,000 evenly: s = $591, t = 2.048, so ± $225 either side of $38,000.
        let amounts = (0..<29).map { 37_000 + Double($0) * 2_000 / 28 }
        let n = Double(amounts.count), mean = amounts.reduce(0, +) / n
        let s = (amounts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        let half = 2.048 * s / n.squareRoot()
        let range = try #require(MeanInterval.of(count: n, sum: amounts.reduce(0, +), sumOfSquares: amounts.map { $0 * $0 }.reduce(0, +)))
        // Within 1 % of the half-width: what little skew a gamma so narrow has.
        #expect(abs(range.lower - (mean - half)) < 0.01 * half && abs(range.upper - (mean + half)) < 0.01 * half, "\(range) against \(mean) ± \(half)")
    }

    /// The average sale value of one group of sales, as the scorecard computes it.
    func averageSale(_ dollars: [Double]) -> KPIResult {
        var metrics = RollupMetrics()
        for amount in dollars {
            let cents = Money(amount: amount).cents
            metrics[.salesClosed] += 1
            metrics[.revenueCents] += cents
            let hundreds = (cents + 5_000) / 10_000
            metrics[.saleHundredsSquared] += hundreds * hundreds
        }
        return evaluate(metrics, .averageSaleValue)
    }

    /// The conversation length of one group of conversations, as the scorecard computes it.
    func conversationLength(_ lengths: [Int]) -> KPIResult {
        var metrics = RollupMetrics()
        for length in lengths {
            metrics[.conversations] += 1
            metrics[.conversationMessages] += Int64(length)
            metrics[.conversationMessagesSquared] += Int64(length * length)
        }
        return evaluate(metrics, .conversationLength)
    }

    func evaluate(_ metrics: RollupMetrics, _ key: KPIKey) -> KPIResult {
        var totals = KPITotals()
        totals.add(RollupRow(cell: RollupCell(dimension: .agent, value: "maria", store: "lkt", day: 0), counters: metrics.counters, responseTimes: Data()))
        return KPICatalog.standard.evaluate(totals, only: [key])[0]
    }

    @Test("an agent's four sales averaging $28,000 are too few to tell against $35,000-$45,000; four of about $20,000 are judged red")
    func salesJudgedOnFew() throws {
        let definition = KPICatalog.standard[.averageSaleValue]
        let four = averageSale([22_000, 26_000, 30_000, 34_000])
        #expect(four.value == 28_000 && four.status != .green)
        guard case .tooFewToTell(_, let range, 4, nil) = four.judgement(definition) else {
            Issue.record("4 sales averaging $28,000 with a spread of $5,000 should be too few to tell: \(four.judgement(definition))")
            return
        }
        #expect(abs(range.lower - 21_218) < 1 && abs(range.upper - 38_250) < 1)
        let tight = averageSale([19_600, 20_000, 20_000, 20_400])
        #expect(tight.judgement(definition) == .asItStands(.red, stillComingIn: nil))
        // One sale under target says nothing yet; thirty are judged as they stand.
        guard case .tooFewToTell(_, let open, 1, nil) = averageSale([30_000]).judgement(definition) else {
            Issue.record("one sale should be too few to tell")
            return
        }
        #expect(!open.isBounded)
        let thirty = averageSale((0..<30).map { 24_000 + Double($0 % 5) * 3_000 })
        #expect(thirty.plausibleRange == nil && thirty.judgement(definition) == .asItStands(thirty.status, stillComingIn: nil))
    }

    @Test("seven conversations averaging 3.6 messages against 5-8 are too few to tell; seven of 2-3 messages are judged")
    func conversationsJudgedOnFew() throws {
        let definition = KPICatalog.standard[.conversationLength]
        let seven = conversationLength([1, 2, 2, 3, 4, 5, 8])
        #expect(seven.status != .green)
        guard case .tooFewToTell(_, let range, 7, nil) = seven.judgement(definition) else {
            Issue.record("7 conversations averaging 3.6 should be too few to tell: \(seven.judgement(definition))")
            return
        }
        #expect(range.lower >= 1 && range.upper > 5)
        let short = conversationLength([2, 2, 3, 2, 3, 2, 2])
        #expect(short.judgement(definition) == .asItStands(short.status, stillComingIn: nil) && short.status != .green)
    }

    @Test("on simulated sale amounts and on long-tailed conversation lengths the range takes in the true average at least 93 times in 100, for every n from 5 to 29")
    func coverage() {
        var random = SeededRandom(seed: 29)
        // Sale amounts: log-normal around $38,000 (a quarter either way), mean 38,000·e^(σ²/2).
        let trueSaleMean = 38_000 * exp(0.25 * 0.25 / 2)
        // Conversation lengths: 1 + geometric, mean 1 + 0.75/0.25 = 4 messages, a long tail.
        let trueLengthMean = 4.0
        for n in 5..<30 {
            var salesCovered = 0, lengthsCovered = 0
            let trials = 4_000
            for _ in 0..<trials {
                let amounts = (0..<n).map { _ in (38_000 * exp(0.25 * Self.normal(&random))).rounded() }
                if let range = averageSale(amounts).plausibleRange, range.lower <= trueSaleMean, trueSaleMean <= range.upper { salesCovered += 1 }
                let lengths = (0..<n).map { _ in 1 + Self.geometric(failures: 0.75, &random) }
                if let range = conversationLength(lengths).plausibleRange, range.lower <= trueLengthMean, trueLengthMean <= range.upper { lengthsCovered += 1 }
            }
            // About the 95 % promised on both (sales 94.0-95.4 %, lengths 94.0-95.9 % seen); a t
            // interval took in the lengths' only 88-93 times in 100, missing most on the fewest,
            // being as long below the average as above it.
            #expect(Double(salesCovered) / Double(trials) >= 0.93, "n = \(n): sales \(salesCovered) of \(trials)")
            #expect(Double(lengthsCovered) / Double(trials) >= 0.93, "n = \(n): lengths \(lengthsCovered) of \(trials)")
        }
    }

    static func normal(_ random: inout SeededRandom) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let v = Double.random(in: 0..<1, using: &random)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// Failures before the first success, each try failing with probability `failures`.
    static func geometric(failures: Double, _ random: inout SeededRandom) -> Int {
        var count = 0
        while Double.random(in: 0..<1, using: &random) < failures { count += 1 }
        return count
    }
}
