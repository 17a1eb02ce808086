import Hummingbird
import PitwallCore

/// `GET /v1/spend`: what each lead source (or campaign, or store) cost in a window and what its leads
/// brought in: cost per lead, per lead that replied and per buyer, and sales revenue per
/// dollar, the cheapest sales first.
struct LeadSpendController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("spend").add(middleware: RequireScopeMiddleware(required: .read)).get(use: spend)
    }

    @Sendable func spend(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let query = try KPIQuery.parse(request, now: now, configuration: dependencies.configuration)
        let grouping: KPIGrouping
        do {
            grouping = try LeadSpendReading.grouping(request.query("group_by"), parameter: "group_by")
        } catch let error as ParameterError {
            throw APIError.badRequest(error.description, code: "invalid_parameter")
        }
        if let segment = ScorecardFilters.segmentDimensions.first(where: { request.query($0.rawValue) != nil }) {
            throw APIError.badRequest("\(segment.rawValue): spend is counted for a store or the group, by source, campaign or store (group_by), not narrowed to one \(segment.words)")
        }
        let reading = try await LeadSpendReading(query.from...query.to, store: query.store, grouping: grouping, dependencies: dependencies, now: now)
        return Response.json(reading.json(query))
    }
}

/// A window's spend and return by source, campaign or store, with how far its sales are in: what the
/// API returns, the spend page shows and `pitwall spend` prints.
public struct LeadSpendReading: Sendable {
    public var report: LeadSpendReport
    /// The window's sales still coming in (its leads are young): the cost per sale will fall
    /// and the revenue rise as they do. Nil once they are in.
    public var salesComingIn: CohortMaturity?
    /// What the AI messaging cost over the window and what the sales it helped brought in; nil
    /// until its costs are configured (`messaging_platform:`).
    public var platform: MessagingReturn?
    /// Over the group, each store's own (its fee, its texts, its sales), the cheapest car the
    /// AI helped sell first: which stores make the most of it. Empty for one store.
    public var platformByStore: [(store: StoreID, figures: MessagingReturn)] = []

    /// The groupings spend is counted by: where the money goes (a source, a campaign), and
    /// which of a group's stores spends it best.
    public static let groupings: [KPIGrouping] = [.source, .campaign, .store]

    /// `source` unless asked; anything else is refused by `parameter`'s name.
    public static func grouping(_ value: String?, parameter: String) throws -> KPIGrouping {
        guard let value, !value.isEmpty else { return .source }
        guard let grouping = KPIGrouping(rawValue: value), groupings.contains(grouping) else {
            throw ParameterError(name: parameter, reason: "spend is counted by source, campaign or store, got \"\(value)\"")
        }
        return grouping
    }

    /// What the pages and the command line call a group: a source or campaign by its
    /// configured name, a store by its own; "(none)" for leads without one.
    public static func namer(_ grouping: KPIGrouping, configuration: PitwallConfiguration) -> @Sendable (String) -> String {
        let names = configuration.names
        return { value in
            if value.isEmpty { return "(none)" }
            return grouping == .store ? configuration.store(StoreID(value)).name : names.value(value, of: grouping.dimension)
        }
    }

    /// As the server reads it: its rollups, and how far outcomes are in from its daily measure.
    init(_ window: ClosedRange<CivilDate>, store: StoreID?, grouping: KPIGrouping, dependencies: AppDependencies, now: Timestamp) async throws {
        try await self.init(
            window, store: store, grouping: grouping, rollups: dependencies.rollups, maturity: try await dependencies.maturityBasis(store: store, now: now),
            configuration: dependencies.configuration)
    }

