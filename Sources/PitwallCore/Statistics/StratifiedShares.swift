import Foundation

/// Two shares compared group by group (the Cochran-Mantel-Haenszel test): do leads answered
/// fast buy more often than those answered late *of the same source*? Pooled shares can say
/// the opposite of every group's (Simpson's paradox): callers and walk-ins buy three times as
/// often as web forms, so where they wait longer the late side looks the better bet.
public struct StratifiedShares: Hashable, Sendable {
    /// One group's counts: the first side (answered fast) and the second (answered late).
    public struct Stratum: Hashable, Sendable {
        public var firstTrials: Double
        public var firstSuccesses: Double
        public var secondTrials: Double
        public var secondSuccesses: Double
    }

    public var strata: [Stratum]

    public init(_ strata: [Stratum]) { self.strata = strata }

    /// Groups with both sides counted: only they say anything about the difference.
    public var comparable: [Stratum] { strata.filter { $0.firstTrials > 0 && $0.secondTrials > 0 } }

    /// Σ (first side's successes − what it would have had at the group's pooled share): above 0
    /// when the first side did better group for group, weighting each group by its size.
    public var firstSideExcess: Double {
        comparable.reduce(0) { total, s in
            let n = s.firstTrials + s.secondTrials
            return total + s.firstSuccesses - s.firstTrials * (s.firstSuccesses + s.secondSuccesses) / n
        }
    }

    /// The share the second side would have had had each of its members done as well as the
    /// first side of its own group: the like-for-like yardstick for the second side's own share.
    /// Nil when no group has both sides.
    public var secondSideAtFirstShares: Double? {
        let groups = comparable
        let trials = groups.reduce(0) { $0 + $1.secondTrials }
        guard trials > 0 else { return nil }
        return groups.reduce(0) { $0 + $1.secondTrials * $1.firstSuccesses / $1.firstTrials } / trials
    }

    /// The two-sided p-value that chance alone parts the sides this far, group for group
    /// (Mantel-Haenszel's χ² with one degree of freedom, without continuity correction, so one
    /// group gives nearly the pooled z-test's answer). 1 when nothing varies within any group;
    /// nil when no group has both sides.
    public var chance: Double? {
        let groups = comparable
        guard !groups.isEmpty else { return nil }
        var variance = 0.0
        for s in groups {
            let n = s.firstTrials + s.secondTrials
            guard n > 1 else { continue }
            let successes = s.firstSuccesses + s.secondSuccesses
            variance += s.firstTrials * s.secondTrials * successes * (n - successes) / (n * n * (n - 1))
        }
        guard variance > 0 else { return 1 }
        let excess = firstSideExcess
        return erfc((excess * excess / variance).squareRoot() / 2.0.squareRoot())
    }
}
