/// How warm a lead is, from 0 (cold) to 100 (bought): the SOP's "weighted algorithm score",
/// built from points a BDC manager can check against the lead's own page. A lead earns points
/// for what the CRM said of it (its tier), for what it told us (a way to reach it, the car it
/// wants), for how fast it was answered, and for what it has done since (replied, kept
/// talking, booked). A sale makes it 100; an opt-out or a complaint makes it 0, since a lead
/// that may not be texted is not one to chase.
///
/// The score depends only on the lead's facts so far, never on the clock, so the scorecard's
/// average is kept in the rollups like any other cohort figure and a past window's figure
/// does not cool while nobody looks.
public struct LeadTemperature: Hashable, Sendable {
    /// One reason a lead earned points.
    public enum Reason: String, CaseIterable, Hashable, Sendable {
        case hotTier = "hot_tier", warmTier = "warm_tier", coldTier = "cold_tier", noTier = "no_tier"
        case reachable
        case vehicleNamed = "vehicle_named"
        case answeredFast = "answered_within_5_minutes"
        case replied
        case keptTalking = "kept_talking"
        case appointmentSet = "appointment_set"

        /// Points earned for this reason unless the configuration weighs it otherwise. The tier
        /// is the largest single part, the CRM's own reading of intent; what the lead does after
        /// (answered fast, replied, kept talking, booked: 50 in all) outweighs it, so a lead the
        /// CRM called cold can still become the warmest in the queue.
        public var standardPoints: Int {
            switch self {
            case .hotTier: 30
            case .warmTier: 20
            case .coldTier: 10
            case .noTier: 15
            case .reachable: 10
            case .vehicleNamed: 10
            case .answeredFast: 15
            case .replied: 15
            case .keptTalking: 10
            case .appointmentSet: 10
            }
        }

        /// The CRM's ratings: a lead earns exactly one of them.
        public static let tiers: [Reason] = [.hotTier, .warmTier, .coldTier, .noTier]
        public var isTier: Bool { Self.tiers.contains(self) }

        /// The leads that earned it, for a tier as a manager says it: "leads rated cold".
        public var ratedLeads: String {
            switch self {
            case .hotTier: "leads rated hot"
            case .warmTier: "leads rated warm"
            case .coldTier: "leads rated cold"
            case .noTier: "leads without a rating"
            default: "leads that earned it"
            }
        }

        /// As a list with many leads shows it, a word or two.
        public var tag: String {
            switch self {
            case .hotTier: "Hot"
            case .warmTier: "Warm"
            case .coldTier: "Cold"
            case .noTier: "No rating"
            case .reachable: "Reachable"
            case .vehicleNamed: "Car named"
            case .answeredFast: "Answered < 5 min"
            case .replied: "Replied"
            case .keptTalking: "3+ replies"
            case .appointmentSet: "Booked"
            }
        }

        /// As the lead's page lists it.
        public var words: String {
            switch self {
            case .hotTier: "The CRM rated it hot"
            case .warmTier: "The CRM rated it warm"
            case .coldTier: "The CRM rated it cold"
            case .noTier: "The CRM gave no rating"
            case .reachable: "A phone or e-mail we can use"
            case .vehicleNamed: "Named the car it wants"
            case .answeredFast: "Answered within 5 minutes"
            case .replied: "Replied"
            case .keptTalking: "Kept talking (3 or more replies)"
            case .appointmentSet: "Booked an appointment"
            }
        }
    }

    /// What settles the score whatever the points: a sale, or being off limits.
    public enum Verdict: String, Hashable, Sendable {
        case bought, optedOut = "opted_out", complained

        public var score: Int { self == .bought ? 100 : 0 }

        public var words: String {
            switch self {
            case .bought: "Bought: 100 whatever the points"
            case .optedOut: "Opted out: 0, not to be texted"
            case .complained: "Complained: 0, not to be chased"
            }
        }
    }

    /// A first answer this fast earns its points: the SOP's response-time target.
    public static let fastAnswerSeconds: Int64 = 300
    /// Replies that make a conversation.
    public static let conversationReplies = 3

    /// The points each reason earns: the standard ones, or a group's own
    /// (`lead_temperature:` in the configuration), so a monthly review of the scoring can
    /// weigh a reason more or less.
    public struct Weights: Hashable, Sendable {
        private var own: [Reason: Int]

        public static let standard = Weights()

        public init(_ own: [Reason: Int] = [:]) {
            self.own = own.filter { $0.value != $0.key.standardPoints }
        }

        public subscript(reason: Reason) -> Int { own[reason] ?? reason.standardPoints }

        /// "warm_tier 25 (standard 20)": each reason weighed otherwise, for the change log.
        public var differencesFromStandard: [String] {
            Reason.allCases.compactMap { reason in own[reason].map { "\(reason.rawValue) \($0) (standard \(reason.standardPoints))" } }
        }

        /// Part of the rollups' basis: empty for the standard weights, so files counted under
        /// them are not recounted; otherwise the points of every reason in order.
        public var fingerprint: String {
            own.isEmpty ? "" : "|temperature=" + Reason.allCases.map { String(self[$0]) }.joined(separator: ",")
        }
    }

    public var earned: [Reason]
    public var verdict: Verdict?
    public var weights: Weights

    /// The points `reason` earns this lead.
    public func points(for reason: Reason) -> Int { weights[reason] }

    /// 0 to 100.
    public var score: Int { verdict?.score ?? pointsBeforeVerdict }

    /// The points earned, up to 100, whatever the verdict: what the score said of the lead
    /// before a sale made it 100, which the scoring check sets against the sales that came.
    public var pointsBeforeVerdict: Int { min(100, earned.reduce(0) { $0 + weights[$1] }) }

    /// The temperature of a lead whose `lead.created` is known; nil before it is. `contact`:
    /// its contact details checked already (the rollups check them anyway).
    public init?(_ state: LeadState, contact: ContactVerdict? = nil, weights: Weights = .standard) {
        guard let signals = Signals(state, contact: contact) else { return nil }
        self.init(signals, weights: weights)
    }
}

extension LeadTemperature {
    /// `{"score": 100, "points": [{"reason": "warm_tier", "points": 20}, ...], "verdict": "bought"}`:
    /// the reasons earned and their points, which add up to the score unless a verdict (left
    /// out when there is none) settles it.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("score", score)
        writer.key("points")
        writer.beginArray()
        for reason in earned {
            writer.beginObject()
            writer.member("reason", reason.rawValue)
            writer.member("points", weights[reason])
            writer.endObject()
        }
        writer.endArray()
        writer.member("verdict", verdict?.rawValue)
        writer.endObject()
    }
}
