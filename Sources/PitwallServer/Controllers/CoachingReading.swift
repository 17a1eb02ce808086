import PitwallCore

/// The coaching log of a window, each session judged as of the window's last day: as the API
/// returns it, the team page shows it and `pitwall coaching` prints it.
public struct CoachingReading: Sendable {
    public var review: CoachingReview
    /// The days whose coaching is listed.
    public let days: ClosedRange<CivilDate>
    /// The store read, or nil for every store.
    public let scope: StoreID?
    var configuration: PitwallConfiguration
    /// Built once: the configuration builds its names afresh at each call.
    let names: DisplayNames

    init(_ days: ClosedRange<CivilDate>, store: StoreID?, dependencies: AppDependencies) async throws {
        let basis = try await dependencies.logBasis(store: store)
        try await self.init(
            days, store: store, log: dependencies.coaching, rollups: dependencies.rollups, configuration: basis.configuration, maturity: basis.maturity,
            storeToday: basis.storeToday)
    }

    /// Each store's agent rows are read once, over every window its sessions need. Each session
    /// is judged through the log's last day, or its store's `storeToday` if that is earlier: a
    /// log of every store read on the home store's clock must not count a day a store west of
    /// it has not had (the page and `GET /v1/coaching?store=` read differently for those hours).
    public init(
        _ days: ClosedRange<CivilDate>, store: StoreID?, log: any CoachingLog, rollups: any KPIRollupStore, configuration: PitwallConfiguration,
        maturity: MaturityBasis?, storeToday: ((StoreID) -> CivilDate)? = nil
    ) async throws {
        let sessions = try await log.coachingSessions(days: days, store: store)
        let last = days.upperBound
        func through(_ session: CoachingSession) -> CivilDate { storeToday.map { min(last, $0(session.store)) } ?? last }
        // Each store's and agent's rows, a session's two windows picked from them.
        var rows: [StoreID: [String: [RollupRow]]] = [:]
        for (shop, coached) in Dictionary(grouping: sessions, by: \.store) {
            let spans = coached.compactMap { BeforeAndSince.windows(around: $0.day, through: through($0)) }
            guard let first = spans.map(\.before.lowerBound).min(), let last = spans.map(\.since.upperBound).max() else { continue }
            let read = try await rollups.rollupRows(dimension: .agent, days: first.daysSinceEpoch...last.daysSinceEpoch, store: shop)
            rows[shop] = Dictionary(grouping: read, by: \.cell.value)
        }
        let series = KPISeries(catalog: configuration.kpiCatalog)
        review = CoachingReview(sessions: sessions, through: through, catalog: configuration.kpiCatalog) { session, window in
            series.resultsByGroup(rows[session.store]?[session.agent] ?? [], days: window.daysSinceEpoch, keys: [session.focus], maturity: maturity) {
                $0.value
            }[session.agent]?[session.focus]
        }
        self.days = days
        scope = store
        self.configuration = configuration
        names = configuration.names
    }

    public func agentName(_ session: CoachingSession) -> String { names.value(session.agent, of: .agent) }
    public func storeName(_ store: StoreID) -> String { configuration.store(store).name }

    /// "Victor Nelson (Lakeside Toyota), coached 5 Nov 2026 on agent pick-up within SLA: it took; ..."
    public var findings: [String] {
        let catalog = configuration.kpiCatalog
        guard !review.outcomes.isEmpty else {
            return ["No coaching recorded for \(ReportingWindow(preset: .custom, from: days.lowerBound, to: days.upperBound).label)."]
        }
        // Each agent is named with their store when the log is of a group, as the team review names them.
        let showsStore = Set(review.outcomes.map(\.session.store)).count > 1 || (scope == nil && configuration.stores.count > 1)
        return review.outcomes.map { outcome in
            outcome.title(catalog: catalog, agentName: agentName(outcome.session), storeName: showsStore ? storeName(outcome.session.store) : nil) + ". "
                + outcome.words(catalog: catalog)
        }
    }

    public func json(store: StoreID?) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        BeforeAndSince.writeLogHeader(days: days, store: store, smallestTested: TeamReview.smallestTested, to: &writer)
        review.write(to: &writer, catalog: configuration.kpiCatalog, agentName: agentName)
        writer.endObject()
        return writer.text
    }
}
