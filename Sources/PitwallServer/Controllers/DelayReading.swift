import PitwallCore

/// The delays agents reported in a window, each step with what it costs a week and what
/// became of it: as the API returns it, the page shows it and `pitwall delays` prints it.
public struct DelayReading: Sendable {
    public var review: DelayReview
    /// The days whose reports are read.
    public let days: ClosedRange<CivilDate>
    /// The store read, or nil for every store.
    public let scope: StoreID?
    let configuration: PitwallConfiguration
    /// Built once: the configuration builds its names afresh at each call.
    let names: DisplayNames

    init(_ days: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        let basis = try await dependencies.logBasis(store: store)
        try await self.init(
            days, store: store, log: dependencies.delays, changes: dependencies.changes, rollups: dependencies.rollups, configuration: basis.configuration,
            maturity: basis.maturity, storeToday: basis.storeToday)
    }

    /// Each store's load is read over the `Workload.weeks` weeks up to the window's last day;
    /// each change a report names is judged as the change log judges it, over its usual 90 days
    /// to the window's last day, or from the oldest such change if that is earlier.
    public init(
        _ days: ClosedRange<CivilDate>, store: StoreID?, log: any DelayLog, changes: any ChangeLog, rollups: any KPIRollupStore,
        configuration: PitwallConfiguration, maturity: MaturityBasis?, storeToday: ((StoreID) -> CivilDate)? = nil
    ) async throws {
        let reports = try await log.reportedDelays(days: days, store: store)
        let last = days.upperBound
        var workload: [StoreID: DelayReview.Workload] = [:]
        if !reports.isEmpty {
            let weeks = DelayReview.Workload.weeks
            let rows = try await rollups.rollupRows(
                dimension: .agent, days: last.adding(days: 1 - 7 * weeks).daysSinceEpoch...last.daysSinceEpoch, store: store,
                counters: .only([.handedOff]))
            var handedOff: [StoreID: Int64] = [:]
            var agents: [StoreID: Set<String>] = [:]
            for row in rows {
                let count = row.counters[RollupCounter.handedOff.rawValue]
                guard count > 0 else { continue }
                handedOff[row.cell.store, default: 0] += count
                if !row.cell.value.isEmpty { agents[row.cell.store, default: []].insert(row.cell.value) }
            }
            for (shop, count) in handedOff {
                workload[shop] = DelayReview.Workload(leadsAWeek: Double(count) / Double(weeks), agents: agents[shop]?.count ?? 0)
            }
        }
        var outcomes: [String: ChangeReview.Outcome] = [:]
        let named = Set(reports.compactMap(\.change))
        if !named.isEmpty {
            let linked = try await changes.processChanges(days: nil, store: store).filter { named.contains($0.id) }
            if let first = linked.map(\.day).min() {
                // At least the change log's own 90 days, so a change reads here as it does there
                // (its verdict is called over every change of the log at once).
                let log = try await ChangeLogReading(
                    min(first, last.adding(days: 1 - BeforeAndSince.usualLogDays))...last, store: store, log: changes, rollups: rollups,
                    configuration: configuration, maturity: maturity, storeToday: storeToday)
                for outcome in log.review.outcomes where named.contains(outcome.change.id) { outcomes[outcome.change.id] = outcome }
            }
        }
        review = DelayReview(reports: reports, workload: workload, changes: outcomes)
        self.days = days
        scope = store
        self.configuration = configuration
        names = configuration.names
    }

    public func agentName(_ agent: String) -> String { names.value(agent, of: .agent) }
    public func storeName(_ store: StoreID) -> String { configuration.store(store).name }

    /// Each step is named with its store when the reading is of a group.
    var showsStore: Bool { scope == nil && configuration.stores.count > 1 }

    public var windowLabel: String { ReportingWindow(preset: .custom, from: days.lowerBound, to: days.upperBound).label }

    /// One line a step, the costliest open one first.
    public var findings: [String] {
        review.findings(catalog: configuration.kpiCatalog, storeName: namingStores, agentName: { agentName($0) }, windowLabel: windowLabel)
    }

    /// What a weekly or monthly report says: the `reportedOpen` costliest steps nothing fixes
    /// yet, and each step whose fix made its figure worse.
    public var reportFindings: [String] {
        let open = review.steps.filter { $0.status == .open }.prefix(Self.reportedOpen)
        let worse = review.steps.filter { $0.change?.verdict == .worse }
        return DelayReview.words(of: open + worse, catalog: configuration.kpiCatalog, storeName: namingStores, agentName: { agentName($0) })
    }

    /// Each step's store name when the reading is of a group.
    private var namingStores: ((StoreID) -> String)? { showsStore ? { self.storeName($0) } : nil }

    /// How many open steps a report names: the ones worth the meeting's time.
    static let reportedOpen = 3

    public func json() -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("from", days.lowerBound.description)
        writer.member("to", days.upperBound.description)
        writer.member("store", scope)
        writer.member("weeks_of_load", DelayReview.Workload.weeks)
        review.write(to: &writer, catalog: configuration.kpiCatalog, agentName: agentName)
        writer.endObject()
        return writer.text
    }
}
