/// One bar per category made of the series' layers, stacked from zero: the whole and its parts.
/// Negative values have no meaning in a stack and are drawn as zero.
public struct StackedBarChart: Sendable {
    public var labels: [String]
    public var series: [ChartSeries]
    public var width: Double
    public var height: Double
    public var title: String
    public var format: ChartValueFormat

    public init(labels: [String], series: [ChartSeries], width: Double = 640, height: Double = 220, title: String, format: @escaping ChartValueFormat) {
        self.labels = labels
        self.series = series
        self.width = width
        self.height = height
        self.title = title
        self.format = format
    }

    /// Each category's total height.
    var totals: [Double] {
        labels.indices.map { index in
            series.reduce(0) { sum, layer in sum + Swift.max(index < layer.values.count ? layer.values[index] ?? 0 : 0, 0) }
        }
    }

    public var svg: String {
        let totals = totals
        guard !labels.isEmpty, totals.contains(where: { $0 > 0 }) else {
            return SVGText.empty(width: width, height: height, title: title, kind: "stacked-bar", message: "No data in this window yet")
        }
        let frame = PlotFrame(
            width: width, height: height, axis: NiceAxis(covering: totals, includeZero: true), format: format, legendRows: series.count > 1 ? 1 : 0)
        let y = frame.y
        var svg = SVGText.open(width: width, height: height, title: title, kind: "stacked-bar")
        svg += PlotFrame.legend(series, width: width) + frame.valueAxis()
        for index in labels.indices {
            let slot = frame.slot(index, of: labels.count)
            let barWidth = slot.width * 0.7
            let x = slot.x + (slot.width - barWidth) / 2
            var base = 0.0
            for (layerIndex, layer) in series.enumerated() {
                let value = Swift.max(index < layer.values.count ? layer.values[index] ?? 0 : 0, 0)
                guard value > 0 else { continue }
                let top = y(base + value)
                svg += "<rect class=\"segment\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(top))\" width=\"\(SVGText.number(barWidth))\" "
                svg += "height=\"\(SVGText.number(y(base) - top))\" fill=\"\(ChartPalette.colour(of: series, layerIndex))\" data-value=\"\(SVGText.number(value))\">"
                svg += "<title>\(SVGText.escape("\(labels[index]), \(layer.name): \(format(value))"))</title></rect>"
                base += value
            }
        }
        return svg + frame.categoryAxis(labels) + "</svg>"
    }
}
