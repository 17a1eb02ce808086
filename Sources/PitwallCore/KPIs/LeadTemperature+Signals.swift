extension LeadTemperature {
    /// The facts of a lead its temperature is worked out from, and no more: small enough that a
    /// year of a large group's leads can be ranked without their records in memory (the
    /// follow-ups list reads these off the lead table, then the full state of the few it lists).
    public struct Signals: Hashable, Sendable {
        public var tier: LeadTier?
        /// A phone that can take texts or a usable e-mail (`ContactVerdict`).
        public var reachable: Bool
        /// The lead named the make or the model it wants.
        public var vehicleNamed: Bool
        /// First answered within `fastAnswerSeconds` of asking.
        public var answeredFast: Bool
        public var replies: Int
        public var appointmentsSet: Int
        public var verdict: Verdict?

        public init(tier: LeadTier?, reachable: Bool, vehicleNamed: Bool, answeredFast: Bool, replies: Int, appointmentsSet: Int, verdict: Verdict?) {
            self.tier = tier
            self.reachable = reachable
            self.vehicleNamed = vehicleNamed
            self.answeredFast = answeredFast
            self.replies = replies
            self.appointmentsSet = appointmentsSet
            self.verdict = verdict
        }

        /// The signals of a lead whose `lead.created` is known; nil before it is. `contact`: its
        /// contact details checked already.
        public init?(_ state: LeadState, contact: ContactVerdict? = nil) {
            guard let profile = state.profile else { return nil }
            let vehicle = profile.vehicle
            self.init(
                tier: profile.tier, reachable: !(contact ?? ContactVerdict(profile.contact)).unreachable,
                vehicleNamed: Self.namesVehicle(make: vehicle?.make, model: vehicle?.model),
                answeredFast: Self.answeredFast(startedAt: state.startedAt, firstResponseAt: state.firstResponse?.at),
                replies: state.inboundCount, appointmentsSet: state.appointmentsSet,
                verdict: Self.verdict(sales: state.salesCount, optedOut: state.isOptedOut, complaints: state.complaintCount))
        }

        public static func namesVehicle(make: String?, model: String?) -> Bool {
            [make, model].contains { !($0 ?? "").isEmpty }
        }

        /// A first answer dated before the lead started is a clock problem, not a fast answer.
        public static func answeredFast(startedAt: Timestamp?, firstResponseAt: Timestamp?) -> Bool {
            guard let startedAt, let firstResponseAt else { return false }
            return (0...fastAnswerSeconds * 1000).contains(firstResponseAt.millisecondsSinceEpoch - startedAt.millisecondsSinceEpoch)
        }

        /// A sale settles the score before an opt-out, an opt-out before a complaint.
        public static func verdict(sales: Int, optedOut: Bool, complaints: Int) -> Verdict? {
            if sales > 0 { return .bought }
            if optedOut { return .optedOut }
            return complaints > 0 ? .complained : nil
        }
    }

    public init(_ signals: Signals, weights: Weights = .standard) {
        var earned: [Reason] = []
        switch signals.tier {
        case .hot?: earned.append(.hotTier)
        case .warm?: earned.append(.warmTier)
        case .cold?: earned.append(.coldTier)
        case nil: earned.append(.noTier)
        }
        if signals.reachable { earned.append(.reachable) }
        if signals.vehicleNamed { earned.append(.vehicleNamed) }
        if signals.answeredFast { earned.append(.answeredFast) }
        if signals.replies > 0 { earned.append(.replied) }
        if signals.replies >= Self.conversationReplies { earned.append(.keptTalking) }
        if signals.appointmentsSet > 0 { earned.append(.appointmentSet) }
        self.earned = earned
        self.weights = weights
        verdict = signals.verdict
    }
}
