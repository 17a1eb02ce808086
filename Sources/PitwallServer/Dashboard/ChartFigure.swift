import PitwallCharts
import PitwallCore

/// A chart as a page shows it: what it shows, said above it (the picture's own title is read
/// only on hover, and charts side by side under one heading otherwise leave the reader to
/// guess), and under it what its pale bars mean when it has any.
struct ChartFigure: Sendable {
    var caption: String
    var svg: String
    var note: String?
    /// What the bars alone do not say, under the chart (the speed page's waits like for like).
    var finding: String?

    init(caption: String, svg: String, note: String? = nil) {
        self.caption = caption
        self.svg = svg
        self.note = note
    }

    /// `counted`: what each bar's figure rests on, named by `noun` ("leads"); a bar on fewer
    /// than `fewest` is drawn pale, its hover and the note saying so.
    init(caption: String, bars: BarChart, counted: [Double?], noun: String, fewest: Double = KPIJudgement.judgedSample) {
        var chart = bars
        chart.caveats = counted.map { count in
            guard let count, count < fewest else { return nil }
            return Self.caveat(on: "\(KPIFormatting.grouped(Int64(count.rounded()))) \(noun)")
        }
        self.init(
            caption: caption, svg: chart.svg,
            note: chart.hasPaleBars ? "Pale bars rest on fewer than \(Int(fewest)) \(noun): read them as hints, not findings." : nil)
    }

    /// A pale bar's hover: "on 11 leads, too few to read alone".
    static func caveat(on basis: String) -> String {
        "on \(basis), too few to read alone"
    }
}