    public init(
        _ window: ClosedRange<CivilDate>, store: StoreID?, grouping: KPIGrouping, rollups: any KPIRollupStore, maturity: MaturityBasis,
        configuration: PitwallConfiguration
    ) async throws {
        let days = window.daysSinceEpoch
        let costs = configuration.messagingPlatform
        var counters = LeadSpend.counters
        if costs.isKnown { counters += MessagingReturn.counters.filter { !counters.contains($0) } }
        let rows = try await rollups.rollupRows(dimension: grouping.dimension, days: days, store: store, counters: .only(counters))
        report = LeadSpendReport(grouping: grouping, rows: rows)
        salesComingIn = maturity.maturity(of: .leadToSaleConversion, rows: rows).flatMap { $0.isStillComingIn ? $0 : nil }
        if costs.isKnown {
            var totals = KPITotals()
            for row in rows { totals.add(row) }
            // The fee is paid for every store the group runs, selling or not; with none
            // configured, for those with figures.
            let stores = store != nil ? 1 : configuration.stores.isEmpty ? Set(rows.map(\.cell.store)).count : configuration.stores.count
            platform = MessagingReturn(totals, window: window, stores: stores, costs: costs)
            if store == nil {
                var byStore: [StoreID: KPITotals] = Dictionary(uniqueKeysWithValues: configuration.stores.map { ($0.id, KPITotals()) })
                for row in rows { byStore[row.cell.store, default: KPITotals()].add(row) }
                platformByStore = byStore.map { (store: $0.key, figures: MessagingReturn($0.value, window: window, stores: 1, costs: costs)) }
                    .sorted { left, right in
                        switch (left.figures.costPerAISale, right.figures.costPerAISale) {
                        case let (a?, b?) where a != b: a < b
                        case (.some, nil): true
                        case (nil, .some): false
                        default: left.store < right.store
                        }
                    }
            }
        }
    }

    /// The whole answer of `GET /v1/spend` for `query`'s window and store.
    public func json(_ query: KPIQuery) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.window(query, segment: nil)
        writer.member("group_by", report.grouping.rawValue)
        write(to: &writer)
        writer.endObject()
        return writer.text
    }

    func write(to writer: inout JSONWriter) {
        writer.member("sales_in_share", salesComingIn?.shareIn)
        writer.key("total")
        writer.beginObject()
        Self.write(report.total, to: &writer)
        writer.endObject()
        writer.key("groups")
        writer.beginArray()
        for line in report.lines {
            writer.beginObject()
            writer.member(report.grouping.rawValue, line.value)
            Self.write(line.spend, to: &writer)
            writer.endObject()
        }
        writer.endArray()
        writer.key("findings")
        writer.beginArray()
        for finding in report.findings(name: { $0.isEmpty ? "(none)" : $0 }) { writer.string(finding) }
        writer.endArray()
        writer.key("messaging_platform")
        if let platform {
            writer.beginObject()
            platform.writeMembers(to: &writer)
            writer.key("by_store")
            writer.beginArray()
            for line in platformByStore {
                writer.beginObject()
                writer.member("store", line.store.rawValue)
                line.figures.writeMembers(to: &writer)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        } else {
            writer.null()
        }
    }


    /// The download's columns (the first is the grouping's); new ones only ever at the end.
    static func columns(_ grouping: KPIGrouping) -> [String] {
        [
            grouping.rawValue, "leads", "priced_leads", "spend", "cost_per_lead", "replied", "cost_per_reply", "bought", "cost_per_sale",
            "cost_per_sale_min", "cost_per_sale_max", "revenue", "revenue_per_dollar",
        ]
    }

    /// The table as the page shows it, a row per source or campaign, the totals last (their
    /// first cell empty).
    var tableRows: [[TableCell]] {
        func row(_ first: TableCell, _ spend: LeadSpend) -> [TableCell] {
            let number = { (value: Double?) in value.map(TableCell.number) ?? .empty }
            let range = spend.costPerSaleRange
            return [
                first, .integer(spend.leads), .integer(spend.pricedLeads), spend.pricedLeads > 0 ? .number(spend.spend.amount) : .empty,
                number(spend.costPerLead), .integer(spend.replied), number(spend.costPerReply), .integer(spend.bought), number(spend.costPerSale),
                number(range?.lowerBound), number(range?.upperBound), .number(spend.revenue.amount), number(spend.revenuePerDollar),
            ]
        }
        return report.lines.map { row(.text($0.value), $0.spend) } + [row(.empty, report.total)]
    }

    static func write(_ spend: LeadSpend, to writer: inout JSONWriter) {
        writer.member("leads", Int(spend.leads))
        writer.member("priced_leads", Int(spend.pricedLeads))
        writer.member("spend", spend.spend)
        writer.member("cost_per_lead", spend.costPerLead)
        writer.member("replied", Int(spend.replied))
        writer.member("cost_per_reply", spend.costPerReply)
        writer.member("bought", Int(spend.bought))
        writer.member("cost_per_sale", spend.costPerSale)
        writer.member("cost_per_sale_range", range: spend.costPerSaleRange)
        writer.member("revenue", spend.revenue)
        writer.member("revenue_per_dollar", spend.revenuePerDollar)
    }
}
