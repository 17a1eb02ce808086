/// Does the lead temperature foretell sales? The SOP's monthly scoring-model validation:
/// compare what the score predicted with what happened, find the scoring gaps, and weigh the
/// points again. A window's cohort leads are placed by their points before any verdict (a
/// sale makes the score itself 100, which would foretell sales by definition) and set against
/// whether they bought: a score that works sells more the warmer the band, and each reason for
/// points is earned more by the leads that buy than by those that do not.
public struct TemperatureCheck: Hashable, Sendable {
    /// The bands of points, coldest first.
    public static let bands: [ClosedRange<Int>] = [0...19, 20...39, 40...59, 60...79, 80...100]

    /// A band as the page and the gaps name it: "40–59".
    public static func label(_ band: ClosedRange<Int>) -> String { "\(band.lowerBound)–\(band.upperBound)" }

    /// How one sale rate stands against another. `higher` and `lower` only when chance alone
    /// would rarely part them that far: the two-proportion test, with the check's comparisons
    /// held to 95 % together (Holm), so that fourteen questions a month do not turn up a
    /// spurious gap most months.
    public enum Reading: String, Hashable, Sendable {
        case higher, lower, unclear
    }

    /// One sale rate set against another, before the check's comparisons are read together.
    struct Comparing {
        var sold: Int, leads: Int, otherSold: Int, otherLeads: Int

        /// How often chance alone would part the two rates this far; nil when a side is empty.
        var chance: Double? {
            ChangeTest.sharesDifferenceChance(successes: Double(sold), of: Double(leads), successes: Double(otherSold), of: Double(otherLeads))
        }

        func reading(clear: Bool) -> Reading {
            guard clear else { return .unclear }
            return Double(sold) * Double(otherLeads) > Double(otherSold) * Double(leads) ? .higher : .lower
        }
    }

    /// Each comparison's reading, the set held to `level` together; nil where a side is empty.
    static func readings(_ comparisons: [Comparing?], level: Double = 0.05) -> [Reading?] {
        let chances = comparisons.map { $0?.chance }
        let tested = chances.indices.filter { chances[$0] != nil }
        let clear = ChangeTest.holm(tested.map { chances[$0]! }, level: level)
        var readings = [Reading?](repeating: nil, count: comparisons.count)
        for (position, index) in tested.enumerated() { readings[index] = comparisons[index]!.reading(clear: clear[position]) }
        return readings
    }

    public struct Band: Hashable, Sendable {
        public var points: ClosedRange<Int>
        public var leads: Int
        public var sold: Int
        /// The nearest colder band with leads, which this one is held against.
        public var colderBand: ClosedRange<Int>?
        /// This band's sale rate against that band's; nil when there is none or this one has
        /// no leads.
        public var againstColderBand: Reading?

        public var saleRate: Double? { leads > 0 ? Double(sold) / Double(leads) : nil }
        /// "40–59".
        public var label: String { TemperatureCheck.label(points) }
    }

    public struct ReasonCheck: Hashable, Sendable {
        public var reason: LeadTemperature.Reason
        /// What it earns under the weights in force.
        public var points: Int
        /// Leads that earned it, and those of them that bought.
        public var leads: Int
        public var sold: Int
        /// What it is held against.
        public var comparedWith: Comparison
        /// The leads it is held against, and those of them that bought.
        public var otherLeads: Int
        public var otherSold: Int

        public var saleRate: Double? { leads > 0 ? Double(sold) / Double(leads) : nil }
        public var otherSaleRate: Double? { otherLeads > 0 ? Double(otherSold) / Double(otherLeads) : nil }
        /// How many times as often its leads bought as those it is held against; nil when a
        /// rate is unknown or the others bought nothing.
        public var lift: Double? {
            guard let with = saleRate, let other = otherSaleRate, other > 0 else { return nil }
            return with / other
        }
        /// Its leads' sale rate against the others'; nil when either group is empty.
        public var reading: Reading?
        /// "leads without it", "leads rated cold".
        public var others: String {
            switch comparedWith {
            case .leadsWithout: "leads without it"
            case .colderTier(let tier): tier.ratedLeads
            case .nothing: "none: the warmer ratings are held against it"
            }
        }
    }

