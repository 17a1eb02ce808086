import Foundation
import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("What the AI messaging costs and returns")
struct MessagingReturnTests {
    static let june = CivilDate(year: 2026, month: 6, day: 1)!...CivilDate(year: 2026, month: 6, day: 30)!
    static let costs = MessagingPlatformCosts(monthlyFeePerStore: 1_500, perTextSent: 0.01, grossProfitPerCar: 2_500)

    /// June of a four-store group, by hand: $1,500 a store is $6,000; 187,000 texts at a cent
    /// are $1,870; so $7,870. Of 230 cars sold for $8,050,000, 41 went to leads the AI texted
    /// and heard back from, for $1,558,000.
    static func month(aiSales: Int64 = 41, aiRevenue: Double = 1_558_000, sales: Int64 = 230, costs: MessagingPlatformCosts = costs) -> MessagingReturn {
        MessagingReturn(
            costs: costs, stores: 4, fees: costs.fees(over: june, stores: 4), textsSent: 187_000, leads: 5_000, sales: sales,
            revenue: Money(amount: 8_050_000), aiSales: aiSales, aiRevenue: Money(amount: aiRevenue))
    }

    @Test("the fee is a month's for a calendar month, and each day's share of its own month otherwise")
    func fees() {
        #expect(Self.costs.fees(over: Self.june, stores: 4) == 6_000)
        // 14 days of February (28) and 14 of March (31): 1,500 × (14/28 + 14/31) = 1,427.42.
        let across = CivilDate(year: 2026, month: 2, day: 15)!...CivilDate(year: 2026, month: 3, day: 14)!
        #expect(abs(Self.costs.fees(over: across, stores: 1) - 1_427.419) < 0.001)
        // A year is twelve fees; a leap day is one of February's 29.
        let year = CivilDate(year: 2028, month: 1, day: 1)!...CivilDate(year: 2028, month: 12, day: 31)!
        #expect(abs(Self.costs.fees(over: year, stores: 2) - 36_000) < 1e-6)
        let leapDay = CivilDate(year: 2028, month: 2, day: 29)!...CivilDate(year: 2028, month: 2, day: 29)!
        #expect(abs(Self.costs.fees(over: leapDay, stores: 1) - 1_500.0 / 29) < 1e-9)
        #expect(MessagingPlatformCosts(perTextSent: 0.01).fees(over: Self.june, stores: 4) == 0, "no fee configured")
        #expect(!MessagingPlatformCosts(grossProfitPerCar: 2_000).isKnown, "a profit a car alone is no cost")
    }

    @Test("cost, cost a car, revenue a dollar, the return in gross profit and the cars that pay for it, by hand")
    func figures() throws {
        let month = Self.month()
        #expect(month.fees == 6_000 && month.textsCost == 1_870 && month.cost == 7_870)
        #expect(abs(try #require(month.costPerAISale) - 191.951) < 0.001, "7,870 / 41")
        #expect(abs(try #require(month.revenuePerDollar) - 197.967) < 0.001, "1,558,000 / 7,870")
        #expect(abs(try #require(month.aiRevenueShare) - 0.193540) < 1e-6)
        #expect(month.aiGrossProfit == 102_500)
        #expect(abs(try #require(month.returnOnCost) - 12.024142) < 1e-6, "(102,500 − 7,870) / 7,870")
        #expect(month.carsToPayForItself == 4, "7,870 / 2,500 = 3.15, so the 4th car pays")

        let perLead = MessagingPlatformCosts(monthlyFeePerStore: 0, perLead: 0.5)
        let leads = Self.month(costs: perLead)
        #expect(leads.cost == 2_500 && leads.returnOnCost == nil && leads.carsToPayForItself == nil, "5,000 leads at 50 cents; no profit a car given")
    }

    @Test("the findings say what it cost, what came of it, and how few of the AI's sales must be its doing to pay")
    func findings() {
        #expect(Self.month().findings(period: "in the month") == [
            "The AI messaging cost $7,870 in the month: $6,000 in fees for 4 stores, $1,870 for 187,000 texts.",
            "Leads the AI texted and heard back from bought 41 cars for $1,558,000 (19.4% of the revenue): $192 of platform cost a car, $198 of their revenue for each platform dollar.",
            "At $2,500 gross a car, those 41 made $102,500, 13.0 times the cost. It pays for itself if 4 of those 41 sales (9.8%) would not have happened without it.",
        ])
        #expect(Self.month(aiSales: 2, aiRevenue: 70_000).findings(period: "in the month").last
            == "At $2,500 gross a car, those 2 made $5,000, less than the cost: it pays for itself only with 4 such sales in the month, 2 more.")
        #expect(Self.month(aiSales: 0, aiRevenue: 0, sales: 3).findings(period: "in these 30 days").suffix(2) == [
            "None of the 3 cars sold in these 30 days went to a lead the AI texted and heard back from.",
            "At $2,500 gross a car, it needs 4 such sales in these 30 days to pay for itself.",
        ])
        // Against May, by hand: $1,305 a store is $5,220, with the same texts $7,090, for 30
        // cars: $236.33 a car, said as dollars above $100.
        let may = Self.month(aiSales: 30, aiRevenue: 1_100_000, costs: MessagingPlatformCosts(monthlyFeePerStore: 1_305, perTextSent: 0.01))
        #expect(may.cost == 7_090)
        #expect(Self.month().compared(with: may, phrase: "the month before")
            == "Against the month before: cost $7,870 (was $7,090); 41 cars the AI helped sell (was 30); $192 a car (was $236).")
        let textsOnly = Self.month(costs: MessagingPlatformCosts(perTextSent: 0.0079))
        #expect(textsOnly.findings(period: "on this day").first == "The AI messaging cost $1,477 on this day.", "one part: no list of parts")
        #expect(textsOnly.findings(period: "on this day").count == 2, "no profit a car: no line on profit")
    }

    @Test("a sale is the AI's when its lead got the AI's text and wrote back before it, counted on the sale's day")
    func counted() throws {
        let resolver = LocalDayResolver(configuration: PitwallConfiguration(stores: [StoreProfile(id: "store-a", name: "A", timeZone: TimeZone(identifier: "UTC")!)]))
        var factory = EventFactory(lead: "P1")
        let created = factory.created(0)
        let saleDay = created.occurredAt.millisecondsSinceEpoch / Timestamp.millisecondsPerDay + 1
        func aiSales(_ events: [Event]) throws -> [Int64: Int64] {
            let records = try #require(LeadLedger.records(of: events))
            var byDay: [Int64: Int64] = [:]
            for (cell, metrics) in records.contributions(resolver: resolver) where cell.dimension == .all && metrics[.aiAssistedSales] != 0 {
                byDay[cell.day, default: 0] += metrics[.aiAssistedSales]
            }
            return byDay
        }
        let ai = factory.sent(60, message: "m1", sender: .ai)
        let reply = factory.received(120, message: "r1")
        let sale = factory.sale(86_400, id: "s1", amount: 30_000)
        #expect(try aiSales([created, ai, reply, sale]) == [saleDay: 1])
        #expect(try aiSales([sale, reply, created, ai]) == [saleDay: 1], "delivered out of order, the times decide")
        #expect(try aiSales([created, ai, sale]).isEmpty, "no reply")
        #expect(try aiSales([created, factory.sent(60, message: "m1", sender: .agent), reply, sale]).isEmpty, "a person's text, not the AI's")
        #expect(try aiSales([created, ai, factory.received(90_000, message: "r1"), sale]).isEmpty, "the reply came after the sale")
    }
}
