/// A scorecard: every KPI for a window, whole or broken down, optionally beside the window
/// before or the same days a year before.
public struct KPIReport: Sendable {
    public var query: KPIQuery
    public var catalog: KPICatalog
    public var groups: [KPIGroupReport]
    /// Each group as people know it ("Lakeside Toyota" for `lkt`, "Cars.com" for `cars_com`),
    /// where it has a name: written beside the id, so a sheet or a script need not look it up.
    public var groupNames: [String: String] = [:]
    /// Said beside empty figures when the reason may not be what the reader guesses: a
    /// segment no lead has had (a mistyped source), rather than a quiet month.
    public var notice: String?

    public init(query: KPIQuery, catalog: KPICatalog, groups: [KPIGroupReport]) {
        self.query = query
        self.catalog = catalog
        self.groups = groups
    }

    /// The window's leads, over every group.
    public var leads: Double {
        groups.reduce(0) { $0 + ($1.results[.leadToSaleConversion]?.denominator ?? 0) }
    }

    /// The figures of the whole window (the single group of an ungrouped report).
    public var overall: [KPIResult] { groups.first?.results ?? [] }

    public func result(_ key: KPIKey, group: String? = nil) -> KPIResult? {
        groups.first { $0.group == group }?.results.first { $0.key == key }
    }
}

public struct KPIGroupReport: Sendable {
    /// The group's value, nil for an ungrouped report; "" when leads had no value for the dimension.
    public var group: String?
    public var results: [KPIResult]
    /// The same group in the compared window, when asked for.
    public var previous: [KPIResult]?
    /// The definitions the group was judged by: a store's own targets in a breakdown by store.
    public var catalog: KPICatalog

    public init(group: String?, results: [KPIResult], previous: [KPIResult]?, catalog: KPICatalog) {
        self.group = group
        self.results = results
        self.previous = previous
        self.catalog = catalog
    }
}

/// Builds scorecards from rollup rows. Pure: the rows come from a `KPIRollupStore`.
public struct ScorecardBuilder: Sendable {
    public var catalog: KPICatalog
    /// Stores with targets of their own: in a breakdown by store, each is judged by its own.
    public var storeCatalogs: [StoreID: KPICatalog]

    public init(catalog: KPICatalog = .standard, storeCatalogs: [StoreID: KPICatalog] = [:]) {
        self.catalog = catalog
        self.storeCatalogs = storeCatalogs
    }

    /// With `maturity`, each lead-cohort KPI also says how far its leads have come.
    public func report(for query: KPIQuery, rows: [RollupRow], previousRows: [RollupRow]? = nil, maturity: MaturityBasis? = nil) -> KPIReport {
        func evaluate(_ rows: [RollupRow], by catalog: KPICatalog) -> [KPIResult] {
            var totals = KPITotals()
            rows.forEach { totals.add($0) }
            let results = catalog.evaluate(totals)
            return maturity?.annotate(results, rows: rows) ?? results
        }
        guard let grouping = query.groupBy else {
            return KPIReport(
                query: query, catalog: catalog,
                groups: [
                    KPIGroupReport(
                        group: nil, results: evaluate(rows, by: catalog), previous: previousRows.map { evaluate($0, by: catalog) }, catalog: catalog)
                ])
        }
        var current: [String: [RollupRow]] = [:]
        for row in rows { current[grouping.group(of: row.cell), default: []].append(row) }
        var before: [String: [RollupRow]] = [:]
        if let previousRows {
            let comparison = query.comparison ?? .previous
            for row in previousRows {
                before[comparison.counterpart(of: row.cell, grouping: grouping, window: query.days), default: []].append(row)
            }
        }
        let keys = grouping.ordered(Set(current.keys).union(before.keys))
        return KPIReport(
            query: query, catalog: catalog,
            groups: keys.map { key in
                let judgedBy = grouping == .store ? storeCatalogs[StoreID(key)] ?? catalog : catalog
                return KPIGroupReport(
                    group: key, results: evaluate(current[key] ?? [], by: judgedBy),
                    previous: previousRows == nil ? nil : evaluate(before[key] ?? [], by: judgedBy), catalog: judgedBy)
            })
    }
}

extension KPIRollupStore {
    /// Reads the rows a query needs and builds its scorecard.
    public func scorecard(
        _ query: KPIQuery, catalog: KPICatalog = .standard, storeCatalogs: [StoreID: KPICatalog] = [:], maturity: MaturityBasis? = nil
    ) async throws -> KPIReport {
        func rowsOf(_ days: ClosedRange<Int64>) async throws -> [RollupRow] {
            // A pair the rollups do not count together is refused when the query is read.
            try await rollupRows(by: query.groupBy?.dimension, narrowedTo: query.segment, days: days, store: query.store, counters: .kpis) ?? []
        }
        let rows = try await rowsOf(query.days)
        var previousRows: [RollupRow]?
        if let window = query.comparedWindow {
            previousRows = try await rowsOf(window.from.daysSinceEpoch...window.to.daysSinceEpoch)
        }
        return ScorecardBuilder(catalog: catalog, storeCatalogs: storeCatalogs).report(for: query, rows: rows, previousRows: previousRows, maturity: maturity)
    }

