import Foundation
import Hummingbird
import PitwallCore

/// The filters the scorecard pages share: the window, one store or all, one segment (a
/// source, an agent, ...) or all, and what to compare with: the window before, the same days
/// a month or a year before, or nothing. Unless told, month to date is set beside the same
/// days of the month before and every other window beside the window before.
struct ScorecardFilters: Sendable {
    var window: ReportingWindow
    var store: StoreID?
    var segment: (dimension: SegmentDimension, value: String)?
    var comparison: KPIComparison?

    /// The lead attributes a scorecard can be narrowed to, as query parameters.
    static let segmentDimensions = SegmentValue.dimensions

    init(
        window: ReportingWindow, store: StoreID? = nil, segment: (dimension: SegmentDimension, value: String)? = nil,
        comparison: KPIComparison? = .previous
    ) {
        self.window = window
        self.store = store
        self.segment = segment
        self.comparison = comparison
    }

    /// The window set beside this one, if any.
    var compared: ReportingWindow? { comparison.map(window.compared(by:)) }

    /// The segment as the core names it.
    var segmentValue: SegmentValue? { segment.map { SegmentValue($0.dimension, $0.value) } }

    /// "source:website" for the export's `segment` column; nil for all leads.
    var segmentColumn: String? { segment.map { "\($0.dimension.rawValue):\($0.value)" } }

    /// The heading of the compared window's column.
    var comparedColumn: String { (comparison ?? .previous).heading }

    /// `fallback`: the window when the link names none (the last 7 days on most pages).
    init(request: Request, configuration: PitwallConfiguration, now: Timestamp, fallback: ReportingWindow.Preset = .last7Days) throws(DashboardError) {
        store = request.query("store").map { StoreID($0) }
        let zone = store.map(configuration.store) ?? configuration.homeStore
        do {
            window = try ReportingWindow.parse(
                window: request.query("window"), from: request.query("from"), to: request.query("to"), today: zone.calendar.localDate(of: now),
                fallback: fallback)
        } catch {
            throw .badParameter(error)
        }
        do {
            segment = try SegmentValue.single(SegmentValue.given(request.query)).map { ($0.dimension, $0.value) }
        } catch {
            throw .badParameter(error)
        }
        comparison = try Self.comparison(request.query("compare"), window: window.preset)
    }

    /// What a window is set beside when the link does not say. Month to date is judged the way
    /// a month's pace is: 1-3 December beside 1-3 November, not beside 28-30 November, whose
    /// end-of-month deliveries and weekdays are not the month's start. Last month is set beside
    /// the whole month before it (November beside all of October, not 1-30 October).
    static func usualComparison(for preset: ReportingWindow.Preset) -> KPIComparison {
        [.monthToDate, .lastMonth].contains(preset) ? .previousMonth : .previous
    }

    /// The usual comparison unless the form says otherwise; a link without it keeps the usual.
    /// "on" is what the form's checkbox sent before it offered a year before.
    static func comparison(_ text: String?, window preset: ReportingWindow.Preset) throws(DashboardError) -> KPIComparison? {
        switch text {
        case nil, "", "on": return usualComparison(for: preset)
        case "off": return nil
        case let text?:
            guard let chosen = KPIComparison(rawValue: text) else {
                let accepted = KPIComparison.allCases.map(\.rawValue) + ["off"]
                throw .badParameter(ParameterError(name: "compare", reason: "'\(text)' is not one of \(accepted.joined(separator: ", "))"))
            }
            return chosen
        }
    }

    /// These filters as a query string, with `changes` applied (nil removes a parameter).
    func query(_ changes: [String: String?] = [:]) -> String {
        var parameters: [(String, String)] = [("window", window.preset.rawValue)]
        if window.preset == .custom {
            parameters += [("from", window.from.description), ("to", window.to.description)]
        }
        if let store { parameters.append(("store", store.rawValue)) }
        if let segment { parameters.append((segment.dimension.rawValue, segment.value)) }
        if comparison != Self.usualComparison(for: window.preset) { parameters.append(("compare", comparison?.rawValue ?? "off")) }
        for (name, value) in changes {
            parameters.removeAll { $0.0 == name }
            if let value { parameters.append((name, value)) }
        }
        return parameters.map { "\($0.0)=\(SessionMiddleware.percentEncoded($0.1))" }.joined(separator: "&")
    }

    /// The rollup rows that answer these filters: the window, the compared window, and the
    /// 30 days that end with the window (for the sparklines); in one read unless the compared
    /// window is a year before, when the year between is not read.
    func rows(from rollups: any KPIRollupStore, dimension: SegmentDimension? = nil) async throws -> [RollupRow] {
        var span = window.to.adding(days: -29)...window.to
        if window.from < span.lowerBound { span = window.from...span.upperBound }
        guard let compared else { return try await rows(from: rollups, dimension: dimension, days: span) }
        if compared.to.adding(days: 1) >= span.lowerBound {
            return try await rows(from: rollups, dimension: dimension, days: min(compared.from, span.lowerBound)...span.upperBound)
        }
        return try await rows(from: rollups, dimension: dimension, days: compared.from...compared.to)
            + rows(from: rollups, dimension: dimension, days: span)
    }

