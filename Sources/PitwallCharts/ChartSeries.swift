/// How a chart writes its numbers on axes and labels; the caller knows the unit.
public typealias ChartValueFormat = @Sendable (Double) -> String

/// One named line or layer of values, one value per label; nil where nothing was measured.
public struct ChartSeries: Hashable, Sendable {
    public var name: String
    public var values: [Double?]
    /// A colour that means something ("failed" in orange); nil takes the palette's next.
    public var colour: String?
    /// The first point whose value is not final yet (drawn dashed from there on); nil when all are.
    public var provisionalFrom: Int?
    /// What each point is, for its hover, when not the chart's label: a year-ago line drawn
    /// under this year's dates says its own.
    public var pointLabels: [String]?

    public init(name: String, values: [Double?], colour: String? = nil, provisionalFrom: Int? = nil, pointLabels: [String]? = nil) {
        self.name = name
        self.values = values
        self.colour = colour
        self.provisionalFrom = provisionalFrom
        self.pointLabels = pointLabels
    }
}

/// A target band drawn behind a chart: the KPI's green zone.
public struct ChartBand: Hashable, Sendable {
    public var low: Double?
    public var high: Double?
    /// The most a value can be (1 for a rate): a band open above stops there.
    public var ceiling: Double?

    public init(low: Double?, high: Double?, ceiling: Double? = nil) {
        self.low = low
        self.high = high
        self.ceiling = ceiling
    }
}

extension ChartBand {
    /// The values an axis must reach for the band to show beside `values`: both bounds, and
    /// for a band open on one side a stretch past its bound (a tenth of the spread of the
    /// values and the bound, or a fiftieth of the bound when they do not spread). Without it,
    /// "at least 95 %" over days at 94 % is drawn as a band of no height at the top of the
    /// axis, under a caption that says "the green band is the target".
    func reach(beside values: [Double]) -> [Double] {
        switch (low, high) {
        case let (low?, high?): return [low, high]
        case (nil, nil): return []
        case let (low, high):
            let bound = low ?? high!
            let spread = ((values + [bound]).max()! - (values + [bound]).min()!)
            let stretch = spread > 0 ? spread / 10 : Swift.max(abs(bound) / 50, 1e-9)
            // "At least 99.9 %" of a rate stops at 100 %, not at 150 %.
            guard low == nil else { return [bound, Swift.max(bound, Swift.min(bound + stretch, ceiling ?? .infinity))] }
            // "At most 5 min" over times that are never negative stops at zero, not at -30 min.
            let floor = bound > 0 && values.allSatisfy { $0 >= 0 } ? 0 : -Double.infinity
            return [bound, Swift.max(bound - stretch, floor)]
        }
    }
}

/// Colours told apart by people with the common colour-vision deficiencies, on white.
public enum ChartPalette {
    public static let series = ["#0969da", "#bc4c00", "#1a7f37", "#8250df", "#bf3989", "#57606a", "#0a7d8c", "#9a6700"]
    static let axis = "#8c959f"
    static let grid = "#d0d7de"
    static let label = "#424a53"
    static let band = "#dafbe1"
    /// Changes marked on a trend: apart from every series colour.
    static let marker = "#6e7781"
    /// A bar on too little to read alone: its colour faint inside a dashed outline, dashed as
    /// a figure not final yet is drawn on a line chart.
    static let paleOpacity = "0.3"

    public static func colour(_ index: Int) -> String { series[index % series.count] }

    static func colour(of series: [ChartSeries], _ index: Int) -> String { series[index].colour ?? colour(index) }

    /// For layers that mean good, bad and not yet known.
    public static let good = "#0969da"
    public static let bad = "#bc4c00"
    public static let unknown = "#8c959f"
}

/// Something that happened on one point of a chart's axis (a change the team made), by its
/// index among the chart's labels, with the words its hover shows.
public struct ChartMarker: Hashable, Sendable {
    public var index: Int
    public var label: String

    public init(index: Int, label: String) {
        self.index = index
        self.label = label
    }
}
