import PitwallCore

/// The values of one lead attribute (the sources, the agents, ...) that had leads at a store,
/// or at any store, in the year up to today: what tells a mistyped source from a quiet one.
struct SegmentValuesSeen: Sendable {
    /// Every value with a lead in the 366 days up to today.
    var inYear: Set<String>
    /// Those with a lead in the last 30 days, the most leads first: the ones worth offering instead.
    var recent: [String]

    init(_ dimension: SegmentDimension, store: StoreID?, today: CivilDate, rollups: any KPIRollupStore) async throws {
        let rows = try await rollups.rollupRows(
            dimension: dimension, days: today.adding(days: -365).daysSinceEpoch...today.daysSinceEpoch, store: store, counters: .only([.leads]))
        let lastMonth = today.adding(days: -29).daysSinceEpoch
        var recentLeads: [String: Int64] = [:]
        var inYear = Set<String>()
        for row in rows where row.counters[RollupCounter.leads.rawValue] > 0 {
            inYear.insert(row.cell.value)
            if row.cell.day >= lastMonth, !row.cell.value.isEmpty { recentLeads[row.cell.value, default: 0] += row.counters[RollupCounter.leads.rawValue] }
        }
        self.inYear = inYear
        recent = recentLeads.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    /// " (the last 30 days': website, facebook, ...)", or nothing: what a refusal offers instead.
    var recentInWords: String {
        recent.isEmpty ? "" : " (the last 30 days': \(recent.prefix(12).joined(separator: ", "))\(recent.count > 12 ? ", ..." : ""))"
    }

    /// "no lead had source 'x' at any store in the year up to today": the same words wherever
    /// the value is refused or its empty page explained; `store` as the reader knows it.
    static func unseen(_ segment: (dimension: SegmentDimension, value: String), store: String?) -> String {
        "no lead had \(segment.dimension.words) '\(segment.value)' \(store.map { "at \($0)" } ?? "at any store") in the year up to today"
    }
}
