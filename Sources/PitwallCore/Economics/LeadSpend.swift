/// What a group of leads (a source's, a campaign's) cost and what they brought in: the SOP's
/// "ROI by lead source", "cost per acquisition" and "cost per quality lead". Counted on the
/// cohort, as the conversion rate is: the leads created in a window, with every reply and sale
/// they have brought so far, whenever it came.
public struct LeadSpend: Hashable, Sendable {
    public var leads: Int64
    /// Leads whose cost the CRM sent (a free lead's 0 included); the others' cost is unknown.
    public var pricedLeads: Int64
    /// What the priced leads cost.
    public var spend: Money
    /// Leads texted that wrote back: the SOP's "quality lead".
    public var replied: Int64
    /// Leads that bought at least once.
    public var bought: Int64
    /// What every sale of these leads brought in.
    public var revenue: Money

    public init(leads: Int64, pricedLeads: Int64, spend: Money, replied: Int64, bought: Int64, revenue: Money) {
        self.leads = leads
        self.pricedLeads = pricedLeads
        self.spend = spend
        self.replied = replied
        self.bought = bought
        self.revenue = revenue
    }

    /// The rollup counters the figures are made of, with the cohort's leads, which also weigh
    /// how far its sales are in.
    public static let counters: [RollupCounter] = [.leads, .pricedLeads, .leadSpendCents, .responded, .leadsSold, .cohortRevenueCents]

    /// From the rollup rows of the leads' created days, added up.
    public init(_ totals: KPITotals) {
        self.init(
            leads: totals[.leads], pricedLeads: totals[.pricedLeads], spend: Money(cents: totals[.leadSpendCents]),
            replied: totals[.responded], bought: totals[.leadsSold], revenue: Money(cents: totals[.cohortRevenueCents]))
    }

    public static let none = LeadSpend(leads: 0, pricedLeads: 0, spend: .zero, replied: 0, bought: 0, revenue: .zero)

    public static func + (left: LeadSpend, right: LeadSpend) -> LeadSpend {
        LeadSpend(
            leads: left.leads + right.leads, pricedLeads: left.pricedLeads + right.pricedLeads, spend: left.spend + right.spend,
            replied: left.replied + right.replied, bought: left.bought + right.bought, revenue: left.revenue + right.revenue)
    }

    /// Leads that came without a cost.
    public var unpricedLeads: Int64 { leads - pricedLeads }

    /// Nothing was paid for these leads (all priced at 0), or nothing is known of their cost.
    public var isUnpaid: Bool { spend.cents == 0 }

    /// What a priced lead cost on average, in dollars; nil when no lead has a cost.
    public var costPerLead: Double? {
        pricedLeads > 0 ? spend.amount / Double(pricedLeads) : nil
    }

    /// The spend every figure per reply, per sale and per dollar divides: the priced leads'
    /// cost, with each lead that came without one counted at their average. A source whose
    /// CRM sends some costs and not others is neither undercounted nor left out.
    public var spendOfAllLeads: Double? {
        costPerLead.map { $0 * Double(leads) }
    }

    public var replyRate: Double? { leads > 0 ? Double(replied) / Double(leads) : nil }
    public var saleRate: Double? { leads > 0 ? Double(bought) / Double(leads) : nil }

    /// Spend per lead that wrote back; nil before the first reply.
    public var costPerReply: Double? {
        guard replied > 0, let spend = spendOfAllLeads else { return nil }
        return spend / Double(replied)
    }

    /// Spend per lead that bought: the cost of acquiring a buyer. Nil before the first sale.
    public var costPerSale: Double? {
        guard bought > 0, let spend = spendOfAllLeads else { return nil }
        return spend / Double(bought)
    }

    /// Where the cost per sale plausibly lies (95 %). The spend is known; what chance moves is
    /// how many of the leads bought, so the range is the cost per lead over the Wilson interval
    /// of the share that bought. Nil before the first sale, or without spend.
    public var costPerSaleRange: ClosedRange<Double>? {
        guard bought > 0, !isUnpaid, let costPerLead,
              let share = WilsonInterval(successes: Double(bought), trials: Double(leads)), share.lower > 0
        else { return nil }
        return costPerLead / share.upper...costPerLead / share.lower
    }

    /// Sales revenue for each dollar spent on the leads (revenue, not profit: a car's margin is
    /// the dealership's to apply). Nil without spend.
    public var revenuePerDollar: Double? {
        guard let spend = spendOfAllLeads, spend > 0 else { return nil }
        return revenue.amount / spend
    }
}
