/// How long after their leads outcomes come, measured on leads old enough to have had most
/// of theirs: the leads that came in 30 to 90 days before today.
public struct OutcomeDelays: Hashable, Sendable {
    private var distributions: [LeadOutcome: DelayDistribution]
    /// How many leads the delays were measured on.
    public let referenceLeads: Int

    /// Below this many outcomes of a kind the shape of their delays is not trusted, and no
    /// window is said to be still maturing for it.
    public static let minimumOutcomes = 30
    /// The reference leads came in from `referenceDays.lowerBound` to `referenceDays.upperBound`
    /// days before today: old enough for most outcomes, recent enough to be today's pace.
    public static let referenceDays = 30...90

    public init(_ leads: [LeadOutcomeTimes]) {
        var delays: [LeadOutcome: [Double]] = [:]
        for lead in leads {
            for outcome in LeadOutcome.allCases {
                guard let at = lead[outcome] else { continue }
                // An outcome dated before its lead (a clock off, a lead sent late) counts as at once.
                delays[outcome, default: []].append(max(0, lead.createdAt.seconds(until: at)))
            }
        }
        distributions = delays.mapValues { DelayDistribution(sorted: $0.sorted()) }
        referenceLeads = leads.count
    }

    /// How many outcomes of this kind were measured.
    public func measured(_ outcome: LeadOutcome) -> Int { distributions[outcome]?.count ?? 0 }

    /// The share of outcomes that came within `seconds` of their lead; nil with too few measured.
    public func shareWithin(_ seconds: Double, of outcome: LeadOutcome) -> Double? {
        guard let distribution = distributions[outcome], distribution.count >= Self.minimumOutcomes else { return nil }
        return distribution.share(within: seconds)
    }

    /// The delay within which `share` of the outcomes came (nearest rank); nil with too few measured.
    public func delay(within share: Double, of outcome: LeadOutcome) -> Double? {
        guard let distribution = distributions[outcome], distribution.count >= Self.minimumOutcomes else { return nil }
        return distribution.delay(within: share)
    }
}

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