    /// A reason's leads are held against the window's leads without it, except a tier's: a
    /// warm rating is meant to sell better than a cold one, not than the hot ones too, so it
    /// is held against the next rating that earns fewer points, and the rating earning least
    /// against nothing.
    public enum Comparison: Hashable, Sendable {
        case leadsWithout
        case colderTier(LeadTemperature.Reason)
        case nothing

        /// As the API names it.
        public var key: String? {
            switch self {
            case .leadsWithout: "leads_without_it"
            case .colderTier(let tier): tier.rawValue
            case .nothing: nil
            }
        }
    }

    public var leads: Int
    public var sold: Int
    public var bands: [Band]
    public var reasons: [ReasonCheck]

    public var saleRate: Double? { leads > 0 ? Double(sold) / Double(leads) : nil }

    /// From the rollups' counters of a window (one store's or all, one segment's or all).
    public init(_ totals: KPITotals, weights: LeadTemperature.Weights) {
        func count(_ counter: RollupCounter) -> Int { Int(totals[counter]) }
        let (leads, sold) = (count(.leads), count(.leadsSold))
        (self.leads, self.sold) = (leads, sold)
        var bands: [Band] = []
        for (index, points) in Self.bands.enumerated() {
            let (leadsCounter, soldCounter) = RollupCounter.band(index)
            var band = Band(points: points, leads: count(leadsCounter), sold: count(soldCounter))
            band.colderBand = bands.last(where: { $0.leads > 0 })?.points
            bands.append(band)
        }
        func earned(_ reason: LeadTemperature.Reason) -> (leads: Int, sold: Int) {
            let counters = RollupCounter.earning(reason)
            return (count(counters.leads), count(counters.sold))
        }
        let tiers = LeadTemperature.Reason.tiers.filter { earned($0).leads > 0 }
        reasons = LeadTemperature.Reason.allCases.map { reason in
            let (with, soldWith) = earned(reason)
            var comparison = Comparison.leadsWithout
            var (otherLeads, otherSold) = (leads - with, sold - soldWith)
            if reason.isTier {
                if let colder = tiers.filter({ weights[$0] < weights[reason] }).max(by: { weights[$0] < weights[$1] }) {
                    comparison = .colderTier(colder)
                    (otherLeads, otherSold) = earned(colder)
                } else {
                    comparison = .nothing
                    (otherLeads, otherSold) = (0, 0)
                }
            }
            return ReasonCheck(
                reason: reason, points: weights[reason], leads: with, sold: soldWith, comparedWith: comparison, otherLeads: otherLeads, otherSold: otherSold)
        }
        // Every band against its colder one and every reason against its others, read together.
        let bandComparisons = bands.map { band -> Comparing? in
            guard let colder = bands.first(where: { $0.points == band.colderBand }) else { return nil }
            return Comparing(sold: band.sold, leads: band.leads, otherSold: colder.sold, otherLeads: colder.leads)
        }
        let reasonComparisons = reasons.map { Comparing(sold: $0.sold, leads: $0.leads, otherSold: $0.otherSold, otherLeads: $0.otherLeads) }
        let readings = Self.readings(bandComparisons + reasonComparisons)
        for index in bands.indices { bands[index].againstColderBand = readings[index] }
        for index in reasons.indices { reasons[index].reading = readings[bands.count + index] }
        self.bands = bands
    }

    /// Leads on each side of a comparison before "no clear difference" is worth saying: on
    /// fewer, a real difference of half as many sales again is mostly lost in chance.
    public static let enoughToTell = 100

