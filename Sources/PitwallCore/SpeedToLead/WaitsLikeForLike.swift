/// Conversion by time to first response, each slower bucket set beside what its own leads
/// would have bought had each bought as often as the leads of its source (at its store)
/// answered within five minutes. The pooled bars mix sources: callers and walk-ins buy far more
/// often than web forms whatever the wait, so where they wait longer a slow bar stands taller
/// than speed deserves, and where web forms wait longer it falls lower.
public struct WaitsLikeForLike: Hashable, Sendable {
    public struct Bucket: Hashable, Sendable {
        public var bucket: ResponseBucket
        public var leads: Int64
        public var sold: Int64
        /// What these leads would have bought at their own sources' rate within five minutes;
        /// nil when none of their sources had a lead answered that fast.
        public var yardstick: Double?
        /// Source for source, how often chance alone would part the bucket from the fast one
        /// this far (nil under `KPIJudgement.judgedSample` leads on either side), and whether
        /// it is past chance over every bucket at once (Holm).
        public var chance: Double?
        public var clear = false

        public var rate: Double { leads > 0 ? Double(sold) / Double(leads) : 0 }
        /// Clearly fewer bought than the yardstick says leads of the same sources do when answered fast.
        public var clearlyLower: Bool { clear && (yardstick.map { rate < $0 } ?? false) }
    }

    /// The buckets after the first five minutes that have leads, in order of wait.
    public var buckets: [Bucket]

    static let fast = ResponseBucket.underFiveMinutes
    static let slower: [ResponseBucket] = [.fiveToFifteenMinutes, .fifteenToSixtyMinutes, .oneToTwentyFourHours, .overADay]

    /// `rows`: the window's `source_response_bucket` cells with the `leads` and `leadsSold`
    /// counters; a store's source is a group of its own.
    public init(rows: [RollupRow]) {
        let waits = SourceWaits(rows: rows, leads: .leads, sold: .leadsSold)
        var buckets: [Bucket] = []
        for bucket in Self.slower {
            let strata = waits.strata(first: [Self.fast], second: [bucket])
            let leads = strata.reduce(0) { $0 + $1.secondTrials }, fastLeads = strata.reduce(0) { $0 + $1.firstTrials }
            guard leads > 0 else { continue }
            let shares = StratifiedShares(strata)
            let enough = leads >= KPIJudgement.judgedSample && fastLeads >= KPIJudgement.judgedSample
            buckets.append(
                Bucket(
                    bucket: bucket, leads: Int64(leads), sold: Int64(strata.reduce(0) { $0 + $1.secondSuccesses }), yardstick: shares.secondSideAtFirstShares,
                    chance: enough ? shares.chance : nil))
        }
        let tested = buckets.indices.filter { buckets[$0].chance != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { buckets[$0].chance! })) { buckets[index].clear = clear }
        self.buckets = buckets
    }

    /// For under the conversion chart: each slower bucket with enough leads to read, beside its
    /// yardstick. Nil when none has.
    public var words: String? {
        let read = buckets.filter { Double($0.leads) >= KPIJudgement.judgedSample && $0.yardstick != nil }
        guard !read.isEmpty else { return nil }
        let parts = read.map { bucket in
            "\(bucket.bucket.rawValue) \(KPIFormatting.percent(bucket.rate)) of \(KPIFormatting.grouped(bucket.leads)) against \(KPIFormatting.percent(bucket.yardstick!))"
                + (bucket.clearlyLower ? " (clearly fewer)" : "")
        }
        return "Source for source: leads answered later, beside what leads of the same sources answered within 5 min bought: "
            + parts.joined(separator: "; ") + "."
    }
}
