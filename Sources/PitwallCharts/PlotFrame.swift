/// The box a chart draws in, its value axis with gridlines, and its category labels:
/// what the line, bar and stacked bar charts share.
struct PlotFrame {
    let width: Double
    let height: Double
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double
    let axis: NiceAxis
    let format: ChartValueFormat

    init(width: Double, height: Double, axis: NiceAxis, format: @escaping ChartValueFormat, legendRows: Int) {
        self.width = width
        self.height = height
        self.axis = axis
        self.format = format
        let longestTick = axis.ticks.map { format($0).count }.max() ?? 1
        left = Double(Swift.max(longestTick, 2)) * 6.5 + 10
        right = 12
        top = 10 + Double(legendRows) * 16
        bottom = 28
    }

    var plotWidth: Double { Swift.max(width - left - right, 1) }
    var plotHeight: Double { Swift.max(height - top - bottom, 1) }

    /// Values to pixels: the bottom of the box is the domain's low end.
    var y: LinearScale { LinearScale(domain: axis.domain, from: top + plotHeight, to: top) }

    /// The left edge of slot `index` of `count` equal slots across the box.
    func slot(_ index: Int, of count: Int) -> (x: Double, width: Double) {
        let width = plotWidth / Double(Swift.max(count, 1))
        return (left + Double(index) * width, width)
    }

    /// Gridlines and tick labels of the value axis.
    func valueAxis() -> String {
        var svg = "<g class=\"y-axis\">"
        let scale = y
        for tick in axis.ticks {
            let at = SVGText.number(scale(tick))
            svg += "<line x1=\"\(SVGText.number(left))\" x2=\"\(SVGText.number(left + plotWidth))\" y1=\"\(at)\" y2=\"\(at)\" stroke=\"\(ChartPalette.grid)\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(SVGText.number(left - 6))\" y=\"\(at)\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"\(ChartPalette.label)\" data-tick=\"\(SVGText.number(tick))\">\(SVGText.escape(format(tick)))</text>"
        }
        return svg + "</g>"
    }

    /// Category labels under the box, thinned so they never overlap.
    func categoryAxis(_ labels: [String], centred: Bool) -> String {
        guard !labels.isEmpty else { return "" }
        let widest = Double(labels.map(\.count).max() ?? 1) * 6.5 + 8
        let slotWidth = plotWidth / Double(labels.count)
        let every = Swift.max(1, Int((widest / slotWidth).rounded(.up)))
        var svg = "<g class=\"x-axis\">"
        let baseline = SVGText.number(top + plotHeight)
        svg += "<line x1=\"\(SVGText.number(left))\" x2=\"\(SVGText.number(left + plotWidth))\" y1=\"\(baseline)\" y2=\"\(baseline)\" stroke=\"\(ChartPalette.axis)\" stroke-width=\"1\"/>"
        for (index, label) in labels.enumerated() where index % every == 0 {
            let (x, width) = slot(index, of: labels.count)
            let at = centred ? x + width / 2 : x
            svg += "<text x=\"\(SVGText.number(at))\" y=\"\(SVGText.number(top + plotHeight + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ChartPalette.label)\">\(SVGText.escape(label))</text>"
        }
        return svg + "</g>"
    }

    /// The green zone behind the data, clipped to the box.
    /// Across the whole box, or only across `span` (one bar's slot, for a bar judged by a
    /// target of its own).
    func band(_ band: ChartBand?, across span: (x: Double, width: Double)? = nil) -> String {
        guard let band else { return "" }
        let scale = y
        let low = Swift.max(band.low ?? axis.domain.lowerBound, axis.domain.lowerBound)
        let high = Swift.min(band.high ?? axis.domain.upperBound, axis.domain.upperBound)
        guard high > low else { return "" }
        let (x, width) = span ?? (left, plotWidth)
        return "<rect class=\"target-band\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(scale(high)))\" width=\"\(SVGText.number(width))\" "
            + "height=\"\(SVGText.number(scale(low) - scale(high)))\" fill=\"\(ChartPalette.band)\"/>"
    }

    /// A one-line legend at the top; nothing for a single unnamed series.
    static func legend(_ series: [ChartSeries], width: Double) -> String {
        let names = series.map(\.name)
        guard names.count > 1 else { return "" }
        var svg = "<g class=\"legend\" font-size=\"11\" fill=\"\(ChartPalette.label)\">"
        var x = 8.0
        for (index, name) in names.enumerated() {
            svg += "<rect x=\"\(SVGText.number(x))\" y=\"4\" width=\"10\" height=\"10\" fill=\"\(ChartPalette.colour(of: series, index))\"/>"
            svg += "<text x=\"\(SVGText.number(x + 14))\" y=\"13\">\(SVGText.escape(name))</text>"
            x += 24 + Double(name.count) * 6.5
            if x > width - 40 { break }
        }
        return svg + "</g>"
    }
}