    /// The rows of the window's own days: for breakdowns that neither compare nor draw a trend
    /// (a 30-day heatmap by store and hour reads half as many cells as with the window before).
    func windowRows(from rollups: any KPIRollupStore, dimension: SegmentDimension) async throws -> [RollupRow] {
        try await rows(from: rollups, dimension: dimension, days: window.from...window.to)
    }

    /// The window's rows of `dimension` handed to `body` `days` at a time: a year of hourly
    /// cells is 154,000 rows, some 110 MB held at once.
    func windowRows(
        from rollups: any KPIRollupStore, dimension: SegmentDimension, daysAtATime days: Int, _ body: ([RollupRow]) throws -> Void
    ) async throws {
        var first = window.from
        while first <= window.to {
            let last = min(first.adding(days: days - 1), window.to)
            try body(try await rows(from: rollups, dimension: dimension, days: first...last))
            first = last.adding(days: 1)
        }
    }

    /// The rows of the compared window's own days (none when the page does not compare).
    func comparedRows(from rollups: any KPIRollupStore, dimension: SegmentDimension) async throws -> [RollupRow] {
        guard let compared else { return [] }
        return try await rows(from: rollups, dimension: dimension, days: compared.from...compared.to)
    }

    /// The hour-of-day cells of the window's days and the compared window's, for a trend hour
    /// by hour. They carry no segment: only for a page that is not narrowed to one.
    func hourRows(from rollups: any KPIRollupStore) async throws -> [RollupRow] {
        var rows = try await self.rows(from: rollups, dimension: .hour, days: window.from...window.to)
        if let compared { rows += try await self.rows(from: rollups, dimension: .hour, days: compared.from...compared.to) }
        return rows
    }

    private func rows(from rollups: any KPIRollupStore, dimension: SegmentDimension?, days: ClosedRange<CivilDate>) async throws -> [RollupRow] {
        // The segment's own rows only, where it is the dimension read (a breakdown by another
        // attribute reads every value of that one).
        let value = segment.flatMap { dimension == nil || dimension == $0.dimension ? $0.value : nil }
        return try await rollups.rollupRows(
            dimension: dimension ?? segment?.dimension ?? .all, value: value, days: days.daysSinceEpoch, store: store, counters: .kpis)
    }

    /// The 30 local days that end with the window.
    var sparklineDays: ClosedRange<Int64> { window.to.adding(days: -29).daysSinceEpoch...window.to.daysSinceEpoch }

    /// The form's choices.
    func windowOptions() -> [Option] {
        ReportingWindow.Preset.allCases.map {
            Option(value: $0.rawValue, label: $0.label, selected: $0 == window.preset, usualComparison: Self.usualComparison(for: $0).rawValue)
        }
    }

    func comparisonOptions() -> [Option] {
        [
            Option(value: KPIComparison.previous.rawValue, label: "The window before", selected: comparison == .previous),
            Option(value: KPIComparison.previousWeek.rawValue, label: "The same days a week before", selected: comparison == .previousWeek),
            Option(value: KPIComparison.previousMonth.rawValue, label: "The same days a month before", selected: comparison == .previousMonth),
            Option(value: KPIComparison.previousYear.rawValue, label: "The same days a year before", selected: comparison == .previousYear),
            Option(value: "off", label: "Nothing", selected: comparison == nil),
        ]
    }

    func storeOptions(_ stores: [StoreProfile]) -> [Option] { Self.storeOptions(stores, chosen: store) }

    /// "All stores", then each store, `chosen` selected: a page's store picker.
    static func storeOptions(_ stores: [StoreProfile], chosen: StoreID?) -> [Option] {
        [Option(value: "", label: "All stores", selected: chosen == nil)] + stores.map { Option(value: $0.id.rawValue, label: $0.name, selected: $0.id == chosen) }
    }

    /// "source: Cars.com": the segment as the pages name it.
    func segmentLabel(_ names: DisplayNames) -> String? {
        segment.map { "\($0.dimension.words): \($0.value.isEmpty ? "(none)" : names.value($0.value, of: $0.dimension))" }
    }
}

/// One choice in a select box.
struct Option: Sendable {
    var value: String
    var label: String
    var selected: Bool
    /// For a window: what it is set beside unless told, so the form can follow a change of
    /// window that leaves "Compare with" at the old window's usual.
    var usualComparison: String? = nil
}

extension AppDependencies {
    /// Every store to offer in a filter: configured, or seen in the data.
    func knownStores() async throws -> [StoreProfile] {
        try await rollups.storesToList(configuration).map(configuration.store)
    }
}

extension ScorecardFilters {
    /// Refuses a segment other than a lead source, by its name and with `reason`: for the
    /// pages counted by source alone (the lead contacts, the template review).
    func requireSourceSegmentOnly(_ reason: String) throws(DashboardError) {
        guard let segment, segment.dimension != .source else { return }
        throw DashboardError.badParameter(ParameterError(name: segment.dimension.rawValue, reason: reason))
    }
}
