/// The rows of a breakdown narrowed to one segment. Leads are counted by one attribute at a
/// time, with one pair besides: a source and its wait, so one source's leads can be broken
/// down by how long they waited (walk-ins by wait), read off the `source_response_bucket` cells.
extension KPIRollupStore {
    /// The leads of `segment` by `dimension`: the segment's own cells when `dimension` is the
    /// segment's or none (a breakdown by store or by day of one source), a source's leads by
    /// wait from the source-and-wait cells, read as `response_bucket` cells; nil for a pair
    /// the rollups do not count together (a source by agent). Without a segment, `dimension`'s
    /// cells.
    public func rollupRows(
        by dimension: SegmentDimension?, narrowedTo segment: SegmentValue?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow]? {
        guard let segment else { return try await rollupRows(dimension: dimension ?? .all, value: nil, days: days, store: store, counters: counters) }
        if dimension == nil || dimension == .all || dimension == segment.dimension {
            return try await rollupRows(dimension: segment.dimension, value: segment.value, days: days, store: store, counters: counters)
        }
        guard LeadSegment.countsTogether(segment.dimension, dimension!) else { return nil }
        let cells = try await rollupRows(dimension: .sourceResponseBucket, value: nil, days: days, store: store, counters: counters)
        return LeadSegment.waitRows(ofSource: segment.value, from: cells)
    }
}

extension LeadSegment {
    /// Whether leads of one `segment` value can be broken down by `dimension`: only a source by wait.
    public static func countsTogether(_ segment: SegmentDimension, _ dimension: SegmentDimension) -> Bool {
        segment == .source && dimension == .responseBucket
    }

    /// One source's `source_response_bucket` rows as `response_bucket` rows (the others dropped).
    public static func waitRows(ofSource source: String, from rows: [RollupRow]) -> [RollupRow] {
        rows.compactMap { row in
            guard row.cell.dimension == .sourceResponseBucket, let cell = sourceAndBucket(of: row.cell.value), cell.source == source else { return nil }
            var own = row
            own.cell = RollupCell(dimension: .responseBucket, value: cell.bucket.rawValue, store: row.cell.store, day: row.cell.day)
            return own
        }
    }
}
