/// A window's leads by source, campaign or store with what each group cost and returned, in
/// the order a budget is reviewed: the paid groups from the cheapest sale to the dearest, then
/// paid groups without a sale yet, then the free ones, then those whose cost is unknown.
public struct LeadSpendReport: Sendable {
    public struct Line: Hashable, Sendable {
        /// The source or campaign as the CRM sends it (empty for leads without one), or the store.
        public var value: String
        public var spend: LeadSpend
    }

    public var grouping: KPIGrouping
    public var lines: [Line]
    public var total: LeadSpend

    /// Groups a window's rollup rows of the `grouping`'s dimension.
    public init(grouping: KPIGrouping, rows: [RollupRow]) {
        var totals: [String: KPITotals] = [:]
        for row in rows { totals[grouping.group(of: row.cell), default: KPITotals()].add(row) }
        self.init(grouping: grouping, lines: totals.map { Line(value: $0.key, spend: LeadSpend($0.value)) }.filter { $0.spend.leads > 0 })
    }

    public init(grouping: KPIGrouping, lines: [Line]) {
        self.grouping = grouping
        self.lines = lines.sorted(by: Self.budgetOrder)
        total = lines.reduce(LeadSpend.none) { $0 + $1.spend }
    }

    /// Where a group stands in a budget review, first to last.
    enum Standing: Int, Comparable {
        case paidWithSales, paidWithoutSales, free, costUnknown

        init(_ spend: LeadSpend) {
            if spend.pricedLeads == 0 {
                self = .costUnknown
            } else if spend.isUnpaid {
                self = .free
            } else {
                self = spend.bought > 0 ? .paidWithSales : .paidWithoutSales
            }
        }

        static func < (left: Standing, right: Standing) -> Bool { left.rawValue < right.rawValue }
    }

    static func budgetOrder(_ left: Line, _ right: Line) -> Bool {
        let (a, b) = (Standing(left.spend), Standing(right.spend))
        if a != b { return a < b }
        switch a {
        case .paidWithSales:
            if let x = left.spend.costPerSale, let y = right.spend.costPerSale, x != y { return x < y }
        case .paidWithoutSales:
            if left.spend.spend != right.spend.spend { return right.spend.spend < left.spend.spend }
        case .free, .costUnknown:
            if left.spend.leads != right.spend.leads { return left.spend.leads > right.spend.leads }
        }
        return left.value < right.value
    }

    /// "source", "campaign", "store".
    public var words: String { grouping.words }

    /// What a marketing team should take from the window, in words; `name` gives a group's
    /// display name.
    public func findings(name: (String) -> String) -> [String] {
        costComparison(name: name) + spentWithoutSale(name: name) + missingCosts(name: name)
    }

    /// The cheapest sale against the dearest, and what moving money between them would buy;
    /// or that the ranges overlap.
    public func costComparison(name: (String) -> String) -> [String] {
        var said: [String] = []
        let priced = lines.filter { Standing($0.spend) == .paidWithSales }
        if let cheapest = priced.first, let dearest = priced.last, priced.count > 1,
           let low = cheapest.spend.costPerSale, let high = dearest.spend.costPerSale
        {
            if let cheap = cheapest.spend.costPerSaleRange, let dear = dearest.spend.costPerSaleRange, cheap.upperBound < dear.lowerBound {
                said.append(
                    "A sale from \(name(cheapest.value)) cost least, \(Self.price(low)) (plausibly \(Self.range(cheap))); one from "
                        + "\(name(dearest.value)) most, \(Self.price(high)) (plausibly \(Self.range(dear))), \(KPIFormatting.decimal(high / low, places: 1)) times as much.")
                // The SOP's "budget allocation recommendations", at the margin: what the window's
                // rates say a shifted thousand would buy, not a promise the cheaper source has
                // more leads to sell at its price.
                let more = 1_000 / low - 1_000 / high
                said.append(
                    "At these rates, each $1,000 moved from \(name(dearest.value)) to \(name(cheapest.value)) would buy about "
                        + "\(KPIFormatting.decimal(more, places: 1)) more sales, if \(name(cheapest.value)) can sell more leads at its price.")
            } else {
                said.append(
                    "No paid \(words)'s sales are clearly cheaper than another's yet: from \(Self.price(low)) to \(Self.price(high)) a sale, "
                        + "but with these few sales the ranges overlap.")
            }
        }
        return said
    }

    /// The paid groups whose leads have bought nothing yet.
    public func spentWithoutSale(name: (String) -> String) -> [String] {
        lines.filter { Standing($0.spend) == .paidWithoutSales }.map { line in
            "\(name(line.value)): \(Self.price(line.spend.spend.amount)) spent on \(KPIFormatting.count(Int(line.spend.leads), "lead", "leads")), no sale yet."
        }
    }

    /// The groups whose leads came without a cost, wholly or in part.
    public func missingCosts(name: (String) -> String) -> [String] {
        var said: [String] = []
        let unknown = lines.filter { Standing($0.spend) == .costUnknown }
        if !unknown.isEmpty {
            let names = unknown.map { "\(name($0.value)) (\(KPIFormatting.grouped($0.spend.leads)))" }.joined(separator: ", ")
            said.append("No lead from \(names) came with a cost: their cost is unknown, and the totals count them at the average cost of the leads that have one.")
        }
        let partly = lines.filter { $0.spend.pricedLeads > 0 && $0.spend.unpricedLeads > 0 }
        if !partly.isEmpty {
            let names = partly.map { "\(name($0.value)) (\(KPIFormatting.grouped($0.spend.unpricedLeads)))" }.joined(separator: ", ")
            said.append("Some leads came without a cost: \(names). Each is counted at its \(words)'s average cost per lead.")
        }
        return said
    }

    /// "$25.40" under a hundred dollars, "$1,310" above: a lead's price needs its cents, a sale's does not.
    public static func price(_ amount: Double) -> String {
        guard amount.magnitude < 100 else { return KPIFormatting.dollars(amount) }
        return (amount < 0 ? "-$" : "$") + KPIFormatting.decimal(amount.magnitude, places: 2)
    }

    static func range(_ range: ClosedRange<Double>) -> String {
        "\(price(range.lowerBound))–\(price(range.upperBound))"
    }
}

/// A group's figures as the spend page and `pitwall spend` show them: prices with cents under
/// $100, "no sale yet" for money spent without a buyer, "free" for a return on no spend, and
/// "unknown" for a spend nobody sent.
public struct LeadSpendText: Sendable {
    public var leads, spend, costPerLead, replied, costPerReply, bought, costPerSale, revenue, revenuePerDollar: String

    public init(_ figures: LeadSpend) {
        let price = { (amount: Double?) in amount.map(LeadSpendReport.price) ?? "–" }
        let known = figures.pricedLeads > 0
        leads = KPIFormatting.grouped(figures.leads)
        spend = known ? LeadSpendReport.price(figures.spend.amount) : "unknown"
        costPerLead = price(figures.costPerLead)
        replied = KPIFormatting.grouped(figures.replied)
        costPerReply = price(figures.costPerReply)
        bought = KPIFormatting.grouped(figures.bought)
        costPerSale = figures.bought == 0 && known && !figures.isUnpaid ? "no sale yet" : price(figures.costPerSale)
        revenue = KPIFormatting.dollars(figures.revenue.amount)
        revenuePerDollar = figures.isUnpaid && known ? "free" : price(figures.revenuePerDollar)
    }
}
