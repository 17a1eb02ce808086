import PitwallCore

/// A window's SLA review as the API returns it and the dashboard shows it: read from the
/// rollups by tier (the window and the same number of days before) and by response bucket.
struct SLAReviewReading: Sendable {
    var review: SLAReview
    var window: ClosedRange<CivilDate>
    var before: ClosedRange<CivilDate>
    var store: StoreID?
    var configuration: PitwallConfiguration

    /// The review's usual window: about a quarter, as the curriculum's review is held.
    static let usualDays = 90

    init(_ window: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        try await self.init(window, store: store, rollups: dependencies.rollups, configuration: dependencies.configuration)
    }

    /// `store`: one store's lines, or (nil) the group's and every store's the configuration
    /// names or that has leads.
    init(_ window: ClosedRange<CivilDate>, store: StoreID?, rollups: any KPIRollupStore, configuration: PitwallConfiguration) async throws {
        let days = Int(window.upperBound.daysSinceEpoch - window.lowerBound.daysSinceEpoch) + 1
        let before = window.lowerBound.adding(days: -days)...window.lowerBound.adding(days: -1)
        let stores: [StoreID]
        if let store { stores = [store] } else { stores = try await rollups.storesToList(configuration) }
        // The KPIs' counters carry the response times; an `only` selection reads none.
        let tiers = try await rollups.rollupRows(dimension: .tier, days: window.daysSinceEpoch, store: store, counters: .kpis)
        let tiersBefore = try await rollups.rollupRows(dimension: .tier, days: before.daysSinceEpoch, store: store, counters: .kpis)
        let buckets = try await rollups.rollupRows(
            dimension: .responseBucket, days: window.daysSinceEpoch, store: store,
            counters: .only([.hotTierLeads, .hotTierSold, .warmTierLeads, .warmTierSold, .coldTierLeads, .coldTierSold]))
        let target = configuration.kpiCatalog[.slaAttainment].target.min ?? 0.9
        review = SLAReview(tierRows: tiers, tierRowsBefore: tiersBefore, bucketRows: buckets, stores: stores, policy: configuration.responseTime, target: target)
        self.window = window
        self.before = before
        self.store = store
        self.configuration = configuration
    }

    func storeName(_ id: StoreID) -> String { configuration.store(id).name }

    var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("from", window.lowerBound.description)
        writer.member("to", window.upperBound.description)
        writer.member("store", orNull: store?.rawValue)
        writer.key("before")
        writer.beginObject()
        writer.member("from", before.lowerBound.description)
        writer.member("to", before.upperBound.description)
        writer.endObject()
        review.write(to: &writer, clock: configuration.responseTime.clock, names: storeName)
        writer.endObject()
        return writer.text
    }
}