    /// The scorecard judged by the configuration's targets: a store's own when one store is
    /// asked for, and each store's own in a breakdown by store.
    public func scorecard(_ query: KPIQuery, configuration: PitwallConfiguration, maturity: MaturityBasis? = nil) async throws -> KPIReport {
        try await scorecard(
            query, catalog: configuration.kpiCatalog(for: query.store), storeCatalogs: configuration.storeKPICatalogs, maturity: maturity)
    }
}

extension KPIReport {
    /// The JSON the API and `pitwall kpi --json` both print.
    public var json: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("from", query.from.description)
        writer.member("to", query.to.description)
        writer.key("store")
        if let store = query.store { writer.string(store.rawValue) } else { writer.null() }
        if let segment = query.segment { writer.member(segment.dimension.rawValue, segment.value) }
        if let notice { writer.member("notice", notice) }
        writer.comparedWindow(query)
        if let grouping = query.groupBy {
            writer.member("group_by", grouping.rawValue)
            writer.key("groups")
            writer.beginArray()
            for group in groups {
                writer.beginObject()
                writer.key("group")
                writer.beginObject()
                writer.key(grouping.rawValue)
                if let value = group.group, !value.isEmpty { writer.string(value) } else { writer.null() }
                writer.endObject()
                if let value = group.group, let name = groupNames[value] { writer.member("name", name) }
                writeKPIs(group, to: &writer)
                writer.endObject()
            }
            writer.endArray()
        } else if let group = groups.first {
            writeKPIs(group, to: &writer)
        }
        writer.endObject()
        return writer.text
    }

    private func writeKPIs(_ group: KPIGroupReport, to writer: inout JSONWriter) {
        writer.key("kpis")
        writer.beginObject()
        for (index, result) in group.results.enumerated() {
            let definition = group.catalog[result.key]
            writer.key(result.key.rawValue)
            writer.beginObject()
            writer.optionalNumber("value", result.value)
            writer.optionalNumber("numerator", result.numerator)
            writer.optionalNumber("denominator", result.denominator)
            writer.member("unit", definition.unit.rawValue)
            writer.key("target")
            writer.beginObject()
            writer.optionalNumber("min", definition.target.min)
            writer.optionalNumber("max", definition.target.max)
            writer.endObject()
            writer.optionalNumber("gap", result.gap)
            writer.member("status", result.status.rawValue)
            for detail in result.details { writer.optionalNumber(detail.name, detail.value) }
            if let maturity = result.maturity { writer.maturity(maturity, of: result.value, definition: definition) }
            if case .tooFewToTell(_, let interval, let counted, _) = result.judgement(definition) {
                // The dashboard's "Too few": off target, but on so few that the target is still within reach.
                writer.key("too_few_to_tell")
                writer.beginObject()
                writer.key("counted")
                writer.number(counted)
                writer.key("lower")
                writer.number(interval.lower)
                // Null: too few to bound it at all (a median of five or fewer, an average of one).
                writer.optionalNumber("upper", interval.isBounded ? interval.upper : nil)
                writer.endObject()
            }
            writer.key("version")
            writer.integer(Int64(definition.version))
            if let previous = group.previous?[index] {
                writer.key("previous")
                writer.beginObject()
                writer.optionalNumber("value", previous.value)
                writer.optionalNumber("numerator", previous.numerator)
                writer.optionalNumber("denominator", previous.denominator)
                writer.member("status", previous.status.rawValue)
                if let maturity = previous.maturity { writer.maturity(maturity, of: previous.value, definition: definition) }
                writer.endObject()
                writer.optionalNumber("change", result.value.flatMap { now in previous.value.map { now - $0 } })
                writer.key("direction")
                if let direction = result.direction(from: previous, bands: definition.bands) { writer.string(direction.rawValue) } else { writer.null() }
                writer.key("clear_change")
                if let clear = result.isClearChange(from: previous) { writer.bool(clear) } else { writer.null() }
            }
            writer.endObject()
        }
        writer.endObject()
    }
}

extension JSONWriter {
    /// A number, or `null` when there is none.
    public mutating func optionalNumber(_ name: String, _ value: Double?) {
        key(name)
        if let value { number(value) } else { null() }
    }
}

extension JSONWriter {
    /// `"compare"` and the compared window as `"previous": {"from", "to"}`, when the query
    /// compares: the scorecard's and the team review's answers say alike what they were set beside.
    public mutating func comparedWindow(_ query: KPIQuery) {
        guard let comparison = query.comparison, let window = query.comparedWindow else { return }
        member("compare", comparison.rawValue)
        key("previous")
        beginObject()
        member("from", window.from.description)
        member("to", window.to.description)
        endObject()
    }
}
