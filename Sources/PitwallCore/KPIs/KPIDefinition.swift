/// The band a KPI should sit in, as the SOP states it.
public struct KPITarget: Hashable, Sendable {
    public var min: Double?
    public var max: Double?

    public init(min: Double? = nil, max: Double? = nil) {
        self.min = min
        self.max = max
    }

    /// Which side of the band a value lies on, nil inside it. A figure beyond a band that the
    /// catalog still counts as good (AI-assisted revenue at 62% against 40% – 60%) is said to
    /// be "above target", so nobody wonders why it is green with a band it is not in.
    public func side(of value: Double) -> TargetSide? {
        if let max, value > max { return .above }
        if let min, value < min { return .below }
        return nil
    }
}

public enum TargetSide: String, Hashable, Sendable {
    case above, below
}

/// Where green, yellow and red begin. Green is inside `[greenMin, greenMax]`; red is below
/// `redBelow` or above `redAbove`; anything else is yellow.
public struct StatusBands: Hashable, Sendable {
    public var greenMin: Double?
    public var greenMax: Double?
    public var redBelow: Double?
    public var redAbove: Double?

    public init(greenMin: Double? = nil, greenMax: Double? = nil, redBelow: Double? = nil, redAbove: Double? = nil) {
        self.greenMin = greenMin
        self.greenMax = greenMax
        self.redBelow = redBelow
        self.redAbove = redAbove
    }

    public func status(of value: Double?) -> KPIStatus {
        guard let value else { return .none }
        if let redBelow, value < redBelow { return .red }
        if let redAbove, value > redAbove { return .red }
        if let greenMin, value < greenMin { return .yellow }
        if let greenMax, value > greenMax { return .yellow }
        return .green
    }

    /// How far the value is from green (negative: below it); 0 inside green.
    public func gap(of value: Double?) -> Double? {
        guard let value else { return nil }
        if let greenMin, value < greenMin { return value - greenMin }
        if let greenMax, value > greenMax { return value - greenMax }
        return 0
    }
}

public enum KPIStatus: String, Hashable, Sendable, Comparable {
    case green, yellow, red
    /// Not enough data to say.
    case none

    var severity: Int {
        switch self {
        case .none: 0
        case .green: 1
        case .yellow: 2
        case .red: 3
        }
    }

    public static func < (lhs: KPIStatus, rhs: KPIStatus) -> Bool { lhs.severity < rhs.severity }
}

/// A dated, explained change to a KPI's definition, so history stays comparable.
public struct DefinitionChange: Hashable, Sendable {
    public var version: Int
    public var date: CivilDate
    public var summary: String
    public var reason: String

    public init(version: Int, date: CivilDate, summary: String, reason: String) {
        self.version = version
        self.date = date
        self.summary = summary
        self.reason = reason
    }
}

/// What a KPI means, what it should be, and how its definition has changed.
public struct KPIDefinition: Hashable, Sendable {
    public var key: KPIKey
    public var name: String
    /// The formula in words, as shown beside the number.
    public var formula: String
    public var unit: KPIUnit
    public var reviewFrequency: String
    public var target: KPITarget
    public var bands: StatusBands
    /// Keys kept for a later release: always `value: null`, status `none`.
    public var reserved: Bool
    public var changes: [DefinitionChange]

    public var version: Int { changes.last?.version ?? 1 }

    public init(
        key: KPIKey, name: String, formula: String, unit: KPIUnit, reviewFrequency: String, target: KPITarget, bands: StatusBands,
        reserved: Bool = false, changes: [DefinitionChange]
    ) {
        self.key = key
        self.name = name
        self.formula = formula
        self.unit = unit
        self.reviewFrequency = reviewFrequency
        self.target = target
        self.bands = bands
        self.reserved = reserved
        self.changes = changes
    }
}

extension KPIDefinition {
    /// Opt-outs, complaints and slow answers are worse the higher they go; rates and sales the
    /// lower: red only above, or a target with only a ceiling.
    public var higherIsWorse: Bool {
        bands.redAbove != nil && bands.redBelow == nil || bands.redBelow == nil && target.min == nil && target.max != nil
    }
}

extension KPIDefinition {
    /// The name inside a sentence: "agent pick-up within SLA", "AI-assisted sales revenue"
    /// (only a first word that is an ordinary capitalised word loses its capital).
    public var nameInSentence: String {
        let firstWord = name.prefix { $0.isLetter }
        guard firstWord.dropFirst().allSatisfy(\.isLowercase), let first = name.first else { return name }
        return first.lowercased() + name.dropFirst()
    }
}
