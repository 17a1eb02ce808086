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

    /// `bottom`: the room under the axis for the category names; `leftAtLeast`: room on the
    /// left for a first name that runs that way.
    /// `labelledBars`: room above the top of the axis for the value written over a bar that
    /// reaches it.
    init(
        width: Double, height: Double, axis: NiceAxis, format: @escaping ChartValueFormat, legendRows: Int,
        bottom: Double = BarNames.levelDepth, leftAtLeast: Double = 0, labelledBars: Bool = false
    ) {
        self.width = width
        self.height = height
        self.axis = axis
        self.format = format
        let longestTick = axis.ticks.map { format($0).count }.max() ?? 1
        left = Swift.max(Double(Swift.max(longestTick, 2)) * 6.5 + 10, leftAtLeast)
        right = 12
        top = 10 + Double(legendRows) * 16 + (labelledBars ? Self.barLabelRoom : 0)
        self.bottom = bottom
    }

    /// The frame for bars named `names`: as tall as asked for above the axis, and taller below
    /// by what turned names need beyond a level row; wide enough on the left for the first one.
    static func forBars(
        named names: [String], width: Double, height: Double, axis: NiceAxis, format: @escaping ChartValueFormat, legendRows: Int
    ) -> (frame: PlotFrame, names: BarNames) {
        var frame = PlotFrame(width: width, height: height, axis: axis, format: format, legendRows: legendRows, labelledBars: true)
        var laidOut = BarNames(names, slotWidth: frame.plotWidth / Double(Swift.max(names.count, 1)))
        // Twice: room on the left narrows the slots, which can change how the names are set.
        for _ in 0..<2 where laidOut.turned {
            let slotWidth = frame.plotWidth / Double(Swift.max(names.count, 1))
            frame = PlotFrame(
                width: width, height: height + laidOut.depth - BarNames.levelDepth, axis: axis, format: format, legendRows: legendRows,
                bottom: laidOut.depth, leftAtLeast: laidOut.reach - slotWidth / 2 + 4, labelledBars: true)
            laidOut = BarNames(names, slotWidth: frame.plotWidth / Double(Swift.max(names.count, 1)))
        }
        return (frame, laidOut)
    }

    /// A bar's value is written 4 px over it in 11 px type.
    static let barLabelRoom = 12.0

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

    /// The bars' names under the box, level or turned as `names` says.
    func categoryAxis(_ names: BarNames) -> String {
        var svg = "<g class=\"x-axis\">" + axisLine()
        for (index, name) in names.shown.enumerated() where index % names.every == 0 {
            let (x, width) = slot(index, of: names.shown.count)
            guard names.turned else {
                svg += levelLabel(name, centre: x + width / 2)
                continue
            }
            let (centre, y) = (SVGText.number(x + width / 2), SVGText.number(baseline + 12))
            svg += "<text x=\"\(centre)\" y=\"\(y)\" text-anchor=\"end\" transform=\"rotate(-45 \(centre) \(y))\" "
                + "font-size=\"11\" fill=\"\(ChartPalette.label)\">\(SVGText.escape(name))</text>"
        }
        return svg + "</g>"
    }

    /// Labels of a time axis under the box (days, weeks), thinned so they never overlap.
    func categoryAxis(_ labels: [String]) -> String {
        guard !labels.isEmpty else { return "" }
        let widest = Double(labels.map(\.count).max() ?? 1) * BarNames.characterWidth + 8
        let slotWidth = plotWidth / Double(labels.count)
        let every = Swift.max(1, Int((widest / slotWidth).rounded(.up)))
        var svg = "<g class=\"x-axis\">" + axisLine()
        for (index, label) in labels.enumerated() where index % every == 0 {
            let (x, width) = slot(index, of: labels.count)
            svg += levelLabel(label, centre: x + width / 2)
        }
        return svg + "</g>"
    }

    private var baseline: Double { top + plotHeight }

    private func axisLine() -> String {
        let y = SVGText.number(baseline)
        return "<line x1=\"\(SVGText.number(left))\" x2=\"\(SVGText.number(left + plotWidth))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"\(ChartPalette.axis)\" stroke-width=\"1\"/>"
    }

    private func levelLabel(_ text: String, centre: Double) -> String {
        "<text x=\"\(SVGText.number(centre))\" y=\"\(SVGText.number(baseline + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ChartPalette.label)\">\(SVGText.escape(text))</text>"
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
