import Foundation
import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("What each lead source costs and returns")
struct LeadSpendTests {
    static func spend(_ leads: Int64, priced: Int64? = nil, dollars: Double, replied: Int64 = 0, bought: Int64 = 0, revenue: Double = 0) -> LeadSpend {
        LeadSpend(
            leads: leads, pricedLeads: priced ?? leads, spend: Money(amount: dollars), replied: replied, bought: bought, revenue: Money(amount: revenue))
    }

    /// A month of a group's sources, by hand: cargurus $32 a lead, 40 of 400 bought; facebook
    /// $11 a lead, 10 of 1,000; google $24 for the 60 of its 100 leads that came with a cost,
    /// 5 bought; autotrader $5,800 and no sale; the website free; a partner sending no cost.
    static let month = LeadSpendReport(grouping: .source, lines: [
        .init(value: "website", spend: spend(800, dollars: 0, replied: 300, bought: 80, revenue: 2_800_000)),
        .init(value: "facebook_ads", spend: spend(1_000, dollars: 11_000, replied: 150, bought: 10, revenue: 300_000)),
        .init(value: "partner", spend: spend(50, priced: 0, dollars: 0, bought: 2, revenue: 70_000)),
        .init(value: "autotrader", spend: spend(200, dollars: 5_800, replied: 40)),
        .init(value: "cargurus", spend: spend(400, dollars: 12_800, replied: 120, bought: 40, revenue: 1_400_000)),
        .init(value: "google_ads", spend: spend(100, priced: 60, dollars: 1_440, replied: 30, bought: 5, revenue: 150_000)),
    ])

