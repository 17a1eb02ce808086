import PitwallCharts
import PitwallCore

extension KPIDetailPage {
    /// The page's breakdown: a row and a bar for each store or segment value, each judged by
    /// the target it is held to; or, for a split the rollups cannot make, why not.
    struct Breakdown {
        var groups: [GroupRow] = []
        var chart = ""
        var note: String?
        var crossed: CrossedBreakdown?
    }

    func breakdown(
        of definition: KPIDefinition, filters: ScorecardFilters, by: (SegmentDimension?, String), series: KPISeries, maturity: MaturityBasis,
        today: CivilDate, band: ChartBand, steps: AxisSteps, format: @escaping ChartValueFormat
    ) async throws -> Breakdown {
        let configuration = dependencies.configuration
        let key = definition.key
        var groups: [GroupRow] = []
        // The target each row is judged by, for the shading behind its bar.
        var rowBands: [ChartBand] = []
        // What each row's figure stands on, for the pale bars.
        var rowCounted: [Double] = []
        let names = configuration.names
        let crossed = Self.crossedBreakdown(filters: filters, by: by, names: names)
        // A segment's own cells name their store, so it breaks down by store or by itself (and a
        // source by wait, from the cells that count the two together).
        let breakdownRows =
            crossed != nil
            ? []
            : try await dependencies.rollups.rollupRows(
                by: by.0, narrowedTo: filters.segmentValue, days: filters.window.days, store: filters.store,
                counters: .kpis) ?? []
        let byGroup = series.resultsByGroup(breakdownRows, days: filters.window.days, keys: [key], maturity: maturity) {
            by.0 == nil ? $0.store.rawValue : $0.value
        }
        let ordering = by.0.flatMap { KPIGrouping(rawValue: $0.rawValue) } ?? .store
        let storeCatalogs = configuration.storeKPICatalogs
        var order = ordering.ordered(byGroup.keys)
        // Stores and named segments read in the order of the names the rows show, not of the ids.
        if let dimension = by.0, DisplayNames.namedDimensions.contains(dimension) {
            order.sort { (names.value($0, of: dimension), $0) < (names.value($1, of: dimension), $1) }
        } else if by.0 == nil {
            order.sort { (configuration.store(StoreID($0)).name, $0) < (configuration.store(StoreID($1)).name, $1) }
        }
        var nothingToCount: [String] = []
        for name in order {
            guard var value = byGroup[name]?[key] else { continue }
            let label = by.0.map { name.isEmpty ? "(none)" : names.value(name, of: $0) } ?? configuration.store(StoreID(name)).name
            // A value with leads in the window but none this figure counts (the leads no agent
            // was assigned, on the pick-up) would be a row of "0 of 0": said once below instead.
            if value.value == nil, (value.denominator ?? 0) == 0 {
                nothingToCount.append(label)
                continue
            }
            // Each store is judged against its own target where it has one.
            let judgedBy = by.0 == nil ? (storeCatalogs[StoreID(name)] ?? configuration.kpiCatalog)[key] : definition
            if judgedBy != definition { value = value.judged(by: judgedBy) }
            let link: String? =
                if let dimension = by.0, ScorecardFilters.segmentDimensions.contains(dimension) {
                    "/kpis?\(filters.query(Dictionary(uniqueKeysWithValues: ScorecardFilters.segmentDimensions.map { ($0.rawValue, $0 == dimension ? name : nil) })))"
                } else if by.0 == nil {
                    "/kpis?\(filters.query(["store": name]))"
                } else { nil }
            rowBands.append(ChartBand(low: judgedBy.target.min, high: judgedBy.target.max, ceiling: band.ceiling))
            rowCounted.append(value.counted)
            groups.append(
                GroupRow(
                    group: name, name: label, value: KPIFormatting.value(value.value, unit: definition.unit), raw: value.value.map(JSONWriter.format) ?? "",
                    sample: ScorecardPage.sample(value, unit: definition.unit),
                    badge: ScorecardPage.badge(value, definition: judgedBy, today: today), link: link,
                    ownRules: Self.ownRules(of: by.0 == nil ? StoreID(name) : nil, key: key, judgedBy: judgedBy, group: definition, configuration: configuration)))
        }
        let shown = groups.prefix(24)
        let shownBands = Array(rowBands.prefix(24))
        let judgedAlike = shownBands.allSatisfy { $0 == band }
        let fewest = KPIJudgement.judgedSample
        let bars = BarChart(
            labels: shown.map(\.name), values: shown.map { Double($0.raw) }, band: band,
            bandOfEachBar: judgedAlike ? nil : shownBands, width: 720, height: 240,
            title: "\(definition.name) by \(by.1.lowercased()), \(filters.window.label)", steps: steps,
            caveats: zip(shown, rowCounted).map { row, counted in counted < fewest ? Self.fewCaveat(row.sample) : nil }, format: format)
        let notes = [
            judgedAlike ? nil : "The green behind each store's bar is the target that store is judged by.",
            bars.hasPaleBars ? "Pale bars stand on fewer than \(Int(fewest)) counted: read them as hints, not findings." : nil,
            Self.nothingToCountNote(nothingToCount),
        ].compactMap { $0 }
        let chart = bars.svg
        return Breakdown(groups: groups, chart: chart, note: notes.isEmpty ? nil : notes.joined(separator: " "), crossed: crossed)
    }

    /// "Not shown, with nothing to count for this figure in this window: (none), Spring event."
    static func nothingToCountNote(_ labels: [String]) -> String? {
        guard !labels.isEmpty else { return nil }
        let listed = labels.prefix(8).joined(separator: ", ") + (labels.count > 8 ? " and \(labels.count - 8) more" : "")
        return "Not shown, with nothing to count for this figure in this window: \(listed)."
    }

    /// "on 3 of 12, too few to read alone": a row's sample without its tail (the p90 of a median).
    static func fewCaveat(_ sample: String) -> String {
        let basis = sample.split(separator: " · ", maxSplits: 1).first.map(String.init) ?? ""
        return basis.isEmpty ? "too few to read alone" : ChartFigure.caveat(on: basis)
    }
}
