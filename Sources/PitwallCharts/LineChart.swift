/// Values over time, one line per series, with a value axis and the target band.
public struct LineChart: Sendable {
    public var labels: [String]
    public var series: [ChartSeries]
    public var band: ChartBand?
    public var width: Double
    public var height: Double
    public var title: String
    public var format: ChartValueFormat
    /// Start the value axis at zero (counts), or fit it to the data (rates that move a little).
    public var fromZero: Bool
    public var steps: AxisSteps
    /// Days something was changed (`ChartMarker`), drawn as dashed upright lines behind the series.
    public var markers: [ChartMarker] = []

    /// Each series draws its own days still coming in dashed (`ChartSeries.provisionalFrom`).
    public init(
        labels: [String], series: [ChartSeries], band: ChartBand? = nil, width: Double = 640, height: Double = 220, title: String,
        fromZero: Bool = false, steps: AxisSteps = .decimal, format: @escaping ChartValueFormat
    ) {
        self.labels = labels
        self.series = series
        self.band = band
        self.width = width
        self.height = height
        self.title = title
        self.fromZero = fromZero
        self.steps = steps
        self.format = format
    }

    public var svg: String {
        let measured = series.flatMap { $0.values.compactMap { $0 } }
        guard !measured.isEmpty, !labels.isEmpty else {
            return SVGText.empty(width: width, height: height, title: title, kind: "line", message: "No data in this window yet")
        }
        let axis = NiceAxis(covering: measured + (band?.reach(beside: measured) ?? []), includeZero: fromZero, steps: steps)
        let frame = PlotFrame(width: width, height: height, axis: axis, format: format, legendRows: series.count > 1 ? 1 : 0)
        let y = frame.y
        let x = { (index: Int) -> Double in
            let slot = frame.slot(index, of: labels.count)
            return slot.x + slot.width / 2
        }
        var svg = SVGText.open(width: width, height: height, title: title, kind: "line")
        svg += PlotFrame.legend(series, width: width)
        svg += frame.band(band) + frame.valueAxis() + frame.categoryAxis(labels)
        svg += Self.markers(markers.filter { labels.indices.contains($0.index) }, frame: frame, x: x)
        for (index, line) in series.enumerated() {
            let colour = ChartPalette.colour(of: series, index)
            svg += "<g class=\"series\" data-series=\"\(SVGText.escape(line.name))\">"
            let drawn = ProvisionalLine(provisionalFrom: line.provisionalFrom)
            for run in Self.runs(of: line.values) where run.count > 1 {
                svg += drawn.polylines(run, point: { "\(SVGText.number(x($0.index))),\(SVGText.number(y($0.value)))" }, stroke: colour, width: 2)
            }
            for (pointIndex, value) in line.values.enumerated() {
                guard let value, pointIndex < labels.count else { continue }
                svg += "<circle cx=\"\(SVGText.number(x(pointIndex)))\" cy=\"\(SVGText.number(y(value)))\" r=\"2.5\" fill=\"\(colour)\" data-value=\"\(SVGText.number(value))\">"
                let label = line.pointLabels.flatMap { pointIndex < $0.count ? $0[pointIndex] : nil } ?? labels[pointIndex]
                svg += "<title>\(SVGText.escape("\(label): \(format(value))"))</title></circle>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// Each marker's upright line across the plot, with a flag at its top that names it on hover.
    static func markers(_ markers: [ChartMarker], frame: PlotFrame, x: (Int) -> Double) -> String {
        guard !markers.isEmpty else { return "" }
        var svg = "<g class=\"markers\">"
        // Several changes on one day share one line, named together.
        for (index, named) in Dictionary(grouping: markers, by: \.index).sorted(by: { $0.key < $1.key }) {
            let at = SVGText.number(x(index))
            let (top, bottom) = (SVGText.number(frame.top), SVGText.number(frame.top + frame.plotHeight))
            svg += "<g class=\"marker\" data-index=\"\(index)\"><title>\(SVGText.escape(named.map(\.label).joined(separator: "\n")))</title>"
            svg += "<line x1=\"\(at)\" x2=\"\(at)\" y1=\"\(top)\" y2=\"\(bottom)\" stroke=\"\(ChartPalette.marker)\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
            svg += "<circle cx=\"\(at)\" cy=\"\(top)\" r=\"4\" fill=\"\(ChartPalette.marker)\"/></g>"
        }
        return svg + "</g>"
    }

    /// The unbroken stretches of a series: a nil ends one.
    static func runs(of values: [Double?]) -> [[(index: Int, value: Double)]] {
        var runs: [[(index: Int, value: Double)]] = []
        var current: [(index: Int, value: Double)] = []
        for (index, value) in values.enumerated() {
            if let value {
                current.append((index, value))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}
