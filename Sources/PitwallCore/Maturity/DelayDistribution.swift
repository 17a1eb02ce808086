/// The delays of one kind of outcome: every one of them while there are few, else 2,001
/// evenly spaced order statistics. A server keeps one set per scope for the day, and a
/// large group's 100,000 sales would otherwise be 800 kB each; the kept points put a share
/// within 1/2,000 of the exact one.
struct DelayDistribution: Hashable, Sendable {
    /// How many delays were measured.
    let count: Int
    /// Ascending: all the delays, or the order statistics of ranks i × (count - 1) / `intervals`.
    let points: [Double]
    static let intervals = 2_000

    init(sorted: [Double]) {
        count = sorted.count
        if sorted.count <= Self.intervals + 1 {
            points = sorted
        } else {
            let last = Double(sorted.count - 1)
            points = (0...Self.intervals).map { sorted[Int((Double($0) * last / Double(Self.intervals)).rounded())] }
        }
    }

    private var isExact: Bool { points.count == count }

    /// The rank (0-based) in all the delays of the kept point at `index`.
    private func rank(ofPoint index: Int) -> Double {
        isExact ? Double(index) : (Double(index) * Double(count - 1) / Double(Self.intervals)).rounded()
    }

    /// The largest difference, over every delay, between the shares within it of the two
    /// (the two-sample Kolmogorov–Smirnov distance), walking both kept points in order.
    func largestGap(to other: DelayDistribution) -> Double {
        var mine = 0
        var theirs = 0
        var gap = 0.0
        while mine < points.count || theirs < other.points.count {
            let next = min(mine < points.count ? points[mine] : .infinity, theirs < other.points.count ? other.points[theirs] : .infinity)
            while mine < points.count, points[mine] <= next { mine += 1 }
            while theirs < other.points.count, other.points[theirs] <= next { theirs += 1 }
            gap = max(gap, abs(share(upTo: mine) - other.share(upTo: theirs)))
        }
        return gap
    }

    /// The share of the delays up to the first `kept` kept points.
    private func share(upTo kept: Int) -> Double {
        guard kept > 0 else { return 0 }
        guard kept < points.count else { return 1 }
        return (rank(ofPoint: kept - 1) + 1) / Double(count)
    }

    func share(within seconds: Double) -> Double {
        // The first kept point longer than `seconds`, by halving.
        var low = 0
        var high = points.count
        while low < high {
            let middle = (low + high) / 2
            if points[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return 0 }
        guard low < points.count else { return 1 }
        // Every delay up to the last kept point within `seconds` is within it too.
        return (rank(ofPoint: low - 1) + 1) / Double(count)
    }

    func delay(within share: Double) -> Double {
        let rank = min(max(Int((share * Double(count)).rounded(.up)), 1), count) - 1
        guard !isExact else { return points[rank] }
        return points[Int((Double(rank) * Double(Self.intervals) / Double(count - 1)).rounded())]
    }
}
