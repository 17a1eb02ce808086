/// What "responding to a lead" means at this dealership group, made explicit: when the
/// clock starts, what counts as a response, which clock counts, what the SLA is per tier.
/// The SOP and the curriculum leave each of these to be decided; here they are decided in
/// one place, with defaults, and every change is dated and explained.
public struct ResponseTimePolicy: Hashable, Sendable {
    /// When the clock starts.
    public enum Start: String, CaseIterable, Hashable, Sendable {
        /// The customer submitted the form (`submitted_at`; CRM receipt when not given).
        case submitted
        /// The CRM received the lead (`occurred_at` of `lead.created`).
        case received
        /// Pitwall stored the lead.
        case ingested
    }

    /// Which seconds count.
    public enum Clock: String, CaseIterable, Hashable, Sendable {
        /// Only the store's opening hours (its zone, weekly hours, holidays, overrides, DST).
        case business
        /// Every second.
        case wall
    }

    /// Who may answer for the SLA.
    public enum Responder: String, CaseIterable, Hashable, Sendable {
        case ai, agent
        case autoReply = "auto_reply"
    }

    public var start: Start = .submitted
    public var responders: Set<Responder> = [.ai, .agent]
    public var channels: Set<Channel> = Set(Channel.allCases)
    public var clock: Clock = .business
    /// A lead from the same person at the same store within this many days of their
    /// earlier lead is folded into it (not its own incident) unless `foldRepeatLeads` is off.
    public var repeatWindowDays: Int = 7
    public var foldRepeatLeads: Bool = true
    public var slaSeconds: [LeadTier: Double] = [.hot: 300, .warm: 900, .cold: 3600]
    /// Stores answering to SLAs of their own (a store without an evening BDC), tier by tier;
    /// a tier a store does not name keeps the group's.
    public var storeSLASeconds: [StoreID: [LeadTier: Double]] = [:]
    /// When and why each such store's SLAs were set, for that store's change log (which
    /// numbers the change among its own).
    public var storeSLAChanges: [StoreID: DefinitionChange] = [:]
    /// A tier for leads that arrive without one, by source.
    public var tierBySource: [String: LeadTier] = [:]
    public var defaultTier: LeadTier = .warm
    /// Share of the SLA after which an unanswered lead is escalated to a supervisor.
    public var escalateAtFraction: Double = 0.5
    /// More than this between the CRM's receipt and Pitwall's storing is a technical delay.
    public var ingestionLagSeconds: Double = 120
    /// An agent holding more leads than this that no person has answered needs help.
    public var agentWaitingLimit: Int = 10
    public var changes: [DefinitionChange] = [
        DefinitionChange(version: 1, date: CivilDate(year: 2026, month: 1, day: 1)!, summary: "introduced", reason: "Defaults of the speed-to-lead SLA")
    ]

    public init() {}

    public var version: Int { changes.last?.version ?? 1 }

    public func tier(of profile: LeadCreated) -> LeadTier {
        profile.tier ?? tier(ofSource: profile.source)
    }

    /// The tier of a lead that came without one.
    public func tier(ofSource source: String) -> LeadTier {
        tierBySource[source] ?? defaultTier
    }

    public func sla(for tier: LeadTier) -> Double {
        slaSeconds[tier] ?? 900
    }

    /// The SLA a lead of `tier` at `store` is held to: the store's own, else the group's.
    public func sla(for tier: LeadTier, at store: StoreID?) -> Double {
        store.flatMap { storeSLASeconds[$0]?[tier] } ?? sla(for: tier)
    }

    /// "hot 10 min" for a store held to SLAs of its own (the tiers it names), nil for one on the group's.
    public func ownSLAs(at store: StoreID) -> String? {
        guard let own = storeSLASeconds[store] else { return nil }
        return LeadTier.allCases.compactMap { tier in own[tier].map { "\(tier.rawValue) \(KPIFormatting.duration(seconds: $0))" } }.joined(separator: ", ")
    }

