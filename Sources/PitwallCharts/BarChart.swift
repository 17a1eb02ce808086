/// One bar per category, from zero, each labelled with its value.
public struct BarChart: Sendable {
    public var labels: [String]
    public var values: [Double?]
    public var width: Double
    public var height: Double
    public var title: String
    public var format: ChartValueFormat
    public var band: ChartBand?

    public init(
        labels: [String], values: [Double?], band: ChartBand? = nil, width: Double = 640, height: Double = 220, title: String,
        format: @escaping ChartValueFormat
    ) {
        self.labels = labels
        self.values = values
        self.band = band
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
        let frame = PlotFrame(width: width, height: height, axis: NiceAxis(covering: measured, includeZero: true), format: format, legendRows: 0)
        let y = frame.y
        var svg = SVGText.open(width: width, height: height, title: title, kind: "bar")
        svg += frame.band(band) + frame.valueAxis()
        for (index, value) in values.enumerated() where index < labels.count {
            guard let value else { continue }
            let slot = frame.slot(index, of: labels.count)
            let barWidth = slot.width * 0.7
            let x = slot.x + (slot.width - barWidth) / 2
            let top = Swift.min(y(value), y(0))
            let length = abs(y(0) - y(value))
            svg += "<rect class=\"bar\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(barWidth))\" height=\"\(SVGText.number(length))\" "
            svg += "fill=\"\(ChartPalette.colour(0))\" data-value=\"\(SVGText.number(value))\"><title>\(SVGText.escape("\(labels[index]): \(format(value))"))</title></rect>"
            if barWidth >= 24 {
                svg += "<text x=\"\(SVGText.number(x + barWidth / 2))\" y=\"\(SVGText.number(top - 4))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ChartPalette.label)\">\(SVGText.escape(format(value)))</text>"
            }
        }
        return svg + frame.categoryAxis(labels, centred: true) + "</svg>"
    }
}
