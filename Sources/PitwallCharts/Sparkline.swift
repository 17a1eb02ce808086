/// A small line without axes, for a table cell: the shape of the last weeks at a glance.
public struct Sparkline: Hashable, Sendable {
    public var values: [Double?]
    public var band: ChartBand?
    public var width: Double
    public var height: Double
    /// What a screen reader hears, e.g. "Lead to sale, last 30 days".
    public var title: String
    /// The first value that is not final yet (drawn dashed from there on); nil when all are.
    public var provisionalFrom: Int?
    /// Values the vertical scale always spans (0...1 for a share), so that sparklines side by
    /// side share one scale and a flat line reads flat; nil to fit the values alone.
    public var domain: ClosedRange<Double>?

    public init(
        values: [Double?], band: ChartBand? = nil, width: Double = 120, height: Double = 28, title: String, provisionalFrom: Int? = nil,
        domain: ClosedRange<Double>? = nil
    ) {
        self.values = values
        self.band = band
        self.width = width
        self.height = height
        self.title = title
        self.provisionalFrom = provisionalFrom
        self.domain = domain
    }

    public var svg: String {
        let measured = values.compactMap { $0 }
        guard !measured.isEmpty else {
            return SVGText.empty(width: width, height: height, title: title, kind: "sparkline", message: "no data")
        }
        var span = measured
        if let domain { span += [domain.lowerBound, domain.upperBound] }
        if let low = band?.low { span.append(low) }
        if let high = band?.high { span.append(high) }
        let pad = 2.0
        let y = LinearScale(domain: (span.min()!)...(span.max()!), from: height - pad, to: pad)
        let x = LinearScale(domain: 0...Double(Swift.max(values.count - 1, 1)), from: pad, to: width - pad)
        var svg = SVGText.open(width: width, height: height, title: title, kind: "sparkline")
        if let band, band.low != nil || band.high != nil {
            let top = y(band.high ?? span.max()!)
            let bottom = y(band.low ?? span.min()!)
            svg += "<rect class=\"target-band\" x=\"0\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(width))\" height=\"\(SVGText.number(Swift.max(bottom - top, 0)))\" fill=\"\(ChartPalette.band)\"/>"
        }
        // A gap in the data is a gap in the line, not a line drawn through nothing.
        let line = ProvisionalLine(provisionalFrom: provisionalFrom)
        for run in LineChart.runs(of: values) {
            if run.count == 1 {
                svg += "<circle cx=\"\(SVGText.number(x(Double(run[0].index))))\" cy=\"\(SVGText.number(y(run[0].value)))\" r=\"1.5\" fill=\"\(ChartPalette.colour(0))\"/>"
            } else {
                svg += line.polylines(run, point: { "\(SVGText.number(x(Double($0.index)))),\(SVGText.number(y($0.value)))" }, stroke: ChartPalette.colour(0), width: 1.5)
            }
        }
        if let last = values.indices.last(where: { values[$0] != nil }) {
            svg += "<circle class=\"last\" cx=\"\(SVGText.number(x(Double(last))))\" cy=\"\(SVGText.number(y(values[last]!)))\" r=\"2.5\" fill=\"\(ChartPalette.colour(0))\"/>"
        }
        return svg + "</svg>"
    }
}
