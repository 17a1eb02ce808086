/// The change log of a window, each change judged as of the window's last day: as the API
/// returns it, the page shows it and `pitwall changes` prints it.
public struct ChangeLogReading: Sendable {
    public var review: ChangeReview
    /// The days whose changes are listed.
    public let days: ClosedRange<CivilDate>
    /// The store read (its changes and every store's), or nil for every store.
    public let scope: StoreID?
    let configuration: PitwallConfiguration

    /// The rows of each breakdown the changes need are read once, over every window they
    /// need, at every store the caller may read: a store's change is set beside the others.
    /// A store's change is judged through the log's last day, or its store's `storeToday` if
    /// that is earlier, so the group's log read after the home store's midnight does not count
    /// a day the store has not had.
    public init(
        _ days: ClosedRange<CivilDate>, store: StoreID?, log: any ChangeLog, rollups: any KPIRollupStore, configuration: PitwallConfiguration,
        maturity: MaturityBasis?, storeToday: ((StoreID) -> CivilDate)? = nil
    ) async throws {
        let changes = try await log.processChanges(days: days, store: store)
        let last = days.upperBound
        func through(_ change: ProcessChange) -> CivilDate {
            guard let shop = change.store, let storeToday else { return last }
            return min(last, storeToday(shop))
        }
        var rows: [SegmentDimension: [RollupRow]] = [:]
        for (dimension, changed) in Dictionary(grouping: changes, by: { $0.segment?.dimension ?? .all }) {
            let spans = changed.compactMap { BeforeAndSince.windows(around: $0.day, through: through($0)) }
            guard let first = spans.map(\.before.lowerBound).min(), let last = spans.map(\.since.upperBound).max() else { continue }
            rows[dimension] = try await rollups.rollupRows(dimension: dimension, days: first.daysSinceEpoch...last.daysSinceEpoch, store: nil)
        }
        let series = KPISeries(catalog: configuration.kpiCatalog)
        review = ChangeReview(changes: changes, through: through, catalog: configuration.kpiCatalog) { change, part, window in
            guard part == .changed || change.restWords != nil else { return nil }
            return series.resultsByGroup(rows[change.segment?.dimension ?? .all] ?? [], days: window.daysSinceEpoch, keys: [change.figure], maturity: maturity) {
                change.part(of: $0) == part ? "" : nil
            }[""]?[change.figure]
        }
        self.days = days
        scope = store
        self.configuration = configuration
    }

    public func storeName(_ store: StoreID?) -> String? { store.map { configuration.store($0).name } }

    /// "New first text (source facebook at every store), 5 Nov 2026 on lead response rate. Better since: ..."
    public var findings: [String] {
        guard !review.outcomes.isEmpty else {
            return ["No change recorded for \(ReportingWindow(preset: .custom, from: days.lowerBound, to: days.upperBound).label)."]
        }
        return review.outcomes.map(finding)
    }

    /// "New first text (source facebook at every store), 5 Nov 2026 on lead response rate. Better since: ..."
    public func finding(_ outcome: ChangeReview.Outcome) -> String {
        let catalog = configuration.kpiCatalog
        return outcome.change.title(catalog: catalog, storeName: storeName(outcome.change.store)) + ". "
            + outcome.words(catalog: catalog, restName: outcome.change.restWords ?? "")
    }

    /// "Since 'Quiet hours moved' (every store, 1 Mar 2026), opt-out rate 6% (...) in the 30 days
    /// since, from 2% (...) in the 30 days before, clearly worse: undo it, or find out why." For
    /// each change clearly worse since (net of the rest, where it has one large enough).
    public var toUndo: [String] { review.outcomes.filter { $0.verdict == .worse }.map(undoAdvice) }

    /// What to do about one change clearly worse since, as `toUndo` says it.
    public func undoAdvice(_ outcome: ChangeReview.Outcome) -> String {
        let change = outcome.change
        let definition = configuration.kpiCatalog[change.figure]
        return "Since '\(change.title)' (\(change.scopeWords(storeName: storeName(change.store))), \(LocalTimeFormatting.longDate(change.day))), "
            + "\(BeforeAndSince.figures(definition, before: outcome.figureBefore, since: outcome.figureSince, days: outcome.days)), "
            + "clearly worse\(outcome.judgedNetOfRest ? " net of \(change.restWords ?? "the rest")" : ""): undo it, or find out why."
    }

    public func json(store: StoreID?) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        BeforeAndSince.writeLogHeader(days: days, store: store, smallestTested: BeforeAndSince.smallestTested, to: &writer)
        review.write(to: &writer, catalog: configuration.kpiCatalog)
        writer.endObject()
        return writer.text
    }
}
