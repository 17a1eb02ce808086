import HTTPTypes
import Hummingbird
import NIOCore
import PitwallCharts
import PitwallCore

/// `/spend`: what each lead source, campaign or store cost in a window and what its leads brought
/// in, for the marketing team's budget review and the executives' ROI by source. The same
/// figures as `GET /v1/spend`.
struct LeadSpendPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var form: ScorecardPage.FilterForm
        var windowLabel: String
        var groupings: [Grouping]
        var groupingWord: String
        var groupingWords: String
        var summary: String
        var comingIn: String?
        var findings: [String]
        var hasFindings: Bool
        var chart: String
        var rows: [Row]
        var total: Row
        var hasLeads: Bool
        /// The table as a spreadsheet, for the budget review.
        var download: String
        /// What the AI messaging cost and returned; empty until its costs are configured.
        var platformTiles: [Tile]
        var platformLines: [String]
        var hasPlatform: Bool
        /// Over the group, a row per store, the cheapest car the AI helped sell first.
        var platformStores: [PlatformStore]
        var hasPlatformStores: Bool
        var showsReturn: Bool
    }

    struct PlatformStore: Sendable {
        var store: String
        var name: String
        var cost: String
        var aiSales: String
        var costPerAISale: String
        var revenuePerDollar: String
        var returnOnCost: String
    }

    struct Tile: Sendable {
        var key: String
        var label: String
        var value: String
    }

    struct Grouping: Sendable {
        var label: String
        var link: String
        var selected: Bool
    }

    struct Row: Sendable {
        /// The source or campaign as the CRM sends it, for scripts and tests.
        var value: String
        var name: String
        /// The scorecard narrowed to this source or campaign.
        var link: String?
        var leads: String
        var spend: String
        var costPerLead: String
        var unpriced: String?
        var replied: String
        var replyRate: String
        var costPerReply: String
        var bought: String
        var saleRate: String
        var costPerSale: String
        var costPerSaleRange: String?
        var revenue: String
        var revenuePerDollar: String
        /// Unformatted, for scripts and tests to compare with the API.
        var rawSpend: String
        var rawCostPerSale: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("spend", use: page)
        group.get("spend.csv", use: csv)
    }

    /// The page's filters and grouping; a segment or another grouping is refused by name.
    func filters(_ request: Request, now: Timestamp) throws -> (ScorecardFilters, KPIGrouping) {
        let filters = try ScorecardFilters(request: request, configuration: dependencies.configuration, now: now)
        if let segment = filters.segment {
            throw DashboardError.badParameter(
                ParameterError(name: segment.dimension.rawValue, reason: "spend is counted by source, campaign or store over a store or the group: choose them, or the window"))
        }
        do {
            return (filters, try LeadSpendReading.grouping(request.query("by"), parameter: "by"))
        } catch let error as ParameterError {
            throw DashboardError.badParameter(error)
        }
    }

    /// `/spend.csv`: the page's table, a row per source, campaign or store and the totals.
    @Sendable func csv(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let (filters, grouping) = try self.filters(request, now: now)
        let reading = try await LeadSpendReading(filters.window.from...filters.window.to, store: filters.store, grouping: grouping, dependencies: dependencies, now: now)
        let encoder = TableEncoder(format: .csv, columns: LeadSpendReading.columns(grouping))
        var headers: HTTPFields = [.contentType: TableEncoder.Format.csv.contentType]
        headers[.contentDisposition] = "attachment; filename=\"\(ScorecardDownload.fileName(filters, table: "spend-by-\(grouping.rawValue)"))\""
        let body = try encoder.header() + encoder.encode(reading.tableRows)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let (filters, grouping) = try self.filters(request, now: now)
        return renderer.html(try await view(filters: filters, grouping: grouping, session: context.session!, now: now), template: "spend")
    }

    func view(filters: ScorecardFilters, grouping: KPIGrouping, session: DashboardSession, now: Timestamp) async throws -> View {
        let configuration = dependencies.configuration
        let reading = try await LeadSpendReading(filters.window.from...filters.window.to, store: filters.store, grouping: grouping, dependencies: dependencies, now: now)
        let home = filters.store.map(configuration.store) ?? configuration.homeStore
        var form = try await ScorecardPage(dependencies: dependencies, renderer: renderer).form(filters, action: "/spend")
        form.choosesComparison = false
        form.by = grouping == .source ? nil : grouping.rawValue
        return Self.view(
            reading, grouping: grouping, configuration: configuration, filters: filters, form: form,
            chrome: PageChrome(title: "Spend and return", section: .spend, session: session, now: now, zone: home),
            today: home.calendar.localDate(of: now))
    }

    static func view(
        _ reading: LeadSpendReading, grouping: KPIGrouping, configuration: PitwallConfiguration, filters: ScorecardFilters, form: ScorecardPage.FilterForm,
        chrome: PageChrome, today: CivilDate
    ) -> View {
        let report = reading.report
        let name = LeadSpendReading.namer(grouping, configuration: configuration)
        let rows = report.lines.map { line in
            row(line.spend, value: line.value, name: name(line.value), link: "/kpis?\(filters.query([grouping.rawValue: line.value]))")
        }
        let paid = report.lines.filter { !$0.spend.isUnpaid && $0.spend.costPerSale != nil }
        let chart = BarChart(
            labels: paid.map { name($0.value) }, values: paid.map(\.spend.costPerSale), width: 640, height: 220,
            title: "Spend per lead that bought, paid \(report.words)s", steps: .decimal, format: { KPIFormatting.dollars($0) }
        ).svg
        let total = report.total
        let findings = report.findings(name: name)
        var summary = KPIFormatting.count(Int(total.leads), "lead", "leads") + " came in"
        summary += total.unpricedLeads == 0
            ? ", at a cost of \(LeadSpendReport.price(total.spend.amount))"
            : "; the \(KPIFormatting.grouped(total.pricedLeads)) that came with a cost cost \(LeadSpendReport.price(total.spend.amount))"
        summary += ". Their sales so far brought \(KPIFormatting.dollars(total.revenue.amount))"
        if let perDollar = total.revenuePerDollar { summary += ", \(LeadSpendReport.price(perDollar)) for each dollar spent" }
        summary += "."
        return View(
            chrome: chrome, form: form, windowLabel: filters.window.label,
            groupings: LeadSpendReading.groupings.map { option in
                Grouping(
                    label: "By \(option.words)", link: "/spend?\(filters.query(["by": option == .source ? nil : option.rawValue]))",
                    selected: option == grouping)
            },
            groupingWord: report.words.prefix(1).uppercased() + report.words.dropFirst(), groupingWords: report.words,
            summary: summary,
            comingIn: reading.salesComingIn.map {
                "Sales still coming in (\($0.progress)): the cost per sale will fall, and the revenue rise, as they come. \(MaturityWording.explanation($0, today: today))"
            },
            findings: findings, hasFindings: !findings.isEmpty, chart: chart, rows: rows,
            total: row(total, value: "", name: "All \(report.words)s", link: nil), hasLeads: total.leads > 0,
            download: "/spend.csv?\(filters.query(["by": grouping == .source ? nil : grouping.rawValue]))",
            platformTiles: reading.platform?.tiles.map { Tile(key: $0.key, label: $0.label, value: $0.value) } ?? [],
            platformLines: reading.platform?.findings(period: MessagingReturn.period(filters.window.from...filters.window.to)) ?? [],
            hasPlatform: reading.platform != nil,
            platformStores: reading.platformByStore.map { line in
                let shown = MessagingReturnText(line.figures)
                return PlatformStore(
                    store: line.store.rawValue, name: configuration.store(line.store).name, cost: shown.cost, aiSales: shown.aiSales,
                    costPerAISale: shown.costPerAISale, revenuePerDollar: shown.revenuePerDollar, returnOnCost: shown.returnOnCost)
            },
            hasPlatformStores: reading.platformByStore.count > 1, showsReturn: reading.platform?.costs.grossProfitPerCar != nil)
    }

    static func row(_ spend: LeadSpend, value: String, name: String, link: String?) -> Row {
        let shown = LeadSpendText(spend)
        let percent = { (rate: Double?) in KPIFormatting.value(rate, unit: .ratio) }
        return Row(
            value: value, name: name, link: link, leads: shown.leads, spend: shown.spend, costPerLead: shown.costPerLead,
            unpriced: spend.pricedLeads > 0 && spend.unpricedLeads > 0 ? "\(KPIFormatting.grouped(spend.unpricedLeads)) without a cost" : nil,
            replied: shown.replied, replyRate: percent(spend.replyRate), costPerReply: shown.costPerReply,
            bought: shown.bought, saleRate: percent(spend.saleRate), costPerSale: shown.costPerSale,
            costPerSaleRange: spend.costPerSaleRange.map { "plausibly \(LeadSpendReport.price($0.lowerBound))–\(LeadSpendReport.price($0.upperBound))" },
            revenue: shown.revenue, revenuePerDollar: shown.revenuePerDollar,
            rawSpend: spend.pricedLeads > 0 ? spend.spend.description : "", rawCostPerSale: spend.costPerSale.map(JSONWriter.format) ?? "")
    }
}
