/// What the AI messaging cost over a window and what the sales it helped brought in: the SOP's
/// "revenue attribution to AI messaging" and "investment ROI assessment". Counted on the days
/// things happened (texts on the day sent, sales on the day closed), as the scorecard's
/// AI-assisted revenue share is, so a month's cost meets that month's sales.
///
/// A sale counts as the AI's when its lead got a text from the AI and wrote back before it:
/// that is attribution, not proof that the AI made the sale, so the words say how many of
/// those sales it would have had to make to pay for itself rather than claim them all.
public struct MessagingReturn: Hashable, Sendable {
    public var costs: MessagingPlatformCosts
    /// The stores the fee is paid for.
    public var stores: Int
    /// The fees for the window's days.
    public var fees: Double
    public var textsSent: Int64
    public var leads: Int64
    /// Every sale closed in the window, and those whose lead the AI texted and heard back from.
    public var sales: Int64
    public var revenue: Money
    public var aiSales: Int64
    public var aiRevenue: Money

    /// The rollup counters it is made of.
    public static let counters: [RollupCounter] = [.leads, .messagesSent, .salesClosed, .revenueCents, .aiAssistedSales, .aiAssistedRevenueCents]

    public init(
        costs: MessagingPlatformCosts, stores: Int, fees: Double, textsSent: Int64, leads: Int64, sales: Int64, revenue: Money, aiSales: Int64,
        aiRevenue: Money
    ) {
        self.costs = costs
        self.stores = stores
        self.fees = fees
        self.textsSent = textsSent
        self.leads = leads
        self.sales = sales
        self.revenue = revenue
        self.aiSales = aiSales
        self.aiRevenue = aiRevenue
    }

    /// From the window's rollup rows added up, for `stores` stores.
    public init(_ totals: KPITotals, window: ClosedRange<CivilDate>, stores: Int, costs: MessagingPlatformCosts) {
        self.init(
            costs: costs, stores: stores, fees: costs.fees(over: window, stores: stores), textsSent: totals[.messagesSent], leads: totals[.leads],
            sales: totals[.salesClosed], revenue: Money(cents: totals[.revenueCents]), aiSales: totals[.aiAssistedSales],
            aiRevenue: Money(cents: totals[.aiAssistedRevenueCents]))
    }

    public var textsCost: Double { Double(textsSent) * costs.perTextSent }
    public var leadsCost: Double { Double(leads) * costs.perLead }
    /// All the platform cost over the window.
    public var cost: Double { fees + textsCost + leadsCost }

    /// The AI-helped sales' share of the window's revenue.
    public var aiRevenueShare: Double? { revenue.cents > 0 ? Double(aiRevenue.cents) / Double(revenue.cents) : nil }

    /// Platform cost for each car the AI helped sell; nil before the first.
    public var costPerAISale: Double? { aiSales > 0 && cost > 0 ? cost / Double(aiSales) : nil }

    /// Revenue of the AI-helped sales for each platform dollar; nil without a cost.
    public var revenuePerDollar: Double? { cost > 0 ? aiRevenue.amount / cost : nil }

    /// The gross profit of the AI-helped sales, at the configured profit a car.
    public var aiGrossProfit: Double? { costs.grossProfitPerCar.map { $0 * Double(aiSales) } }

    /// (Gross profit of the AI-helped sales − cost) / cost: 1.5 is a 150 % return.
    public var returnOnCost: Double? {
        guard let gross = aiGrossProfit, cost > 0 else { return nil }
        return (gross - cost) / cost
    }

    /// The cars whose gross profit pays the window's cost: the fewest of the AI-helped sales
    /// that the AI must have made happen, not merely been part of, for the platform to pay.
    public var carsToPayForItself: Int64? {
        guard let perCar = costs.grossProfitPerCar, perCar > 0, cost > 0 else { return nil }
        return Int64((cost / perCar).rounded(.up))
    }

