/// Where pre-added KPI counts are read from. Every event store keeps them up to date as
/// events arrive, so a scorecard reads a few rows per store and day, never raw events.
public protocol KPIRollupStore: Sendable {
    /// The rows of one dimension for local days in `days`, of one store or of all.
    func rollupRows(dimension: SegmentDimension, days: ClosedRange<Int64>, store: StoreID?) async throws -> [RollupRow]

    /// Every store that has at least one lead.
    func storesWithLeads() async throws -> [StoreID]
}
