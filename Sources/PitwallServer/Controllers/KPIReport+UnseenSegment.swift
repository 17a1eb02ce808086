import PitwallCore

extension KPIReport {
    /// Sets `notice` when the scorecard came out empty narrowed to a value no lead has had in
    /// the year up to today: "no lead had source 'facebok' at any store in the year up to today
    /// (the last 30 days': website, ...)". Reads a year of the segment's rollups, so only when
    /// the answer is empty.
    public mutating func explainEmpty(rollups: any KPIRollupStore, configuration: PitwallConfiguration, now: Timestamp) async throws {
        guard let segment = query.segment, !segment.value.isEmpty, leads == 0 else { return }
        let seen = try await SegmentValuesSeen(
            segment.dimension, store: query.store, today: configuration.today(store: query.store, at: now), rollups: rollups)
        guard !seen.inYear.contains(segment.value) else { return }
        notice = SegmentValuesSeen.unseen((segment.dimension, segment.value), store: query.store?.rawValue) + seen.recentInWords
    }
}