    /// Whether an outbound message answers the lead under this policy.
    public func counts(_ message: MessageRecord) -> Bool {
        guard message.key.direction == .outbound, message.at != nil, let sender = message.sender, let channel = message.channel else { return false }
        let responder: Responder = message.autoReply ? .autoReply : (sender == .ai ? .ai : .agent)
        return responders.contains(responder) && channels.contains(channel)
    }

    /// What differs from the defaults, in words, for the change log.
    public var differencesFromDefaults: [String] {
        let standard = ResponseTimePolicy()
        var parts: [String] = []
        if start != standard.start { parts.append("start: \(start.rawValue)") }
        if responders != standard.responders { parts.append("responders: \(responders.map(\.rawValue).sorted().joined(separator: ", "))") }
        if channels != standard.channels { parts.append("channels: \(channels.map(\.rawValue).sorted().joined(separator: ", "))") }
        if clock != standard.clock { parts.append("clock: \(clock.rawValue)") }
        if foldRepeatLeads != standard.foldRepeatLeads || repeatWindowDays != standard.repeatWindowDays {
            parts.append("repeat leads: \(foldRepeatLeads ? "folded" : "separate") within \(repeatWindowDays) days")
        }
        for tier in LeadTier.allCases where sla(for: tier) != standard.sla(for: tier) {
            parts.append("\(tier.rawValue) SLA: \(KPIFormatting.duration(seconds: sla(for: tier)))")
        }
        if !tierBySource.isEmpty {
            parts.append("tier by source: " + tierBySource.keys.sorted().map { "\($0) \(tierBySource[$0]!.rawValue)" }.joined(separator: ", "))
        }
        if defaultTier != standard.defaultTier { parts.append("default tier: \(defaultTier.rawValue)") }
        if escalateAtFraction != standard.escalateAtFraction { parts.append("escalate at \(KPIFormatting.percent(escalateAtFraction)) of the SLA") }
        if agentWaitingLimit != standard.agentWaitingLimit { parts.append("agent waiting limit: \(agentWaitingLimit)") }
        if ingestionLagSeconds != standard.ingestionLagSeconds { parts.append("ingestion lag over \(KPIFormatting.duration(seconds: ingestionLagSeconds)) is technical") }
        return parts
    }
}

extension ResponseTimePolicy {
    /// When the clock starts for a lead, and on which basis (`submitted` falls back to
    /// `received` when the form time is missing).
    public func start(of state: LeadState) -> (at: Timestamp?, basis: Start) {
        switch start {
        case .submitted:
            if let submitted = state.profile?.submittedAt { return (submitted, .submitted) }
            return (state.createdAt, .received)
        case .received:
            return (state.createdAt, .received)
        case .ingested:
            return (state.ingestedAt, .ingested)
        }
    }

    /// The lead's outbound messages in time order, and the first that answers it.
    public func firstResponse(in messages: [MessageRecord]) -> MessageRecord? {
        messages.filter(counts).min { ($0.at!, $0.key.messageID) < ($1.at!, $1.key.messageID) }
    }

    /// What of the policy changes a store's KPI counts (the start, what counts as a response,
    /// the store's SLAs), so its stored rollups can be recounted when that changes. A store on
    /// the group's SLAs has the group's fingerprint, as before stores could have their own.
    public func rollupFingerprint(at store: StoreID) -> String {
        let limits = LeadTier.allCases.map { "\($0.rawValue)=\(self.sla(for: $0, at: store))" }.joined(separator: ",")
        let tiers = tierBySource.keys.sorted().map { "\($0)=\(tierBySource[$0]!.rawValue)" }.joined(separator: ",")
        return "v3;start=\(start.rawValue);responders=\(responders.map(\.rawValue).sorted().joined(separator: ","))"
            + ";channels=\(channels.map(\.rawValue).sorted().joined(separator: ","));clock=\(clock.rawValue);sla=\(limits);tiers=\(tiers);default=\(defaultTier.rawValue)"
    }

    /// True when the standard rule (AI or agent, not auto-replies, any channel) is in force,
    /// which the per-lead state already tracks.
    public var usesStandardResponders: Bool {
        responders == [.ai, .agent] && channels == Set(Channel.allCases)
    }
}
