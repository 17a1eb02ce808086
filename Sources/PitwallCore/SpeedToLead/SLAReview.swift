import Foundation

/// The curriculum's quarterly review of the SLAs (module 7: "adjust SLA thresholds quarterly
/// based on historical performance and capacity improvements"): tier by tier, how the team
/// answered against the SLA it is held to, and whether the SLA should stay, be tightened to
/// what the team already does, or be held while the staffing catches up.
///
/// It never proposes a looser SLA: a team that misses its SLA is short of people at some
/// hours (the outlook's agents needed), and the sales of the leads answered later say what
/// that costs. A tighter one is proposed only when 95 % of the leads were answered within
/// half the SLA or less, so the new SLA would still be met at least as often as the target
/// asks (`answered within SLA`, 90 %) with room to spare; never tighter than the next
/// hotter tier's, so that warm leads do not come before hot ones; and, the agents being held
/// to the same SLA after a hand-off, not where they miss it or would need more than half of it.
/// Where an AI answers every lead in seconds, the first answers alone would always say tighten.
public struct SLAReview: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        /// The team answers well within it: hold it to what it already does.
        case tighten
        /// It fits.
        case keep
        /// The team misses it: keep it and add cover where leads wait.
        case staff
        /// Too few leads of the tier to read anything from.
        case tooFew = "too_few"
    }

    /// How a window's leads of one tier were answered against their SLA.
    public struct Answering: Hashable, Sendable {
        /// Leads whose response time can be told (those dated oddly left out).
        public var leads: Int64
        public var answered: Int64
        public var withinSLA: Int64
        /// The time within which half, nine in ten and 95 % of the leads were answered, from
        /// each lead's start by the wall clock (as the response-time KPI counts it); nil where
        /// that many were never answered.
        public var median: Double?
        public var nineInTen: Double?
        public var ninetyFivePercent: Double?

        public var withinShare: Double? { leads > 0 ? Double(withinSLA) / Double(leads) : nil }
        /// Enough leads to read anything from (`KPIJudgement.judgedSample`).
        public var isEnough: Bool { Double(leads) >= KPIJudgement.judgedSample }
    }

    /// How the agents picked up the tier's leads handed to them. They are held to the same SLA,
    /// from the hand-off to an agent's first message or call (the agent pick-up KPI): an SLA
    /// the AI's first answers beat by far may still be more than the people meet.
    public struct Pickup: Hashable, Sendable {
        /// Handed to an agent and due a pick-up (not closed by an opt-out or a sale first).
        public var due: Int64
        public var pickedUp: Int64
        public var withinSLA: Int64
        /// The time (the policy's clock) within which the pick-up target's share of the due
        /// leads were picked up; nil where that many never were.
        public var atTarget: Double?

        public var withinShare: Double? { due > 0 ? Double(withinSLA) / Double(due) : nil }
        /// Enough hand-offs to read anything from (`KPIJudgement.judgedSample`).
        public var isEnough: Bool { Double(due) >= KPIJudgement.judgedSample }
    }

    /// Sales of the tier's leads answered within the SLA against those answered later, by the
    /// wall clock's response buckets (the buckets an SLA falls inside are left out).
    public struct SalesByWait: Hashable, Sendable {
        /// The longest wait counted as within: the upper bound of the last bucket inside the SLA.
        public var withinUpTo: Double
        public var withinLeads: Int64
        public var withinSold: Int64
        public var laterLeads: Int64
        public var laterSold: Int64
        /// Counted source by source (and store by store on the group's line): the two sides
        /// are compared like for like, not only pooled.
        public var bySource = false
        /// What the leads answered later would have bought had each bought as often as those of
        /// its own source (and store) answered within: the yardstick for `laterRate`. Nil
        /// unless counted by source, or when no source has both sides.
        public var sameSourcesRate: Double?
        /// Above 0 when the leads answered within bought more often, source for source
        /// (`StratifiedShares.firstSideExcess`).
        public var withinExcess: Double = 0
        /// How often chance alone would part the two sides this far, source for source; nil
        /// when either side has fewer than `KPIJudgement.judgedSample` leads.
        public var chance: Double?
        /// Past chance over every line of the review at once (Holm).
        public var clear = false

        public var withinRate: Double? { withinLeads > 0 ? Double(withinSold) / Double(withinLeads) : nil }
        public var laterRate: Double? { laterLeads > 0 ? Double(laterSold) / Double(laterLeads) : nil }
        /// What `laterRate` is set against: the same sources' rate within, else the pooled one.
        var yardstick: Double? { sameSourcesRate ?? withinRate }
        /// Clearly, leads answered within the SLA bought more often, like for like.
        public var speedPays: Bool { clear && withinExcess > 0 && (laterRate ?? 0) < (yardstick ?? 0) }
        /// Clearly, leads answered later bought more often, like for like.
        public var laterPays: Bool { clear && withinExcess < 0 && (laterRate ?? 0) > (yardstick ?? 0) }
    }

    /// One tier at one store, or at every store held to the group's SLA for it.
    public struct Line: Hashable, Sendable {
        /// Nil for the group's line.
        public var store: StoreID?
        /// The stores whose leads the line counts.
        public var stores: [StoreID]
        public var tier: LeadTier
        public var slaSeconds: Double
        /// The store answers to an SLA of its own for this tier.
        public var ownSLA: Bool
        /// The group's SLA for the tier, for a store on its own.
        public var groupSLASeconds: Double
        /// The next hotter tier's SLA at the same place: the tightest this tier is proposed.
        public var hotterSLASeconds: Double?
        /// The policy's share of the SLA after which a lead not answered is escalated.
        public var escalateAtFraction: Double
        public var window: Answering
        /// The same days before, when asked.
        public var before: Answering?
        public var sales: SalesByWait?
        /// Nil when none of the line's leads was handed to an agent.
        public var pickup: Pickup?
        /// The first answers allow a tighter SLA, but the agents' pick-up, held to the same
        /// SLA, does not: the SLA is kept.
        public var heldForPickup = false
        public var action: Action
        /// For `tighten`, the SLA proposed.
        public var proposedSeconds: Double?

        /// The line asks for something: a tighter SLA, or staff to one missed.
        public var asks: Bool { action == .tighten || action == .staff }

        /// The agents, with enough hand-offs to tell, picked up fewer of them within the SLA
        /// than `pickupTarget` asks: the SLA may fit the first answers and still not the people.
        public func agentsMiss(_ pickupTarget: Double?) -> Bool {
            guard let pickupTarget, let pickup, pickup.isEnough, let share = pickup.withinShare else { return false }
            return share < pickupTarget
        }
    }

    public var lines: [Line]
    /// The share of leads the SLA attainment target asks to be answered within their SLA.
    public var target: Double
    /// The share of hand-offs the agent pick-up target asks to be picked up within the SLA;
    /// nil to judge the SLAs by the first answers alone.
    public var pickupTarget: Double?

    /// The SLAs proposed are whole minutes people set in a configuration and say aloud.
    public static let proposedMinutes: [Double] = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440]
    /// The response buckets (wall clock), as the sales comparison splits them: lower and upper bound.
    static let bucketBounds: [(bucket: ResponseBucket, lower: Double, upper: Double)] = [
        (.underFiveMinutes, 0, 300), (.fiveToFifteenMinutes, 300, 900), (.fifteenToSixtyMinutes, 900, 3600),
        (.oneToTwentyFourHours, 3600, 86_400), (.overADay, 86_400, .infinity),
    ]

    /// `tierRows`: rollup rows by tier over the window (and, in `tierRowsBefore`, over the
    /// same number of days before); `bucketRows`: by source and response bucket over the
    /// window, for the sales by wait compared source by source (rows by response bucket alone
    /// compare the pooled sources; given both, the pooled rows are not read). `stores`: those
    /// to list, in order; a group line per tier is added when more than one store is listed.
    public init(
        tierRows: [RollupRow], tierRowsBefore: [RollupRow]? = nil, bucketRows: [RollupRow], stores: [StoreID], policy: ResponseTimePolicy,
        target: Double, pickupTarget: Double? = nil
    ) {
        self.target = target
        self.pickupTarget = pickupTarget
        let window = Self.answering(tierRows), before = tierRowsBefore.map(Self.answering)
        let sales = Self.salesCounts(bucketRows)
        var lines: [Line] = []
        // The group's tiers first, then each store's: a place's tiers side by side.
        if stores.count > 1 {
            for tier in LeadTier.allCases {
                let group = policy.sla(for: tier)
                let pooled = stores.filter { policy.storeSLASeconds[$0]?[tier] == nil }
                guard !pooled.isEmpty else { continue }
                lines.append(
                    Self.line(
                        store: nil, stores: pooled, tier: tier, sla: group, group: group, hotter: Self.hotter(than: tier, policy: policy, at: nil),
                        escalateAt: policy.escalateAtFraction, window: window, before: before, sales: sales, target: target, pickupTarget: pickupTarget))
            }
        }
        for store in stores {
            for tier in LeadTier.allCases {
                lines.append(
                    Self.line(
                        store: store, stores: [store], tier: tier, sla: policy.sla(for: tier, at: store), group: policy.sla(for: tier),
                        hotter: Self.hotter(than: tier, policy: policy, at: store), escalateAt: policy.escalateAtFraction, window: window, before: before,
                        sales: sales, target: target, pickupTarget: pickupTarget,
                        own: policy.storeSLASeconds[store]?[tier] != nil))
            }
        }
        let tested = lines.indices.filter { lines[$0].sales?.chance != nil }
        for (index, clear) in zip(tested, ChangeTest.holm(tested.map { lines[$0].sales!.chance! })) {
            lines[index].sales!.clear = clear
        }
        self.lines = lines
    }

    /// The SLA of the next hotter tier at a store (or the group's): a tier is never proposed a
    /// tighter SLA than the one above it, so warm leads do not come before hot ones.
    static func hotter(than tier: LeadTier, policy: ResponseTimePolicy, at store: StoreID?) -> Double? {
        guard let index = LeadTier.allCases.firstIndex(of: tier), index > LeadTier.allCases.startIndex else { return nil }
        return policy.sla(for: LeadTier.allCases[LeadTier.allCases.index(before: index)], at: store)
    }

    /// The smallest whole-minute SLA at or above `seconds`; nil past a day.
    public static func proposal(atLeast seconds: Double) -> Double? {
        proposedMinutes.first { $0 * 60 >= seconds }.map { $0 * 60 }
    }

    // MARK: - Counting

    /// A store's and tier's counters and response times.
    struct Tally {
        var leads: Int64 = 0
        var answered: Int64 = 0
        var withinSLA: Int64 = 0
        var excluded: Int64 = 0
        /// The rows' response times in their stored form, added up only for the lines read.
        var times: [Data] = []
        var handedOff: Int64 = 0
        var pickedUp: Int64 = 0
        var pickedUpWithinSLA: Int64 = 0
        var closedFirst: Int64 = 0
        var pickupTimes: [Data] = []

        mutating func add(_ other: Tally) {
            leads += other.leads
            answered += other.answered
            withinSLA += other.withinSLA
            excluded += other.excluded
            times += other.times
            handedOff += other.handedOff
            pickedUp += other.pickedUp
            pickedUpWithinSLA += other.pickedUpWithinSLA
            closedFirst += other.closedFirst
            pickupTimes += other.pickupTimes
        }
    }

    struct Key: Hashable {
        var store: StoreID
        var tier: LeadTier
    }

    static func answering(_ rows: [RollupRow]) -> [Key: Tally] {
        var tallies: [Key: Tally] = [:]
        for row in rows where row.cell.dimension == .tier {
            guard let tier = LeadTier(rawValue: row.cell.value) else { continue }
            let count = { (counter: RollupCounter) in row.counters[counter.rawValue] }
            var tally = tallies[Key(store: row.cell.store, tier: tier), default: Tally()]
            tally.leads += count(.leads)
            tally.answered += count(.answered)
            tally.withinSLA += count(.answeredWithinSLA)
            tally.excluded += count(.responseTimeExcluded)
            if !row.responseTimes.isEmpty { tally.times.append(row.responseTimes) }
            tally.handedOff += count(.handedOff)
            tally.pickedUp += count(.pickedUp)
            tally.pickedUpWithinSLA += count(.pickedUpWithinSLA)
            tally.closedFirst += count(.pickupClosedFirst)
            if !row.pickupTimes.isEmpty { tally.pickupTimes.append(row.pickupTimes) }
            tallies[Key(store: row.cell.store, tier: tier)] = tally
        }
        return tallies
    }

    /// Each tier's leads and sales by store, source and response bucket.
    static func salesCounts(_ rows: [RollupRow]) -> [LeadTier: SourceWaits] {
        let tiers: [(LeadTier, RollupCounter, RollupCounter)] = [
            (.hot, .hotTierLeads, .hotTierSold), (.warm, .warmTierLeads, .warmTierSold), (.cold, .coldTierLeads, .coldTierSold),
        ]
        let waits = SourceWaits.counting(rows, by: tiers.map { ($0.1, $0.2) })
        return Dictionary(uniqueKeysWithValues: zip(tiers.map(\.0), waits))
    }

    static func reading(_ tally: Tally) -> Answering {
        let leads = tally.leads - tally.excluded
        var times = QuantileAccumulator()
        for data in tally.times { times.add(encoded: data) }
        // The time within which a share of the leads (not of those answered) was answered: a
        // lead never answered is slower than any.
        func within(_ share: Double) -> Double? {
            guard leads > 0 else { return nil }
            let rank = Int64((share * Double(leads)).rounded(.up)) - 1
            return rank < times.count ? times.value(atRank: rank) : nil
        }
        return Answering(
            leads: leads, answered: tally.answered, withinSLA: tally.withinSLA, median: within(0.5), nineInTen: within(0.9), ninetyFivePercent: within(0.95))
    }

    /// The agents' pick-up of a tally's hand-offs; nil when nothing was handed over.
    static func pickup(_ tally: Tally, target: Double?) -> Pickup? {
        let due = tally.handedOff - tally.closedFirst
        guard due > 0 else { return nil }
        var times = QuantileAccumulator()
        for data in tally.pickupTimes { times.add(encoded: data) }
        // As for the first answers: a lead nobody picked up is slower than any.
        let rank = Int64(((target ?? 1) * Double(due)).rounded(.up)) - 1
        let atTarget = target != nil && rank < times.count ? times.value(atRank: rank) : nil
        return Pickup(due: due, pickedUp: tally.pickedUp, withinSLA: tally.pickedUpWithinSLA, atTarget: atTarget)
    }

    static func line(
        store: StoreID?, stores: [StoreID], tier: LeadTier, sla: Double, group: Double, hotter: Double?, escalateAt: Double, window: [Key: Tally],
        before: [Key: Tally]?,
        sales: [LeadTier: SourceWaits], target: Double, pickupTarget: Double?, own: Bool = false
    ) -> Line {
        func pooled(_ tallies: [Key: Tally]) -> Tally {
            var total = Tally()
            for store in stores { if let tally = tallies[Key(store: store, tier: tier)] { total.add(tally) } }
            return total
        }
        let windowTally = pooled(window)
        let now = reading(windowTally)
        var line = Line(
            store: store, stores: stores, tier: tier, slaSeconds: sla, ownSLA: own, groupSLASeconds: group, hotterSLASeconds: hotter,
            escalateAtFraction: escalateAt, window: now,
            before: before.map { reading(pooled($0)) }, sales: salesByWait(stores: stores, tier: tier, sla: sla, sales: sales),
            pickup: pickup(windowTally, target: pickupTarget), action: .keep)
        // The agents are held to the same SLA after the hand-off: a tighter one must suit them
        // too, once they have had enough leads to tell (and met the one they have).
        let agentsNeed: Double? =
            if let pickupTarget, let pickup = line.pickup, pickup.isEnough {
                (pickup.withinShare ?? 0) >= pickupTarget ? pickup.atTarget ?? .infinity : .infinity
            } else { nil }
        if !now.isEnough {
            line.action = .tooFew
        } else if (now.withinShare ?? 0) < target {
            line.action = .staff
        } else if own, group < sla, let fastest = now.ninetyFivePercent, fastest <= group {
            // A store let off with a looser SLA that now answers as fast as the group: back to the group's.
            if (agentsNeed ?? 0) <= group {
                line.action = .tighten
                line.proposedSeconds = group
            } else {
                line.heldForPickup = true
            }
        } else if let fastest = now.ninetyFivePercent, let proposed = proposal(atLeast: max(fastest, hotter ?? 0)), proposed <= sla / 2 {
            if let suited = proposal(atLeast: max(proposed, agentsNeed ?? 0)), suited <= sla / 2 {
                line.action = .tighten
                line.proposedSeconds = suited
            } else {
                line.heldForPickup = true
            }
        }
        return line
    }

    static func salesByWait(stores: [StoreID], tier: LeadTier, sla: Double, sales: [LeadTier: SourceWaits]) -> SalesByWait? {
        let within = bucketBounds.filter { $0.upper <= sla }, later = bucketBounds.filter { $0.lower >= sla }
        guard let last = within.last, !later.isEmpty, let waits = sales[tier] else { return nil }
        // A source at a store is a group of its own: the group's line compares like with like
        // store by store as well.
        let strata = waits.strata(first: within.map(\.bucket), second: later.map(\.bucket), stores: stores)
        let total = { (side: KeyPath<StratifiedShares.Stratum, Double>) in Int64(strata.reduce(0) { $0 + $1[keyPath: side] }) }
        var result = SalesByWait(
            withinUpTo: last.upper, withinLeads: total(\.firstTrials), withinSold: total(\.firstSuccesses), laterLeads: total(\.secondTrials),
            laterSold: total(\.secondSuccesses))
        let shares = StratifiedShares(strata)
        result.bySource = waits.bySource
        result.withinExcess = shares.firstSideExcess
        if waits.bySource { result.sameSourcesRate = shares.secondSideAtFirstShares }
        if Double(result.withinLeads) >= KPIJudgement.judgedSample, Double(result.laterLeads) >= KPIJudgement.judgedSample {
            result.chance = shares.chance
        }
        return result
    }
}
