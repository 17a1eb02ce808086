/// A grid of cells shaded by value: where in the day, and at which store, things go well or badly.
public struct Heatmap: Sendable {
    public var rows: [String]
    public var columns: [String]
    /// `cells[row][column]`; nil where nothing was measured (drawn hatched grey, not as zero).
    public var cells: [[Double?]]
    public var title: String
    public var format: ChartValueFormat
    /// Whether a high value is the good end (reply rate) or the bad end (response time).
    public var higherIsBetter: Bool
    public var cellWidth: Double
    public var cellHeight: Double

    public init(
        rows: [String], columns: [String], cells: [[Double?]], title: String, higherIsBetter: Bool, cellWidth: Double = 26, cellHeight: Double = 22,
        format: @escaping ChartValueFormat
    ) {
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.title = title
        self.higherIsBetter = higherIsBetter
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.format = format
    }

    var rowLabelWidth: Double { Double(rows.map(\.count).max() ?? 1) * 6.5 + 10 }
    public var width: Double { rowLabelWidth + Double(columns.count) * cellWidth + 4 }
    public var height: Double { 18 + Double(rows.count) * cellHeight + 4 }

    public var svg: String {
        let measured = cells.flatMap { $0.compactMap { $0 } }
        guard !measured.isEmpty, !rows.isEmpty, !columns.isEmpty else {
            return SVGText.empty(width: 320, height: 80, title: title, kind: "heatmap", message: "No data in this window yet")
        }
        let low = measured.min()!
        let high = measured.max()!
        var svg = SVGText.open(width: width, height: height, title: title, kind: "heatmap")
        for (index, column) in columns.enumerated() {
            let x = rowLabelWidth + Double(index) * cellWidth + cellWidth / 2
            svg += "<text x=\"\(SVGText.number(x))\" y=\"12\" text-anchor=\"middle\" font-size=\"10\" fill=\"\(ChartPalette.label)\">\(SVGText.escape(column))</text>"
        }
        for (rowIndex, row) in rows.enumerated() {
            let y = 18 + Double(rowIndex) * cellHeight
            svg += "<text x=\"\(SVGText.number(rowLabelWidth - 6))\" y=\"\(SVGText.number(y + cellHeight / 2))\" text-anchor=\"end\" dominant-baseline=\"middle\" "
            svg += "font-size=\"11\" fill=\"\(ChartPalette.label)\">\(SVGText.escape(row))</text>"
            for columnIndex in columns.indices {
                let x = rowLabelWidth + Double(columnIndex) * cellWidth
                let value = rowIndex < cells.count && columnIndex < cells[rowIndex].count ? cells[rowIndex][columnIndex] : nil
                let place = "x=\"\(SVGText.number(x + 1))\" y=\"\(SVGText.number(y + 1))\" width=\"\(SVGText.number(cellWidth - 2))\" height=\"\(SVGText.number(cellHeight - 2))\""
                guard let value else {
                    svg += "<rect class=\"cell empty\" \(place) fill=\"#f6f8fa\" stroke=\"\(ChartPalette.grid)\"><title>\(SVGText.escape("\(row), \(columns[columnIndex]): no data"))</title></rect>"
                    continue
                }
                let share = high > low ? (value - low) / (high - low) : 0.5
                svg += "<rect class=\"cell\" \(place) fill=\"\(Self.shade(goodness: higherIsBetter ? share : 1 - share))\" data-value=\"\(SVGText.number(value))\">"
                svg += "<title>\(SVGText.escape("\(row), \(columns[columnIndex]): \(format(value))"))</title></rect>"
            }
        }
        return svg + "</svg>"
    }

    /// From orange (0, the bad end) through pale to blue (1, the good end): a scale that
    /// stays readable for red-green colour blindness.
    static func shade(goodness: Double) -> String {
        let bad = (r: 188.0, g: 76.0, b: 0.0)
        let middle = (r: 246.0, g: 248.0, b: 250.0)
        let good = (r: 9.0, g: 105.0, b: 218.0)
        let t = Swift.min(Swift.max(goodness, 0), 1)
        let (from, to, share) = t < 0.5 ? (bad, middle, t * 2) : (middle, good, (t - 0.5) * 2)
        func channel(_ a: Double, _ b: Double) -> String {
            let value = Int((a + (b - a) * share).rounded())
            let hex = String(value, radix: 16)
            return value < 16 ? "0" + hex : hex
        }
        return "#" + channel(from.r, to.r) + channel(from.g, to.g) + channel(from.b, to.b)
    }
}
