/// Leads, and those of them that bought, by store and source and by response bucket: what a
/// like-for-like comparison of waits is made of. Read from `source_response_bucket` cells, or
/// from `response_bucket` cells alone (then a store is one group, its sources pooled).
public struct SourceWaits: Sendable {
    struct Group: Hashable, Comparable {
        var store: StoreID
        var source: Substring

        static func < (lhs: Group, rhs: Group) -> Bool { (lhs.store.rawValue, lhs.source) < (rhs.store.rawValue, rhs.source) }
    }

    /// Counted by source: the rows were `source_response_bucket` cells.
    public let bySource: Bool
    private var counts: [Group: [ResponseBucket: (leads: Int64, sold: Int64)]] = [:]

    /// `leads` and `sold`: the counters that count them (all leads, or one tier's). Given both
    /// kinds of cell, the pooled ones are not read.
    public init(rows: [RollupRow], leads: RollupCounter, sold: RollupCounter) {
        self = Self.counting(rows, by: [(leads, sold)])[0]
    }

    /// One count for each pair of counters (a tier's leads and sold, say), each cell's name read once.
    public static func counting(_ rows: [RollupRow], by pairs: [(leads: RollupCounter, sold: RollupCounter)]) -> [SourceWaits] {
        let bySource = rows.contains { $0.cell.dimension == .sourceResponseBucket }
        var waits = pairs.map { _ in SourceWaits(bySource: bySource) }
        for row in rows where row.cell.dimension == (bySource ? .sourceResponseBucket : .responseBucket) {
            let cell: (source: Substring, bucket: ResponseBucket)
            if bySource {
                guard let parted = LeadSegment.sourceAndBucket(of: row.cell.value) else { continue }
                cell = parted
            } else {
                guard let bucket = ResponseBucket(rawValue: row.cell.value) else { continue }
                cell = ("", bucket)
            }
            let group = Group(store: row.cell.store, source: cell.source)
            for (index, pair) in pairs.enumerated() {
                let now = waits[index].counts[group, default: [:]][cell.bucket] ?? (0, 0)
                waits[index].counts[group, default: [:]][cell.bucket] = (now.leads + row.counters[pair.leads.rawValue], now.sold + row.counters[pair.sold.rawValue])
            }
        }
        return waits
    }

    private init(bySource: Bool) { self.bySource = bySource }

    /// A group a store's source (of `stores`, or of every store): the leads of the `first`
    /// buckets against those of the `second`.
    public func strata(first: [ResponseBucket], second: [ResponseBucket], stores: [StoreID]? = nil) -> [StratifiedShares.Stratum] {
        let wanted = stores.map(Set.init)
        return counts.keys.filter { wanted?.contains($0.store) ?? true }.sorted().map { group in
            let buckets = counts[group]!
            let sum = { (chosen: [ResponseBucket]) in
                chosen.reduce((leads: 0.0, sold: 0.0)) { ($0.leads + Double(buckets[$1]?.leads ?? 0), $0.sold + Double(buckets[$1]?.sold ?? 0)) }
            }
            let (one, two) = (sum(first), sum(second))
            return StratifiedShares.Stratum(firstTrials: one.leads, firstSuccesses: one.sold, secondTrials: two.leads, secondSuccesses: two.sold)
        }
    }
}