    /// The scoring gaps a monthly review would write down: a warmer band whose leads bought
    /// less often than a colder one's, a reason for points whose leads bought less often than
    /// the others, and, on enough leads, a reason that makes no clear difference.
    public var gaps: [String] {
        var gaps: [String] = []
        for warmer in bands where warmer.againstColderBand == .lower {
            guard let colder = bands.first(where: { $0.points == warmer.colderBand }) else { continue }
            gaps.append(
                "Leads with \(warmer.label) points bought less often (\(Self.percent(warmer.saleRate))) than leads with \(colder.label) (\(Self.percent(colder.saleRate))): the score puts them the wrong way round."
            )
        }
        for check in reasons where check.points > 0 {
            let named = "“\(check.reason.words)” (\(check.points) points)"
            let rates = "\(Self.percent(check.saleRate)) against \(Self.percent(check.otherSaleRate)) of \(check.others)"
            if case .colderTier(let colder) = check.comparedWith, check.reading == .lower {
                gaps.append("Leads that earned \(named) bought less often than \(colder.ratedLeads), who earn fewer points: \(rates).")
            } else if check.reading == .lower {
                gaps.append("Leads that earned \(named) bought less often: \(rates). It adds warmth to leads that buy less.")
            } else if check.reading == .unclear, check.leads >= Self.enoughToTell, check.otherLeads >= Self.enoughToTell {
                gaps.append("Leads that earned \(named) bought no more often than chance could explain: \(rates). No clear sign it foretells a sale.")
            }
        }
        return gaps
    }

    private static func percent(_ rate: Double?) -> String { KPIFormatting.value(rate, unit: .ratio) }
}

extension RollupCounter {
    /// The counters of the leads in a band of points (`TemperatureCheck.bands[index]`) and of
    /// those of them that bought.
    static func band(_ index: Int) -> (leads: RollupCounter, sold: RollupCounter) {
        switch index {
        case 0: (.pointsUnder20Leads, .pointsUnder20Sold)
        case 1: (.points20To39Leads, .points20To39Sold)
        case 2: (.points40To59Leads, .points40To59Sold)
        case 3: (.points60To79Leads, .points60To79Sold)
        default: (.points80UpLeads, .points80UpSold)
        }
    }

    /// The band counters for a lead with these points.
    static func band(points: Int) -> (leads: RollupCounter, sold: RollupCounter) {
        band(TemperatureCheck.bands.firstIndex { $0.contains(points) } ?? TemperatureCheck.bands.count - 1)
    }

    /// The counters of the leads that earned `reason` and of those of them that bought.
    static func earning(_ reason: LeadTemperature.Reason) -> (leads: RollupCounter, sold: RollupCounter) {
        switch reason {
        case .hotTier: (.hotTierLeads, .hotTierSold)
        case .warmTier: (.warmTierLeads, .warmTierSold)
        case .coldTier: (.coldTierLeads, .coldTierSold)
        case .noTier: (.noTierLeads, .noTierSold)
        case .reachable: (.reachableLeads, .reachableSold)
        case .vehicleNamed: (.vehicleNamedLeads, .vehicleNamedSold)
        case .answeredFast: (.answeredFastLeads, .answeredFastSold)
        case .replied: (.repliedLeads, .repliedSold)
        case .keptTalking: (.keptTalkingLeads, .keptTalkingSold)
        case .appointmentSet: (.appointmentSetLeads, .appointmentSetSold)
        }
    }
}

extension RollupMetrics {
    /// Counts a cohort lead for the scoring check: its band of points before any verdict, the
    /// reasons it earned, and whether it bought.
    mutating func count(_ temperature: LeadTemperature, bought: Bool) {
        let sold: Int64 = bought ? 1 : 0
        self[.leadsSold] += sold
        let band = RollupCounter.band(points: temperature.pointsBeforeVerdict)
        self[band.leads] += 1
        self[band.sold] += sold
        for reason in temperature.earned {
            let counters = RollupCounter.earning(reason)
            self[counters.leads] += 1
            self[counters.sold] += sold
        }
    }
}
