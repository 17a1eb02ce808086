import Foundation
import Testing

import PitwallCore
import PitwallSimulator

@Suite("Cochran–Armitage trend test")
struct TrendTestTests {
    @Test("1, 3 and 5 of 10 at scores 0, 1, 2: Z = 4 / √4.2, p = 0.05096, worked by hand")
    func byHand() throws {
        let result = try #require(TrendTest.cochranArmitage([(1, 10), (3, 10), (5, 10)], scores: [0, 1, 2]))
        // p̄ = 0.3; slope 2·(5 − 3) = 4; variance 0.21·(50 − 30²/30) = 4.2.
        #expect(abs(result.z - 4 / 4.2.squareRoot()) < 1e-12)
        #expect(abs(result.chance - 0.0509619) < 1e-6, "\(result.chance)")
        let falling = try #require(TrendTest.cochranArmitage([(5, 10), (3, 10), (1, 10)], scores: [0, 1, 2]))
        #expect(abs(falling.z + result.z) < 1e-12 && abs(falling.chance - result.chance) < 1e-12, "the same slope the other way")
    }

    /// Z² equals N·r², r the Pearson correlation of score and outcome over the individual
    /// leads: a second way, from the raw 0/1 outcomes rather than the groups' counts.
    @Test("on seeded random groups, Z² equals N times the squared correlation of score and outcome lead by lead")
    func againstCorrelation() throws {
        var generator = SeededRandom(seed: 46)
        for _ in 0..<40 {
            let groups = (0..<5).map { _ -> (successes: Int, trials: Int) in
                let trials = Int.random(in: 0...60, using: &generator)
                return (Int.random(in: 0...trials, using: &generator), trials)
            }
            let scores: [Double] = [0, 1, 2, 3, 4]
            var xs: [Double] = []
            var ys: [Double] = []
            for (group, score) in zip(groups, scores) {
                xs += Array(repeating: score, count: group.trials)
                ys += Array(repeating: 1, count: group.successes) + Array(repeating: 0, count: group.trials - group.successes)
            }
            guard let result = TrendTest.cochranArmitage(groups, scores: scores) else {
                #expect(Set(ys).count < 2 || Set(xs).count < 2, "nil only when nothing varies: \(groups)")
                continue
            }
            let count = Double(xs.count)
            let (meanX, meanY) = (xs.reduce(0, +) / count, ys.reduce(0, +) / count)
            let covariance = zip(xs, ys).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
            let r = covariance / (xs.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) } * ys.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }).squareRoot()
            #expect(abs(result.z * result.z - count * r * r) < 1e-9 * max(1, count * r * r), "\(groups)")
            #expect((result.z > 0) == (r > 0) || abs(r) < 1e-12)
        }
    }

    @Test("nothing to slope: one group with trials, none or all succeeding, a single score")
    func undefined() {
        #expect(TrendTest.cochranArmitage([(3, 10), (0, 0)], scores: [0, 1]) == nil)
        #expect(TrendTest.cochranArmitage([(0, 10), (0, 12)], scores: [0, 1]) == nil)
        #expect(TrendTest.cochranArmitage([(10, 10), (12, 12)], scores: [0, 1]) == nil)
        #expect(TrendTest.cochranArmitage([(3, 10), (5, 12)], scores: [1, 1]) == nil)
    }
}
