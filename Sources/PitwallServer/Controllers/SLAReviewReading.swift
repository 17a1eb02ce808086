import PitwallCore

/// A window's SLA review as the API returns it, the dashboard shows it and `pitwall
/// sla-review` prints it: read from the rollups by tier (the window and the same number of
/// days before) and by source and response bucket.
public struct SLAReviewReading: Sendable {
    public var review: SLAReview
    public var window: ClosedRange<CivilDate>
    public var before: ClosedRange<CivilDate>
    public var store: StoreID?
    var configuration: PitwallConfiguration

    /// The review's usual window: about a quarter, as the curriculum's review is held.
    public static let usualDays = 90

    /// The days a query asks for, the last 90 to its end unless it names its start (a window
    /// by name, or a first day): the API and `pitwall sla-review` read the same days.
    public static func days(_ query: KPIQuery, namesStart: Bool) -> ClosedRange<CivilDate> {
        (namesStart ? query.from : query.to.adding(days: -(usualDays - 1)))...query.to
    }

    init(_ window: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        try await self.init(window, store: store, rollups: dependencies.rollups, configuration: dependencies.configuration)
    }

    /// `store`: one store's lines, or (nil) the group's and every store's the configuration
    /// names or that has leads.
    public init(_ window: ClosedRange<CivilDate>, store: StoreID?, rollups: any KPIRollupStore, configuration: PitwallConfiguration) async throws {
        let previous = ReportingWindow(preset: .custom, from: window.lowerBound, to: window.upperBound).previous
        let before = previous.from...previous.to
        let stores: [StoreID]
        if let store { stores = [store] } else { stores = try await rollups.storesToList(configuration) }
        // The KPIs' counters carry the response times; an `only` selection reads none.
        let tiers = try await rollups.rollupRows(dimension: .tier, days: window.daysSinceEpoch, store: store, counters: .kpis)
        let tiersBefore = try await rollups.rollupRows(dimension: .tier, days: before.daysSinceEpoch, store: store, counters: .kpis)
        let buckets = try await rollups.rollupRows(
            dimension: .sourceResponseBucket, days: window.daysSinceEpoch, store: store,
            counters: .only([.hotTierLeads, .hotTierSold, .warmTierLeads, .warmTierSold, .coldTierLeads, .coldTierSold]))
        let target = configuration.kpiCatalog[.slaAttainment].target.min ?? 0.9
        review = SLAReview(
            tierRows: tiers, tierRowsBefore: tiersBefore, bucketRows: buckets, stores: stores, policy: configuration.responseTime, target: target,
            pickupTarget: configuration.kpiCatalog[.agentPickupWithinSLA].target.min)
        self.window = window
        self.before = before
        self.store = store
        self.configuration = configuration
    }

    /// Why the review is not narrowed to one source, agent or the like, as the API and the page refuse it.
    static func notNarrowed(_ dimension: SegmentDimension) -> String {
        "the SLAs are reviewed tier by tier over every lead, not narrowed to one \(dimension.words)"
    }

    func storeName(_ id: StoreID) -> String { configuration.store(id).name }

    public var json: String {
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

    /// For a terminal: what to do in words, then a table a place.
    public func text() -> String {
        let period = ReportingWindow(preset: .custom, from: window.lowerBound, to: window.upperBound).label
        let earlier = ReportingWindow(preset: .custom, from: before.lowerBound, to: before.upperBound).label
        var lines = ["SLA review, \(period) (beside \(earlier)), \(store.map { "store \(storeName($0))" } ?? "all stores")", ""]
        let asks = review.findings(names: storeName, limit: .max)
        lines += asks.isEmpty ? ["Every SLA with enough leads fits what the team does."] : asks.map { "- " + $0 }
        lines.append("")
        let duration = { (seconds: Double?) in seconds.map(KPIFormatting.duration) ?? "-" }
        let rows = review.lines.map { line in
            [
                line.place(names: storeName), line.tier.rawValue, duration(line.slaSeconds) + (line.ownSLA ? " (own)" : ""), KPIFormatting.grouped(line.window.leads),
                line.window.withinShare.map(KPIFormatting.percent) ?? "-", duration(line.window.nineInTen),
                line.before.flatMap { $0.isEnough ? $0.withinShare.map(KPIFormatting.percent) : nil } ?? "-",
                line.pickup?.withinShare.map(KPIFormatting.percent) ?? "-",
                line.action == .tighten
                    ? "tighten to \(duration(line.proposedSeconds))"
                    : line.action == .tooFew ? "too few" : line.heldForPickup ? "keep (for the agents)" : line.action.rawValue,
            ]
        }
        lines += TextTable.lines([["Where", "Tier", "SLA", "Leads", "Within SLA", "9 in 10 within", "Before", "Agents' pick-up", "What to do"]] + rows)
        return lines.joined(separator: "\n")
    }
}
