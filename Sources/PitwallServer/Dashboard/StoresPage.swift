import Foundation
import Hummingbird
import PitwallCore

/// `/stores`: every store's KPIs side by side, each held to its own targets: which store is
/// slipping on what, at a glance. The same figures as `GET /v1/kpis?group_by=store`.
struct StoresPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        /// "compared with 20 Nov – 26 Nov 2026", when the page compares.
        var comparedLabel: String?
        var columns: [Column]
        var rows: [Row]
        var hasStores: Bool
        /// Which KPI the stores are ordered by, worst first, when one is chosen.
        var sortedBy: String?
        var unsorted: String
        var back: String
    }

    struct Column: Sendable {
        var key: String
        var name: String
        var target: String
        /// Orders the stores by this KPI, worst first.
        var sort: String
        var sorted: Bool
    }

    struct Row: Sendable {
        var id: String
        var name: String
        var link: String
        var leads: String
        var isTotal: Bool
        var cells: [Cell]
    }

    struct Cell: Sendable {
        var key: String
        var value: String
        var raw: String
        /// The change from the compared window ("+2.1 pts"), when the page compares.
        var change: String?
        var colour: String
        var title: String
        var link: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("stores", use: page)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        var filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        // Every store is on the page.
        filters.store = nil
        let keys = Self.keys(dependencies.configuration.kpiCatalog)
        let sortKey = try request.query("sort").map { (name: String) throws(DashboardError) -> KPIKey in
            guard let key = KPIKey(rawValue: name), keys.contains(key) else {
                throw .badParameter(ParameterError(name: "sort", reason: "'\(name)' is not one of \(keys.map(\.rawValue).joined(separator: ", "))"))
            }
            return key
        }
        return renderer.html(try await view(filters: filters, sortedBy: sortKey, session: context.session!, now: now), template: "stores")
    }

    /// The KPIs a store has: every one but the reserved and the system's.
    static func keys(_ catalog: KPICatalog) -> [KPIKey] {
        KPIKey.allCases.filter { !$0.isSystemHealth && !catalog[$0].reserved }
    }

    /// Built apart from the route so the benchmark can time exactly what a page costs.
    func view(filters: ScorecardFilters, sortedBy sortKey: KPIKey?, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let catalog = configuration.kpiCatalog
        let keys = Self.keys(catalog)
        let rows = try await filters.windowRows(from: dependencies.rollups, dimension: filters.segment?.dimension ?? .all)
        let maturity = try await dependencies.maturityBasis(store: nil, now: now)
        let series = KPISeries(catalog: catalog)
        let byStore = series.resultsByGroup(rows, days: filters.window.days, keys: Set(keys), maturity: maturity) { $0.store.rawValue }
        // The window before (or a year before) the same way, for each figure's change.
        let comparedRows = try await filters.comparedRows(from: dependencies.rollups, dimension: filters.segment?.dimension ?? .all)
        let before = filters.compared.map { compared in
            (stores: series.resultsByGroup(comparedRows, days: compared.days, keys: Set(keys), maturity: maturity) { $0.store.rawValue },
             group: series.results(comparedRows, days: compared.days, maturity: maturity))
        }
        let today = configuration.homeStore.calendar.localDate(of: now)
        let ownCatalogs = configuration.storeKPICatalogs
        // A store without a lead in the window still has a row, of dashes.
        let empty = series.results([], days: filters.window.days, maturity: maturity)

        func row(
            id: String, name: String, link: String, results: [KPIResult], previous: [KPIResult]?, catalog: KPICatalog, isTotal: Bool
        ) -> (Row, [KPIKey: KPIResult]) {
            var judged: [KPIKey: KPIResult] = [:]
            let cells = keys.map { key in
                let definition = catalog[key]
                let result = (results[key] ?? empty[key]!).judged(by: definition)
                judged[key] = result
                let badge = ScorecardPage.badge(result, definition: definition, today: today)
                let value = KPIFormatting.value(result.value, unit: definition.unit)
                let own = definition.target != configuration.kpiCatalog[key].target ? " (its own)" : ""
                let sample = ScorecardPage.sample(result, unit: definition.unit)
                let earlier = previous.map { $0[key] ?? empty[key]! }
                let change = earlier.flatMap { $0.value == nil && result.value == nil ? nil : MaturityWording.change(now: result, before: $0, unit: definition.unit) }
                let then = earlier.map { " \((filters.comparison ?? .previous).phrase.capitalizedFirst): \(KPIFormatting.value($0.value, unit: definition.unit))." } ?? ""
                return Cell(
                    key: key.rawValue, value: value, raw: result.value.map(JSONWriter.format) ?? "", change: change, colour: badge.colour,
                    title: "\(name), \(definition.name): \(value) against \(KPIFormatting.target(definition.target, unit: definition.unit))\(own)"
                        + (sample.isEmpty ? "" : ", \(sample)") + ". \(badge.words)" + (badge.title.map { ": \($0)" } ?? ".") + then,
                    link: "/kpis/\(key.rawValue)?\(filters.query(isTotal ? [:] : ["store": id]))")
            }
            let leads = results[.leadToSaleConversion]?.denominator ?? 0
            return (Row(id: id, name: name, link: link, leads: KPIFormatting.grouped(Int64(leads)), isTotal: isTotal, cells: cells), judged)
        }

        var storeRows: [(row: Row, judged: [KPIKey: KPIResult], leads: Double)] = []
        for store in try await dependencies.knownStores() {
            let results = byStore[store.id.rawValue] ?? []
            let (made, judged) = row(
                id: store.id.rawValue, name: store.name, link: "/kpis?\(filters.query(["store": store.id.rawValue]))", results: results,
                previous: before.map { $0.stores[store.id.rawValue] ?? [] }, catalog: ownCatalogs[store.id] ?? catalog, isTotal: false)
            storeRows.append((made, judged, results[.leadToSaleConversion]?.denominator ?? 0))
        }
        if let sortKey, let column = keys.firstIndex(of: sortKey) {
            let higherIsWorse = catalog[sortKey].higherIsWorse
            storeRows.sort {
                Self.worseFirst(($0.row.cells[column].colour, $0.judged[sortKey]?.value), ($1.row.cells[column].colour, $1.judged[sortKey]?.value), higherIsWorse: higherIsWorse)
                    ?? ($0.row.name < $1.row.name)
            }
        } else {
            // The biggest stores first: where most of the group's leads are.
            storeRows.sort { ($0.leads, $1.row.name) > ($1.leads, $0.row.name) }
        }
        let total = row(
            id: "", name: "All stores", link: "/kpis?\(filters.query())", results: series.results(rows, days: filters.window.days, maturity: maturity),
            previous: before?.group, catalog: catalog, isTotal: true
        ).0
        return View(
            chrome: PageChrome(title: "Stores side by side", section: .scorecard, session: session, now: now, zone: configuration.homeStore),
            form: try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/stores", sort: sortKey?.rawValue, choosesStore: false),
            windowLabel: filters.window.label, comparedLabel: filters.compared.map { "compared with \($0.label)" },
            columns: keys.map { key in
                Column(
                    key: key.rawValue, name: catalog[key].name, target: KPIFormatting.target(catalog[key].target, unit: catalog[key].unit),
                    sort: "?\(filters.query(["sort": key.rawValue]))", sorted: key == sortKey)
            },
            rows: storeRows.map(\.row) + [total], hasStores: !storeRows.isEmpty, sortedBy: sortKey.map { catalog[$0].name },
            unsorted: "?\(filters.query())", back: "/kpis?\(filters.query())")
    }

    /// Act now before needs attention before on target, then what is not judged (too early,
    /// too few, no leads), as the cells are coloured; within each, the worse figure first.
    /// Nil when the two are alike.
    static func worseFirst(_ left: (colour: String, value: Double?), _ right: (colour: String, value: Double?), higherIsWorse: Bool) -> Bool? {
        let order = [BoardColour.red, .yellow, .green, .grey].map(\.rawValue)
        let (a, b) = (order.firstIndex(of: left.colour) ?? order.count, order.firstIndex(of: right.colour) ?? order.count)
        if a != b { return a < b }
        switch (left.value, right.value) {
        case let (x?, y?) where x != y: return higherIsWorse ? x > y : x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return nil
        }
    }
}
