/// How a scorecard is broken down.
public enum KPIGrouping: String, CaseIterable, Hashable, Sendable {
    case store, source, campaign, region, agent, tier
    case vehicleCondition = "vehicle_condition"
    case hour
    case dayType = "day_type"
    case responseBucket = "response_bucket"
    case notifiedVia = "notified_via"
    case day, week, month

    /// The rollup dimension whose rows answer this grouping.
    public var dimension: SegmentDimension {
        switch self {
        case .store, .day, .week, .month: .all
        case .source: .source
        case .campaign: .campaign
        case .region: .region
        case .agent: .agent
        case .tier: .tier
        case .vehicleCondition: .vehicleCondition
        case .hour: .hour
        case .dayType: .dayType
        case .responseBucket: .responseBucket
        case .notifiedVia: .notifiedVia
        }
    }

    /// Groups in a reader's order: response buckets fastest first, everything else by name.
    public func ordered(_ groups: some Sequence<String>) -> [String] {
        guard self == .responseBucket else { return groups.sorted() }
        let order = ResponseBucket.allCases.map(\.rawValue)
        return groups.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
    }

    /// As people say it: "store", "vehicle condition".
    public var words: String { rawValue.split(separator: "_").joined(separator: " ") }

    /// The group a rollup row belongs to.
    public func group(of cell: RollupCell) -> String {
        switch self {
        case .store: cell.store.rawValue
        case .day: CivilDate(daysSinceEpoch: cell.day).description
        case .week: CivilDate(daysSinceEpoch: cell.day).isoWeekLabel
        case .month: String(CivilDate(daysSinceEpoch: cell.day).description.prefix(7))
        case .source, .campaign, .region, .agent, .tier, .vehicleCondition, .hour, .dayType, .responseBucket, .notifiedVia: cell.value
        }
    }
}

/// One value of one lead attribute: the leads of source `website`, of agent `ana`.
public struct SegmentValue: Hashable, Sendable {
    public var dimension: SegmentDimension
    public var value: String

    public init(_ dimension: SegmentDimension, _ value: String) {
        self.dimension = dimension
        self.value = value
    }

    /// The attributes a scorecard can be narrowed to, by their parameter names.
    public static let dimensions: [SegmentDimension] = [.source, .campaign, .agent, .region, .tier, .vehicleCondition]

    /// The one value `given` names (by parameter), nil for none; two at once is a problem
    /// naming the second in `dimensions`' order, wherever a segment is read.
    public static func single(_ given: [SegmentDimension: String]) throws(ParameterError) -> SegmentValue? {
        let named = dimensions.compactMap { dimension in given[dimension].map { SegmentValue(dimension, $0) } }
        guard let first = named.first else { return nil }
        guard named.count == 1 else {
            throw ParameterError(name: named[1].dimension.rawValue, reason: "narrow to one segment at a time (also given: \(first.dimension.rawValue))")
        }
        return first
    }

    /// The segment parameters a request or command gives, by name: what `single` reads.
    public static func given(_ value: (String) -> String?) -> [SegmentDimension: String] {
        Dictionary(uniqueKeysWithValues: dimensions.compactMap { dimension in value(dimension.rawValue).map { (dimension, $0) } })
    }
}

/// A scorecard request: whole local days `[from, to]` of each store.
public struct KPIQuery: Hashable, Sendable {
    public var from: CivilDate
    public var to: CivilDate
    public var store: StoreID?
    public var groupBy: KPIGrouping?
    /// The window set beside this one, if any.
    public var comparison: KPIComparison?
    /// Only the leads of one source, campaign, agent, ... (`?source=website`), as the
    /// dashboard's scorecard narrows; grouped then only by store or by period, as leads are
    /// counted by one attribute at a time (a source also by wait: `NarrowedRollupRows`).
    public var segment: SegmentValue?

    public init(
        from: CivilDate, to: CivilDate, store: StoreID? = nil, groupBy: KPIGrouping? = nil, comparison: KPIComparison? = nil, segment: SegmentValue? = nil
    ) {
        self.from = from
        self.to = to
        self.store = store
        self.groupBy = groupBy
        self.comparison = comparison
        self.segment = segment
    }

    public var days: ClosedRange<Int64> { from.daysSinceEpoch...to.daysSinceEpoch }

    /// The window this one is compared with, when it is.
    public var comparedWindow: (from: CivilDate, to: CivilDate)? {
        comparison?.window(from: from, to: to)
    }

    /// The longest window accepted: ten years of days.
    public static let maximumDays = 3660
}

extension CivilDate {
    /// ISO 8601 week: `2026-W10` (weeks start on Monday; week 1 holds the first Thursday).
    public var isoWeekLabel: String {
        let thursday = adding(days: 4 - isoWeekday)
        let firstOfYear = CivilDate(year: thursday.year, month: 1, day: 1)!
        let week = Int(thursday.daysSinceEpoch - firstOfYear.daysSinceEpoch) / 7 + 1
        return "\(thursday.year)-W\(week.zeroPadded(2))"
    }
}