    static func line(_ value: String) throws -> LeadSpend { try #require(month.lines.first { $0.value == value }).spend }

    @Test("cost per lead, per lead that replied and per buyer, and the sales each dollar brought, on hand-counted sources")
    func figures() throws {
        let cargurus = try Self.line("cargurus")
        #expect(cargurus.costPerLead == 32 && cargurus.costPerSale == 320 && cargurus.revenuePerDollar == 109.375)
        #expect(abs(try #require(cargurus.costPerReply) - 106.667) < 0.001, "12,800 over 120 replies")
        #expect(cargurus.replyRate == 0.3 && cargurus.saleRate == 0.1)
        let range = try #require(cargurus.costPerSaleRange)
        #expect(abs(range.lowerBound - 240.04) < 0.01 && abs(range.upperBound - 430.69) < 0.01, "$32 over the Wilson interval of 40 in 400: \(range)")

        let google = try Self.line("google_ads")
        #expect(google.costPerLead == 24 && google.unpricedLeads == 40)
        #expect(google.spendOfAllLeads == 2_400 && google.costPerSale == 480, "the 40 leads without a cost counted at the others' $24")

        let website = try Self.line("website")
        #expect(website.isUnpaid && website.costPerLead == 0 && website.costPerSale == 0)
        #expect(website.revenuePerDollar == nil && website.costPerSaleRange == nil, "no spend: nothing to divide, no range")

        let autotrader = try Self.line("autotrader")
        #expect(autotrader.costPerSale == nil && autotrader.costPerSaleRange == nil && autotrader.revenuePerDollar == 0)

        let partner = try Self.line("partner")
        #expect(partner.costPerLead == nil && partner.costPerSale == nil && partner.revenuePerDollar == nil)

        let total = Self.month.total
        #expect(total.leads == 2_550 && total.pricedLeads == 2_460 && total.spend == Money(amount: 31_040))
        #expect(total.bought == 137 && total.revenue == Money(amount: 4_720_000))
    }

    @Test("the budget's order: the paid sources from the cheapest sale, then paid without a sale, then free, then cost unknown")
    func order() {
        #expect(Self.month.lines.map(\.value) == ["cargurus", "google_ads", "facebook_ads", "autotrader", "website", "partner"])
    }

    @Test("the findings: cheapest and dearest sale when their ranges are apart, what a shifted $1,000 would buy, money spent without a sale, costs missing")
    func findings() {
        let said = Self.month.findings { $0 == "cargurus" ? "CarGurus" : $0 }
        #expect(said.count == 5, "\(said)")
        #expect(said[0] == "A sale from CarGurus cost least, $320 (plausibly $240–$431); one from facebook_ads most, $1,100 (plausibly $601–$2,022), 3.4 times as much.")
        // $1,000 buys 3.125 sales at $320 and 0.909 at $1,100.
        #expect(said[1] == "At these rates, each $1,000 moved from facebook_ads to CarGurus would buy about 2.2 more sales, if CarGurus can sell more leads at its price.")
        #expect(said[2] == "autotrader: $5,800 spent on 200 leads, no sale yet.")
        #expect(said[3] == "No lead from partner (50) came with a cost: their cost is unknown, and the totals count them at the average cost of the leads that have one.")
        #expect(said[4] == "Some leads came without a cost: google_ads (40). Each is counted at its source's average cost per lead.")
    }

    @Test("two sources whose few sales leave their ranges overlapping are not ranked apart")
    func tooFewToRank() {
        let report = LeadSpendReport(grouping: .campaign, lines: [
            .init(value: "spring", spend: Self.spend(40, dollars: 1_000, bought: 2)),
            .init(value: "summer", spend: Self.spend(40, dollars: 1_200, bought: 3)),
        ])
        #expect(report.lines.map(\.value) == ["summer", "spring"], "$400 a sale before $500")
        #expect(report.findings { $0 } == [
            "No paid campaign's sales are clearly cheaper than another's yet: from $400 to $500 a sale, but with these few sales the ranges overlap."
        ])
    }

    @Test("by store, each store's leads of every source add up, from the rows of all leads")
    func byStore() {
        func row(_ store: StoreID, _ counts: [RollupCounter: Int64]) -> RollupRow {
            var metrics = RollupMetrics()
            for (counter, count) in counts { metrics[counter] = count }
            return RollupRow(cell: RollupCell(dimension: .all, value: "", store: store, day: 20_000), counters: metrics.counters, responseTimes: Data())
        }
        let report = LeadSpendReport(grouping: .store, rows: [
            row("lkt", [.leads: 100, .pricedLeads: 100, .leadSpendCents: 250_000, .leadsSold: 5, .cohortRevenueCents: 18_000_000]),
            row("nrh", [.leads: 80, .pricedLeads: 80, .leadSpendCents: 160_000, .leadsSold: 8, .cohortRevenueCents: 30_000_000]),
            row("lkt", [.leads: 20, .pricedLeads: 20, .leadSpendCents: 50_000, .leadsSold: 1, .cohortRevenueCents: 3_000_000]),
        ])
        #expect(report.lines.map(\.value) == ["nrh", "lkt"], "$200 a buyer at North Ridge before $500 at Lakeside")
        #expect(report.lines.map(\.spend.costPerSale) == [200, 500] && report.total.leads == 200 && report.words == "store")
    }

    @Test("a window without leads has no figures and nothing to say")
    func empty() {
        let report = LeadSpendReport(grouping: .source, rows: [])
        #expect(report.lines.isEmpty && report.total == .none && report.findings { $0 }.isEmpty)
        #expect(LeadSpend.none.costPerLead == nil && LeadSpend.none.saleRate == nil && LeadSpend.none.revenuePerDollar == nil)
    }

    @Test("a lead's cost and the revenue of all its sales count on the day it was created; a lead without a cost is not priced")
    func contributions() throws {
        let resolver = LocalDayResolver(configuration: PitwallConfiguration(stores: [StoreProfile(id: "store-a", name: "A", timeZone: TimeZone(identifier: "UTC")!)]))
        var byDay: [Int64: KPITotals] = [:]
        func add(_ events: [Event]) throws {
            let records = try #require(LeadLedger.records(of: events))
            for (cell, metrics) in records.contributions(resolver: resolver) where cell.dimension == .source {
                byDay[cell.day, default: KPITotals()].add(RollupRow(cell: cell, counters: metrics.counters, responseTimes: Data()))
            }
        }
        var bought = EventFactory(lead: "P1")
        let created = bought.created(0, source: "cargurus", cost: Money(amount: 31.5))
        try add([created, bought.sent(60, message: "m1"), bought.received(120, message: "r1"), bought.sale(3 * 86_400, id: "s1", amount: 30_000)])
        var unpriced = EventFactory(lead: "P2")
        try add([unpriced.created(0, source: "cargurus", cost: nil)])

        let day = created.occurredAt.millisecondsSinceEpoch / Timestamp.millisecondsPerDay
        let cohort = LeadSpend(try #require(byDay[day]))
        #expect(cohort == LeadSpend(leads: 2, pricedLeads: 1, spend: Money(amount: 31.5), replied: 1, bought: 1, revenue: Money(amount: 30_000)))
        let saleDay = try #require(byDay[day + 3])
        #expect(saleDay[.revenueCents] == 3_000_000 && saleDay[.cohortRevenueCents] == 0, "the sale day has the sale, the cohort day its revenue")
    }
}