    /// The words a page and a report say, in the order read: what it cost, what came of it,
    /// and whether that pays (in profit when the profit a car is configured).
    public func findings(period: String) -> [String] {
        var said: [String] = []
        var parts = [String]()
        if fees > 0 { parts.append("\(LeadSpendReport.price(fees)) in fees for \(KPIFormatting.count(stores, "store", "stores"))") }
        if costs.perTextSent > 0 { parts.append("\(LeadSpendReport.price(textsCost)) for \(KPIFormatting.count(Int(textsSent), "text", "texts"))") }
        if costs.perLead > 0 { parts.append("\(LeadSpendReport.price(leadsCost)) for \(KPIFormatting.count(Int(leads), "new lead", "new leads"))") }
        said.append("The AI messaging cost \(LeadSpendReport.price(cost)) \(period)" + (parts.count > 1 ? ": " + parts.joined(separator: ", ") : "") + ".")
        guard aiSales > 0 else {
            said.append(
                sales > 0
                    ? "None of the \(KPIFormatting.count(Int(sales), "car", "cars")) sold \(period) went to a lead the AI texted and heard back from."
                    : "No car was sold \(period).")
            if let needed = carsToPayForItself, let perCar = costs.grossProfitPerCar {
                said.append("At \(LeadSpendReport.price(perCar)) gross a car, it needs \(KPIFormatting.count(Int(needed), "such sale", "such sales")) \(period) to pay for itself.")
            }
            return said
        }
        let share = aiRevenueShare.map { " (\(KPIFormatting.percent($0)) of the revenue)" } ?? ""
        var sold = "Leads the AI texted and heard back from bought \(KPIFormatting.count(Int(aiSales), "car", "cars")) for \(KPIFormatting.dollars(aiRevenue.amount))\(share)"
        if let perSale = costPerAISale, let perDollar = revenuePerDollar {
            sold += ": \(LeadSpendReport.price(perSale)) of platform cost a car, \(LeadSpendReport.price(perDollar)) of their revenue for each platform dollar"
        }
        said.append(sold + ".")
        if let gross = aiGrossProfit, let perCar = costs.grossProfitPerCar, let needed = carsToPayForItself {
            let one = aiSales == 1
            let made = "At \(LeadSpendReport.price(perCar)) gross a car, " + (one ? "that car" : "those \(KPIFormatting.grouped(aiSales))") + " made \(LeadSpendReport.price(gross))"
            if gross >= cost {
                let which = one
                    ? "that sale"
                    : "\(KPIFormatting.grouped(needed)) of those \(KPIFormatting.grouped(aiSales)) sales (\(KPIFormatting.percent(Double(needed) / Double(aiSales))))"
                said.append(made + ", \(KPIFormatting.decimal(gross / cost, places: 1)) times the cost. It pays for itself if \(which) would not have happened without it.")
            } else {
                said.append(
                    made + ", less than the cost: it pays for itself only with \(KPIFormatting.count(Int(needed), "such sale", "such sales")) \(period), "
                        + "\(KPIFormatting.grouped(needed - aiSales)) more.")
            }
        }
        return said
    }

    /// One line against an earlier window's figures (the report's period before): what it
    /// cost, the cars it helped sell and the cost a car, each beside the earlier one.
    public func compared(with before: MessagingReturn, phrase: String) -> String {
        var parts = [
            "cost \(LeadSpendReport.price(cost)) (was \(LeadSpendReport.price(before.cost)))",
            "\(KPIFormatting.count(Int(aiSales), "car", "cars")) the AI helped sell (was \(KPIFormatting.grouped(before.aiSales)))",
        ]
        if let now = costPerAISale, let then = before.costPerAISale {
            parts.append("\(LeadSpendReport.price(now)) a car (was \(LeadSpendReport.price(then)))")
        }
        return "Against \(phrase): " + parts.joined(separator: "; ") + "."
    }

    /// "in these 30 days", "on this day": a window of any length, as the findings name it.
    public static func period(_ window: ClosedRange<CivilDate>) -> String {
        let days = window.upperBound.daysSinceEpoch - window.lowerBound.daysSinceEpoch + 1
        return days == 1 ? "on this day" : "in these \(KPIFormatting.grouped(days)) days"
    }

    /// The headline figures, label and value, as the spend page's tiles show them.
    public var tiles: [(key: String, label: String, value: String)] {
        let shown = MessagingReturnText(self)
        var tiles: [(String, String, String)] = [
            ("cost", "Cost", shown.cost),
            ("ai-sales", "Cars the AI helped sell", shown.aiSales),
            ("ai-revenue", "Their revenue", KPIFormatting.dollars(aiRevenue.amount) + (aiRevenueShare.map { " (\(KPIFormatting.percent($0)))" } ?? "")),
            ("cost-per-ai-sale", "Cost a car", shown.costPerAISale),
            ("revenue-per-dollar", "Revenue per platform $1", shown.revenuePerDollar),
        ]
        if costs.grossProfitPerCar != nil {
            tiles.append(("return-on-cost", "Return on cost, in gross profit", shown.returnOnCost))
            tiles.append(("cars-to-pay", "Cars to pay for it", carsToPayForItself.map { KPIFormatting.grouped($0) } ?? "–"))
        }
        return tiles
    }

    /// "638.1%", "1,202%": a return in the thousands of percent needs no decimal, but its comma.
    public static func percentReturn(_ ratio: Double) -> String {
        ratio.magnitude < 10 ? KPIFormatting.percent(ratio) : (ratio < 0 ? "-" : "") + KPIFormatting.grouped(Int64((ratio.magnitude * 100).rounded())) + "%"
    }
}
