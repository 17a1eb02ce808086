/// Where pre-added KPI counts are read from. Every event store keeps them up to date as
/// events arrive, so a scorecard reads a few rows per store and day, never raw events.
public protocol KPIRollupStore: Sendable {
    /// The rows of one dimension for local days in `days`, of one store or of all, and with
    /// `value` only those of that value (one source's, one agent's), with at least the counters
    /// of `counters` (a backend may fill in the others or leave them 0).
    func rollupRows(
        dimension: SegmentDimension, value: String?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow]

    /// Every store that has at least one lead.
    func storesWithLeads() async throws -> [StoreID]

    /// Counts one store's KPI days again from its leads, in the time zone, hours and response
    /// rule this store's configuration gives it (UTC and always open for a store it does not
    /// list), and notes that configuration as the one they are counted under, so that writers
    /// on it are no longer refused (`RollupBasisConflict`). Returns the leads read.
    func recountRollups(of store: StoreID) async throws -> Int
}

extension KPIRollupStore {
    /// Every value's rows.
    public func rollupRows(dimension: SegmentDimension, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection) async throws -> [RollupRow] {
        try await rollupRows(dimension: dimension, value: nil, days: days, store: store, counters: counters)
    }

    /// The rows with the counters the KPIs read.
    public func rollupRows(dimension: SegmentDimension, days: ClosedRange<Int64>, store: StoreID?) async throws -> [RollupRow] {
        try await rollupRows(dimension: dimension, days: days, store: store, counters: .kpis)
    }

    /// Every store a page or report lists, in id order: those `configuration` names and those
    /// with leads (a store not yet configured still shows, under its id).
    public func storesToList(_ configuration: PitwallConfiguration) async throws -> [StoreID] {
        Set(configuration.stores.map(\.id)).union(try await storesWithLeads()).sorted()
    }
}
