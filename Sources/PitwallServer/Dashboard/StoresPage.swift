import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
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
        /// The same table as CSV, in the KPI export's columns.
        var download: String
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
        /// "2 better · 3 worse" against the compared window, counted as the scorecard counts
        /// them: which store is slipping, at a glance.
        var movement: String?
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
        /// Better or worse than the compared window, for the row's count; not shown itself.
        var direction: ChangeDirection?
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("stores", use: page)
        group.get("stores.csv", use: csv)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let (filters, sortKey) = try self.request(request, now: now)
        return renderer.html(try await view(filters: filters, sortedBy: sortKey, session: context.session!, now: now), template: "stores")
    }

    /// The page's filters, as the route reads them: every store, and the KPI to sort by.
    func request(_ request: Request, now: Timestamp) throws -> (filters: ScorecardFilters, sortedBy: KPIKey?) {
        var filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        filters.store = nil
        let keys = Self.keys(dependencies.configuration.kpiCatalog)
        let sortKey = try request.query("sort").map { (name: String) throws(DashboardError) -> KPIKey in
            guard let key = KPIKey(rawValue: name), keys.contains(key) else {
                throw .badParameter(ParameterError(name: "sort", reason: "'\(name)' is not one of \(keys.map(\.rawValue).joined(separator: ", "))"))
            }
            return key
        }
        return (filters, sortKey)
    }

    /// `/stores.csv`: the page's table in the KPI export's columns, the stores in the page's
    /// order (group `store_id`), then the whole group's rows (no group); a segment in `segment`.
    @Sendable func csv(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let (filters, sortKey) = try self.request(request, now: now)
        let (stores, group) = try await figures(filters: filters, sortedBy: sortKey, now: now)
        let keys = Self.keys(dependencies.configuration.kpiCatalog)
        func report(_ rows: [Figures], groupBy: KPIGrouping?) -> KPIReport {
            KPIReport(
                query: KPIQuery(from: filters.window.from, to: filters.window.to, groupBy: groupBy, comparison: filters.comparison),
                catalog: dependencies.configuration.kpiCatalog,
                groups: rows.map { figures in
                    KPIGroupReport(
                        group: figures.store?.id.rawValue, results: keys.map { figures.results[$0]! },
                        previous: figures.previous.map { previous in keys.map { previous[$0]! } }, catalog: figures.catalog)
                })
        }
        let encoder = TableEncoder(format: .csv, columns: KPITable.columns)
        let body =
            try encoder.header()
            + encoder.encode(KPITable.rows(dependencies.configuration.naming(report(stores, groupBy: .store)), segment: filters.segmentColumn))
            + encoder.encode(KPITable.rows(report([group], groupBy: nil), segment: filters.segmentColumn))
        var headers: HTTPFields = [.contentType: TableEncoder.Format.csv.contentType]
        headers[.contentDisposition] = "attachment; filename=\"\(ScorecardDownload.fileName(filters, table: "stores"))\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// The KPIs a store has: every one but the reserved and the system's.
    static func keys(_ catalog: KPICatalog) -> [KPIKey] {
        KPIKey.allCases.filter { !$0.isSystemHealth && !catalog[$0].reserved }
    }

    /// One row of figures: a store's, or the whole group's (`store` nil).
    struct Figures: Sendable {
        var store: StoreProfile?
        /// Each KPI judged by the targets this row is held to.
        var results: [KPIKey: KPIResult]
        /// The compared window's, when the page compares.
        var previous: [KPIKey: KPIResult]?
        var catalog: KPICatalog
        var leads: Double
    }

    /// The stores in the page's order (biggest first, or worst first by `sortKey`), then the group.
    func figures(filters: ScorecardFilters, sortedBy sortKey: KPIKey?, now: Timestamp) async throws -> (stores: [Figures], group: Figures) {
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

        func judged(_ results: [KPIResult], by catalog: KPICatalog) -> [KPIKey: KPIResult] {
            Dictionary(uniqueKeysWithValues: keys.map { ($0, (results[$0] ?? empty[$0]!).judged(by: catalog[$0])) })
        }
        func unjudged(_ results: [KPIResult]) -> [KPIKey: KPIResult] {
            Dictionary(uniqueKeysWithValues: keys.map { ($0, results[$0] ?? empty[$0]!) })
        }
        var stores = try await dependencies.knownStores().map { store in
            let results = byStore[store.id.rawValue] ?? []
            let own = ownCatalogs[store.id] ?? catalog
            return Figures(
                store: store, results: judged(results, by: own), previous: before.map { unjudged($0.stores[store.id.rawValue] ?? []) }, catalog: own,
                leads: results[.leadToSaleConversion]?.denominator ?? 0)
        }
        if let sortKey {
            let higherIsWorse = catalog[sortKey].higherIsWorse
            func colour(_ figures: Figures) -> String {
                ScorecardPage.badge(figures.results[sortKey]!, definition: figures.catalog[sortKey], today: today).colour
            }
            stores.sort {
                Self.worseFirst((colour($0), $0.results[sortKey]?.value), (colour($1), $1.results[sortKey]?.value), higherIsWorse: higherIsWorse)
                    ?? ($0.store!.name < $1.store!.name)
            }
        } else {
            // The biggest stores first: where most of the group's leads are.
            stores.sort { ($0.leads, $1.store!.name) > ($1.leads, $0.store!.name) }
        }
        let all = series.results(rows, days: filters.window.days, maturity: maturity)
        let group = Figures(
            store: nil, results: judged(all, by: catalog), previous: before.map { unjudged($0.group) }, catalog: catalog,
            leads: all[.leadToSaleConversion]?.denominator ?? 0)
        return (stores, group)
    }

    /// Built apart from the route so the benchmark can time exactly what a page costs.
    func view(filters: ScorecardFilters, sortedBy sortKey: KPIKey?, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let catalog = configuration.kpiCatalog
        let keys = Self.keys(catalog)
        let today = configuration.homeStore.calendar.localDate(of: now)
        let (stores, group) = try await figures(filters: filters, sortedBy: sortKey, now: now)

        func row(_ figures: Figures) -> Row {
            let id = figures.store?.id.rawValue ?? ""
            let name = figures.store?.name ?? "All stores"
            let cells = keys.map { key in
                let definition = figures.catalog[key]
                let result = figures.results[key]!
                let badge = ScorecardPage.badge(result, definition: definition, today: today)
                let value = KPIFormatting.value(result.value, unit: definition.unit)
                let own = definition.target != catalog[key].target ? " (its own)" : ""
                let sample = ScorecardPage.sample(result, unit: definition.unit)
                let earlier = figures.previous?[key]
                let change = earlier.flatMap { $0.value == nil && result.value == nil ? nil : MaturityWording.change(now: result, before: $0, unit: definition.unit) }
                let direction = earlier.flatMap { result.shownDirection(from: $0, definition: definition) }
                let then = earlier.map { before in
                    " \((filters.comparison ?? .previous).phrase.capitalizedFirst): \(KPIFormatting.value(before.value, unit: definition.unit))"
                        + (direction.map { ", \($0.rawValue) now" } ?? "") + "."
                } ?? ""
                return Cell(
                    key: key.rawValue, value: value, raw: result.value.map(JSONWriter.format) ?? "", change: change, colour: badge.colour,
                    title: "\(name), \(definition.name): \(value) against \(KPIFormatting.target(definition.target, unit: definition.unit))\(own)"
                        + (sample.isEmpty ? "" : ", \(sample)") + ". \(badge.words)" + (badge.title.map { ": \($0)" } ?? ".") + then,
                    link: "/kpis/\(key.rawValue)?\(filters.query(figures.store == nil ? [:] : ["store": id]))", direction: direction)
            }
            let directions = figures.previous.map { _ in cells.compactMap(\.direction) }
            return Row(
                id: id, name: name, link: "/kpis?\(filters.query(figures.store == nil ? [:] : ["store": id]))",
                leads: KPIFormatting.grouped(Int64(figures.leads)), isTotal: figures.store == nil, cells: cells,
                movement: directions.map { "\($0.filter { $0 == .better }.count) better · \($0.filter { $0 == .worse }.count) worse" })
        }

        return View(
            chrome: PageChrome(title: "Stores side by side", section: .scorecard, session: session, now: now, zone: configuration.homeStore),
            form: try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/stores", sort: sortKey?.rawValue, choosesStore: false),
            windowLabel: filters.window.label, comparedLabel: filters.compared.map { "compared with \($0.label)" },
            columns: keys.map { key in
                Column(
                    key: key.rawValue, name: catalog[key].name, target: KPIFormatting.target(catalog[key].target, unit: catalog[key].unit),
                    sort: "?\(filters.query(["sort": key.rawValue]))", sorted: key == sortKey)
            },
            rows: stores.map(row) + [row(group)], hasStores: !stores.isEmpty, sortedBy: sortKey.map { catalog[$0].name },
            unsorted: "?\(filters.query())", back: "/kpis?\(filters.query())",
            download: "/stores.csv?\(filters.query(sortKey.map { ["sort": $0.rawValue] } ?? [:]))")
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
