/// One bar per category, from zero, each labelled with its value.
public struct BarChart: Sendable {
    public var labels: [String]
    public var values: [Double?]
    public var width: Double
    public var height: Double
    public var title: String
    public var format: ChartValueFormat
    public var band: ChartBand?
    /// A target band for each bar, when the bars are not all judged by the same target (the
    /// stores of a group, each with targets of its own); drawn behind its bar only, in place of `band`.
    public var bandOfEachBar: [ChartBand?]?
    public var steps: AxisSteps
    /// The whole of a closed scale (a rating of 1 to 5), when the axis should show it rather
    /// than stretch to the next round number above the bars (a rating axis up to 6).
    public var scale: ClosedRange<Double>?
    /// Why a bar's figure should not be read alone ("on 11 leads, too few to read alone"), by
    /// bar; nil where it can. Such a bar is drawn pale and its hover says why: a rate on a
    /// dozen leads drawn as firmly as one on a thousand reads as a finding.
    public var caveats: [String?]

    public init(
        labels: [String], values: [Double?], band: ChartBand? = nil, bandOfEachBar: [ChartBand?]? = nil, width: Double = 640, height: Double = 220,
        title: String, steps: AxisSteps = .decimal, scale: ClosedRange<Double>? = nil, caveats: [String?] = [], format: @escaping ChartValueFormat
    ) {
        self.scale = scale
        self.caveats = caveats
        self.labels = labels
        self.values = values
        self.band = band
        self.bandOfEachBar = bandOfEachBar
        self.steps = steps
        self.width = width
        self.height = height
        self.title = title
        self.format = format
    }

    public var svg: String {
        let measured = values.compactMap { $0 }
        guard !measured.isEmpty, !labels.isEmpty else {
            return SVGText.empty(width: width, height: height, title: title, kind: "bar", message: "No data in this window yet")
        }
        let axis = scale.map { NiceAxis(from: 0, to: $0.upperBound) } ?? NiceAxis(covering: measured, includeZero: true, steps: steps)
        let (frame, names) = PlotFrame.forBars(named: labels, width: width, height: height, axis: axis, format: format, legendRows: 0)
        let y = frame.y
        var svg = SVGText.open(width: width, height: frame.height, title: title, kind: "bar")
        if let bandOfEachBar {
            for (index, band) in bandOfEachBar.enumerated() where index < labels.count {
                svg += frame.band(band, across: frame.slot(index, of: labels.count))
            }
        } else {
            svg += frame.band(band)
        }
        svg += frame.valueAxis()
        for (index, value) in values.enumerated() where index < labels.count {
            guard let value else { continue }
            let slot = frame.slot(index, of: labels.count)
            let barWidth = slot.width * 0.7
            let x = slot.x + (slot.width - barWidth) / 2
            let top = Swift.min(y(value), y(0))
            let length = abs(y(0) - y(value))
            let colour = ChartPalette.colour(0)
            var hover = "\(labels[index]): \(format(value))"
            var paint = "class=\"bar\" fill=\"\(colour)\""
            if let caveat = caveat(of: index) {
                hover += " (\(caveat))"
                paint = "class=\"bar pale\" fill=\"\(colour)\" fill-opacity=\"\(ChartPalette.paleOpacity)\" stroke=\"\(colour)\" stroke-dasharray=\"3 2\""
            }
            svg += "<rect \(paint) x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(barWidth))\" height=\"\(SVGText.number(length))\" "
            svg += "data-value=\"\(SVGText.number(value))\"><title>\(SVGText.escape(hover))</title></rect>"
            if barWidth >= 24 {
                svg += "<text x=\"\(SVGText.number(x + barWidth / 2))\" y=\"\(SVGText.number(top - 4))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ChartPalette.label)\">\(SVGText.escape(format(value)))</text>"
            }
        }
        return svg + frame.categoryAxis(names) + "</svg>"
    }

    /// Whether a bar that is drawn has a caveat: the page then says what pale means.
    public var hasPaleBars: Bool {
        values.indices.contains { values[$0] != nil && $0 < labels.count && caveat(of: $0) != nil }
    }

    private func caveat(of index: Int) -> String? {
        index < caveats.count ? caveats[index] : nil
    }
}
