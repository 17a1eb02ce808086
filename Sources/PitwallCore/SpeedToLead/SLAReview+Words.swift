extension SLAReview {
    /// The lines that ask for something (a tighter SLA, or staff to one missed), each named by
    /// its place, the group's first: what a quarter's last monthly report says. `limit` at
    /// most, then how many more the review page has.
    public func findings(names: (StoreID) -> String, limit: Int = 6) -> [String] {
        let asking = lines.filter(\.asks)
        var said = asking.prefix(limit).map { "\($0.place(names: names)): \($0.words(target: target, pickupTarget: pickupTarget))" }
        if asking.count > limit { said.append("And \(KPIFormatting.count(asking.count - limit, "more", "more")) on the SLA review page.") }
        return said
    }
}

extension SLAReview.Line {
    /// What the review proposes for the line, with the figures behind it, as the page and the
    /// API say it. The SLA is met or missed on the policy's clock; the times are from the
    /// lead's start by the wall clock ("of arriving"), which a business clock never exceeds, so
    /// a tighter SLA met by them is met on either. `target`: the share the SLA attainment
    /// target asks for.
    public func words(target: Double, pickupTarget: Double? = nil) -> String {
        let sla = KPIFormatting.duration(seconds: slaSeconds)
        let leadsWord = "\(tier.rawValue) leads"
        let within = window.withinShare.map(KPIFormatting.percent) ?? "–"
        var sentences: [String]
        switch action {
        case .tooFew:
            return "\(KPIFormatting.count(Int(window.leads), "\(tier.rawValue) lead", leadsWord)): too few to review (\(Int(KPIJudgement.judgedSample)) at least)."
        case .staff:
            let nine = window.nineInTen.map { "9 in 10 were answered within \(KPIFormatting.duration(seconds: $0)) of arriving" } ?? "fewer than 9 in 10 were answered at all"
            sentences = [
                "\(within) of \(leadsWord) were answered within the \(sla) SLA, short of \(KPIFormatting.percent(target)); \(nine).",
                "Keep the SLA and add cover at the hours leads wait (the outlook's agents needed).",
            ]
        case .keep where heldForPickup:
            let fastest = window.ninetyFivePercent.map { ", 95% within \(KPIFormatting.duration(seconds: $0)) of arriving" } ?? ""
            let share = pickup?.withinShare.map(KPIFormatting.percent) ?? "–"
            let due = KPIFormatting.grouped(pickup?.due ?? 0)
            let atTarget = pickupTarget.flatMap { share in
                pickup?.atTarget.map { ", \(KPIFormatting.percent(share)) only within \(KPIFormatting.duration(seconds: $0))" }
            } ?? ""
            sentences = [
                "\(within) of \(leadsWord) were answered within the \(sla) SLA\(fastest), which would allow a tighter one; "
                    + "but the agents, held to the same SLA from the hand-off, picked up \(share) of the \(due) handed to them within it\(atTarget).",
                "Keep it: a tighter SLA would hold them to less time still.",
            ]
        case .keep:
            let nine = window.nineInTen.map { ", and 9 in 10 within \(KPIFormatting.duration(seconds: $0)) of arriving" } ?? ""
            // Where the agents miss it, the SLA fits the first answers (the AI's, mostly), not the team.
            let fits = agentsMiss(pickupTarget) ? "the first answers" : "what the team does"
            sentences = ["\(within) of \(leadsWord) were answered within the \(sla) SLA\(nine): it fits \(fits)."]
        case .tighten:
            let proposed = KPIFormatting.duration(seconds: proposedSeconds ?? slaSeconds)
            let fastest = window.ninetyFivePercent.map(KPIFormatting.duration) ?? "–"
            if ownSLA, proposedSeconds == groupSLASeconds {
                sentences = [
                    "95% of \(leadsWord) were answered within \(fastest) of arriving, inside the group's \(proposed) SLA: this store no longer needs its own \(sla).",
                    "Hold it to the group's.",
                ]
            } else {
                // Held at the hotter tier's SLA rather than what the times alone would give.
                let atHotter = proposedSeconds != nil && proposedSeconds == hotterSLASeconds
                    && (window.ninetyFivePercent.flatMap(SLAReview.proposal(atLeast:)) ?? .infinity) < proposedSeconds!
                let hotterName = LeadTier.allCases.firstIndex(of: tier).flatMap { $0 > 0 ? LeadTier.allCases[$0 - 1].rawValue : nil } ?? ""
                let escalation = { (seconds: Double) in KPIFormatting.duration(seconds: seconds * escalateAtFraction) }
                sentences = [
                    "95% of \(leadsWord) were answered within \(fastest) of arriving, under half the \(sla) SLA.",
                    "A \(proposed) SLA\(atHotter ? " (\(hotterName) leads' own: no tier is held tighter than a hotter one)" : "") holds the team to what it already does, "
                        + "and escalates a slow answer after \(escalation(proposedSeconds ?? slaSeconds)) instead of \(escalation(slaSeconds)).",
                ]
            }
        }
        if !heldForPickup, let pickup, pickup.isEnough, let share = pickup.withinShare {
            let short = agentsMiss(pickupTarget) ? ", short of \(KPIFormatting.percent(pickupTarget ?? 0)): the people need cover or coaching, not a looser SLA" : ""
            sentences.append("Agents picked up \(KPIFormatting.percent(share)) of the \(KPIFormatting.grouped(pickup.due)) handed to them within the SLA\(short).")
        }
        if let sales, sales.chance != nil, let fast = sales.withinRate, let slow = sales.laterRate {
            let upTo = KPIFormatting.duration(seconds: sales.withinUpTo)
            var counted =
                "\(KPIFormatting.percent(fast)) of \(KPIFormatting.grouped(sales.withinLeads)) answered within \(upTo) of arriving bought, "
                + "\(KPIFormatting.percent(slow)) of \(KPIFormatting.grouped(sales.laterLeads)) answered later"
            if let same = sales.sameSourcesRate {
                // The later ones' own yardstick: a walk-in left waiting is set beside walk-ins
                // answered at once, not beside web forms.
                let places = stores.count > 1 ? "sources at the same stores" : "sources"
                counted += ", where leads of the same \(places) answered within \(upTo) bought \(KPIFormatting.percent(same))"
            }
            let likeForLike = sales.bySource ? ", source for source" : ""
            if sales.speedPays {
                sentences.append("Speed sells here\(likeForLike): \(counted).")
            } else if sales.laterPays {
                sentences.append(
                    "Those answered later bought more often\(likeForLike): \(counted). They differ in more than speed (who answered them, when), "
                        + "so this is no case against answering fast.")
            } else {
                sentences.append("No clear difference in sales so far\(likeForLike): \(counted).")
            }
        }
        return sentences.joined(separator: " ")
    }

    /// "Harbor Point Honda", or "Group (4 stores)" for the group's line.
    public func place(names: (StoreID) -> String) -> String {
        store.map(names) ?? (stores.count == 1 ? names(stores[0]) : "Group (\(stores.count) stores)")
    }
}
