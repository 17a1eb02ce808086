/// A window's repeat leads by source: how many of each source's leads were a shopper the store
/// already had, what the paid ones cost, and which source first brought those shoppers. For
/// the marketing team's source review (the SOP's "duplicate detection" and "cost per quality
/// lead"): a lead bought twice is one shopper, and the scorecard counts it as two leads.
public struct RepeatLeadReport: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        /// As the CRM sends it; empty for leads without one.
        public var source: String
        /// All the source's leads in the window, repeats included.
        public var leads: Int
        public var repeats: Int
        /// What the repeats that came with a cost cost.
        public var repeatSpend: Money
        /// Which source the repeats' shoppers came through first, with how many.
        public var firstFrom: [String: Int]

        /// A source's leads without a repeat among them.
        public static func none(_ source: String, leads: Int) -> Line {
            Line(source: source, leads: leads, repeats: 0, repeatSpend: .zero, firstFrom: [:])
        }

        public var repeatShare: Double? { leads > 0 ? Double(repeats) / Double(leads) : nil }

        /// The first sources, most first (then by name).
        public var firstFromMostFirst: [(source: String, count: Int)] {
            firstFrom.map { (source: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.source < $1.source }
        }
    }

    /// The days within which a lead by the same person counts as a repeat.
    public var windowDays: Int
    /// Every source with leads, the most repeats first.
    public var lines: [Line]
    public var total: Line

    /// `leads`: each source's leads in the window (the contacts page's tallies), so sources
    /// without a repeat are listed too.
    public init(repeats: [RepeatLead], leads: [String: Int], windowDays: Int) {
        self.windowDays = windowDays
        var lines: [String: Line] = [:]
        for (source, count) in leads { lines[source] = .none(source, leads: count) }
        var total = Line(source: "", leads: leads.values.reduce(0, +), repeats: 0, repeatSpend: .zero, firstFrom: [:])
        for lead in repeats {
            var line = lines[lead.source] ?? .none(lead.source, leads: 0)
            line.repeats += 1
            line.repeatSpend += lead.cost ?? .zero
            line.firstFrom[lead.earlierSource, default: 0] += 1
            lines[lead.source] = line
            total.repeats += 1
            total.repeatSpend += lead.cost ?? .zero
            total.firstFrom[lead.earlierSource, default: 0] += 1
        }
        self.lines = lines.values.sorted { $0.repeats != $1.repeats ? $0.repeats > $1.repeats : $0.source < $1.source }
        self.total = total
    }

    /// What the marketing team should take from it, in words; `name` gives a source's display name.
    public func findings(name: (String) -> String) -> [String] {
        guard total.repeats > 0, let share = total.repeatShare else { return [] }
        let within = KPIFormatting.count(windowDays, "day", "days")
        var said = [
            "\(KPIFormatting.grouped(Int64(total.repeats))) of \(KPIFormatting.count(total.leads, "lead", "leads")) (\(KPIFormatting.percent(share))) "
                + "came from people who had sent the same store a lead in the \(within) before: the scorecard counts each as a new lead."
        ]
        // The paid repeats, dearest first: the money a source took for shoppers already in hand.
        for line in lines.filter({ $0.repeatSpend.cents > 0 }).sorted(by: { $0.repeatSpend > $1.repeatSpend }).prefix(3) {
            let first = line.firstFromMostFirst.first!
            let through = "first through \(name(first.source))" + (first.source == line.source ? " itself" : "")
            let which = line.repeats == 1
                ? "1 of its \(KPIFormatting.count(line.leads, "lead", "leads")) was a repeat, \(through)"
                : "\(KPIFormatting.grouped(Int64(line.repeats))) of its \(KPIFormatting.count(line.leads, "lead", "leads")) were repeats, \(first.count) of them \(through)"
            said.append("\(name(line.source)): \(which); \(LeadSpendReport.price(line.repeatSpend.amount)) of its spend went on shoppers the store already had.")
        }
        return said
    }
}
