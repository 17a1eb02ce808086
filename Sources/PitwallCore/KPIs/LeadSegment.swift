/// The ways KPIs can be broken down by the lead's own attributes.
public enum SegmentDimension: String, CaseIterable, Hashable, Sendable {
    /// No breakdown: the whole store.
    case all
    case source, campaign, region, agent, tier
    case vehicleCondition = "vehicle_condition"
    /// The store's local hour the lead came in: `00` ... `23`.
    case hour
    /// `weekday`, `weekend` or `holiday`, by the store's calendar.
    case dayType = "day_type"
    /// How long the customer waited for the first response (wall clock): `0-5 min`,
    /// `5-15 min`, `15-60 min`, `1-24 h`, `over 24 h`, or `never` (so far).
    case responseBucket = "response_bucket"
    /// How the agent of the lead's hand-off was told of it (`notified_via` of
    /// `lead.assigned`): the notification methods' A/B test. "" for a lead not handed to an
    /// agent, or handed over without saying how.
    case notifiedVia = "notified_via"
    /// The source and the response bucket together, `website|0-5 min`: sales by wait compared
    /// source by source, since callers and walk-ins buy far more often than web forms whatever
    /// the wait. Read by the SLA review; not offered as a breakdown.
    case sourceResponseBucket = "source_response_bucket"
}

extension SegmentDimension {
    /// As people say it: "vehicle condition", not "vehicle_condition".
    public var words: String { rawValue.split(separator: "_").joined(separator: " ") }
}

/// The response-time buckets, in order.
public enum ResponseBucket: String, CaseIterable, Sendable {
    case underFiveMinutes = "0-5 min"
    case fiveToFifteenMinutes = "5-15 min"
    case fifteenToSixtyMinutes = "15-60 min"
    case oneToTwentyFourHours = "1-24 h"
    case overADay = "over 24 h"
    case never
    /// The response is dated before the lead started: no honest bucket.
    case unknown

    public init(seconds: Double?) {
        guard let seconds else {
            self = .never
            return
        }
        switch seconds {
        case ..<300: self = .underFiveMinutes
        case ..<900: self = .fiveToFifteenMinutes
        case ..<3600: self = .fifteenToSixtyMinutes
        case ..<86_400: self = .oneToTwentyFourHours
        default: self = .overADay
        }
    }
}

/// Which segment of each dimension a lead falls in. A lead is counted in its store and day
/// under every dimension at once, so any breakdown reads pre-added numbers.
public struct LeadSegment: Hashable, Sendable {
    public var store: StoreID
    public var source: String
    public var campaign: String?
    public var region: String?
    public var agent: String?
    public var tier: String?
    public var vehicleCondition: String?
    public var hour: String
    public var dayType: String
    public var responseBucket: ResponseBucket
    public var notifiedVia: String?

    /// The segments of a lead: its tier as the response-time policy sees it (the lead's own,
    /// else its source's rule, else the default), its local hour and kind of day, and how
    /// long it waited for its first response (`unknown` when that cannot be told).
    public init(state: LeadState, store: StoreProfile, policy: ResponseTimePolicy, responseSeconds: Double?, responseUnknown: Bool = false) {
        let profile = state.profile
        self.store = profile?.storeID ?? store.id
        source = profile?.source ?? ""
        campaign = profile?.campaignID?.rawValue
        region = profile?.region
        agent = state.agentID?.rawValue
        tier = profile.map { policy.tier(of: $0).rawValue }
        vehicleCondition = profile?.vehicle?.condition?.rawValue
        if let created = state.createdAt {
            let local = store.calendar.localTime(of: created)
            hour = (local.minute / 60).zeroPadded(2)
            dayType = store.holidays.contains(local.date) ? "holiday" : local.date.isoWeekday >= 6 ? "weekend" : "weekday"
        } else {
            hour = ""
            dayType = ""
        }
        responseBucket = responseUnknown ? .unknown : ResponseBucket(seconds: responseSeconds)
        notifiedVia = state.notifiedVia
    }

    /// The segment's name under a dimension; "" when the lead has no value for it.
    public func value(for dimension: SegmentDimension) -> String {
        switch dimension {
        case .all: ""
        case .source: source
        case .campaign: campaign ?? ""
        case .region: region ?? ""
        case .agent: agent ?? ""
        case .tier: tier ?? ""
        case .vehicleCondition: vehicleCondition ?? ""
        case .hour: hour
        case .dayType: dayType
        case .responseBucket: responseBucket.rawValue
        case .notifiedVia: notifiedVia ?? ""
        case .sourceResponseBucket: Self.sourceAndBucket(source, responseBucket)
        }
    }
}

extension LeadSegment {
    /// A `source_response_bucket` cell's value. The bucket's names hold no `|`, so the last one
    /// parts the two whatever a source is called.
    public static func sourceAndBucket(_ source: String, _ bucket: ResponseBucket) -> String { source + "|" + bucket.rawValue }

    /// The source and bucket of a `source_response_bucket` cell's value.
    public static func sourceAndBucket(of value: String) -> (source: Substring, bucket: ResponseBucket)? {
        guard let bar = value.lastIndex(of: "|"), let bucket = ResponseBucket(rawValue: String(value[value.index(after: bar)...])) else { return nil }
        return (value[..<bar], bucket)
    }
}

/// One pre-added bucket: a dimension's segment, at one store, on one local day of that store.
public struct RollupCell: Hashable, Sendable {
    public var dimension: SegmentDimension
    public var value: String
    public var store: StoreID
    /// The store's local date, as days since 1970-01-01.
    public var day: Int64

    public init(dimension: SegmentDimension, value: String, store: StoreID, day: Int64) {
        self.dimension = dimension
        self.value = value
        self.store = store
        self.day = day
    }
}
