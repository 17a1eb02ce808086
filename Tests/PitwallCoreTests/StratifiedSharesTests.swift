import Testing

@testable import PitwallCore

/// The figures below were worked out apart from this code: the Mantel-Haenszel χ² by its
/// textbook formula in Python, its tail by `scipy.stats.chi2.sf(x, 1)`, and one group set
/// against `scipy.stats.chi2_contingency(correction=False)` times (n − 1)/n.
@Suite("Shares compared group by group: sales by wait, source for source")
struct StratifiedSharesTests {
    typealias Stratum = StratifiedShares.Stratum

    /// Web forms: 6 % of those answered fast bought, 4 % of the late. Walk-ins: 30 % against
    /// 25 %. Fast wins in both, yet pooled the late side reads 14.5 % against 7.1 %, because
    /// half of it is walk-ins.
    static let web = Stratum(firstTrials: 1000, firstSuccesses: 60, secondTrials: 100, secondSuccesses: 4)
    static let walkIns = Stratum(firstTrials: 50, firstSuccesses: 15, secondTrials: 100, secondSuccesses: 25)

    @Test("the pooled shares say the late side buys more; group for group the fast side does")
    func simpson() throws {
        let shares = StratifiedShares([Self.web, Self.walkIns])
        #expect(abs(shares.firstSideExcess - 3.484_848_484_848) < 1e-9)
        #expect(try abs(#require(shares.chance) - 0.305_139_708_6) < 1e-9, "too few to be clear")
        // Had the 200 late leads bought as the fast ones of their own source did: 6 + 30 of 200.
        #expect(shares.secondSideAtFirstShares == 0.18)
        let pooledLate = (4.0 + 25) / 200, pooledFast = (60.0 + 15) / 1050
        #expect(pooledLate > pooledFast && shares.secondSideAtFirstShares! > pooledLate)
    }

    @Test("four times the leads make the same difference clear; a group with one side only changes nothing")
    func clear() throws {
        let scaled = [
            Stratum(firstTrials: 4000, firstSuccesses: 240, secondTrials: 400, secondSuccesses: 16),
            Stratum(firstTrials: 200, firstSuccesses: 60, secondTrials: 400, secondSuccesses: 100),
        ]
        let shares = StratifiedShares(scaled)
        #expect(try abs(#require(shares.chance) - 0.039_958_708_817) < 1e-9)
        #expect(abs(shares.firstSideExcess - 13.939_393_939_39) < 1e-8)
        let withLoneSide = StratifiedShares(scaled + [Stratum(firstTrials: 0, firstSuccesses: 0, secondTrials: 50, secondSuccesses: 5)])
        #expect(withLoneSide.chance == shares.chance && withLoneSide.secondSideAtFirstShares == 0.18)
    }

    @Test("one group is the pooled χ² test, scaled by (n − 1)/n")
    func oneGroup() throws {
        let shares = StratifiedShares([Stratum(firstTrials: 400, firstSuccesses: 48, secondTrials: 200, secondSuccesses: 6)])
        // Pearson's χ² 13.186813, so Mantel-Haenszel's 13.164835 and a tail of 0.000285252.
        #expect(try abs(#require(shares.chance) - 0.000_285_251_878_858) < 1e-12)
        #expect(shares.secondSideAtFirstShares == 0.12)
    }

    @Test("nothing to compare gives no chance; nothing varying gives 1")
    func edges() {
        #expect(StratifiedShares([]).chance == nil)
        #expect(StratifiedShares([Stratum(firstTrials: 10, firstSuccesses: 1, secondTrials: 0, secondSuccesses: 0)]).chance == nil)
        #expect(StratifiedShares([Stratum(firstTrials: 10, firstSuccesses: 0, secondTrials: 20, secondSuccesses: 0)]).chance == 1)
        #expect(StratifiedShares([Stratum(firstTrials: 10, firstSuccesses: 2, secondTrials: 20, secondSuccesses: 4)]).chance == 1)
    }
}
