import Foundation
import Testing

@testable import PitwallCharts

@Suite("SVG charts: valid SVG, true scales, honest gaps")
struct ChartTests {
    let plain: ChartValueFormat = { SVGText.number($0) }
    let percent: ChartValueFormat = { "\(Int(($0 * 100).rounded()))%" }

    @Test("a linear scale maps the ends of its domain onto the ends of its span, either way round")
    func scale() {
        let up = LinearScale(domain: 0...10, from: 200, to: 0)
        #expect(up(0) == 200)
        #expect(up(10) == 0)
        #expect(up(2.5) == 150)
        let flat = LinearScale(domain: 3...3, from: 0, to: 100)
        #expect(flat(3) == 50)
    }

    @Test(
        "nice axes have round limits and ticks, from zero when asked",
        arguments: [
            ([3.7, 39.1], true, 0.0, 40.0, [0.0, 10, 20, 30, 40]),
            ([0.062, 0.118], false, 0.06, 0.12, [0.06, 0.08, 0.1, 0.12]),
            ([0.1, 0.7], false, 0.0, 0.8, [0.0, 0.2, 0.4, 0.6, 0.8]),
            ([0.0, 0.0], true, 0.0, 1.0, [0.0, 0.25, 0.5, 0.75, 1]),
            ([250.0], true, 0.0, 300.0, [0.0, 100, 200, 300]),
            ([-20.0, 35.0], true, -20.0, 40.0, [-20.0, 0, 20, 40]),
        ])
    func niceAxis(values: [Double], fromZero: Bool, low: Double, high: Double, ticks: [Double]) {
        let axis = NiceAxis(covering: values, includeZero: fromZero)
        #expect(axis.domain == low...high)
        #expect(axis.ticks == ticks)
    }

    @Test(
        "a duration axis steps as a clock is read: whole minutes, half hours, weeks; decimals below a second",
        arguments: [
            // The speed-to-lead bars of the demo: 2 min 46 s at most. Decimal steps gave 0 s, 50 s, 1 min 40 s, ...
            ([28.0, 166], true, 0.0, 180.0, [0.0, 60, 120, 180]),
            // A trend under a 5-minute target band.
            ([40.0, 300], true, 0.0, 300.0, [0.0, 60, 120, 180, 240, 300]),
            ([20.0, 95], false, 0.0, 120.0, [0.0, 30, 60, 90, 120]),
            ([600.0, 5400], true, 0.0, 5400.0, [0.0, 1800, 3600, 5400]),
            ([0.0, 1_814_400], true, 0.0, 1_814_400.0, [0.0, 604_800, 1_209_600, 1_814_400]),
            // Beyond a week: whole days, decimal steps of them (20 days).
            ([0.0, 5_184_000], true, 0.0, 5_184_000.0, [0.0, 1_728_000, 3_456_000, 5_184_000]),
            // API response times: under a second the steps stay decimal.
            ([0.21, 0.31], true, 0.0, 0.4, [0.0, 0.1, 0.2, 0.3, 0.4]),
        ])
    func durationAxis(values: [Double], fromZero: Bool, low: Double, high: Double, ticks: [Double]) {
        let axis = NiceAxis(covering: values, includeZero: fromZero, steps: .duration)
        #expect(axis.domain == low...high)
        #expect(axis.ticks == ticks)
    }

    @Test("a bar chart of durations labels its ticks in whole minutes")
    func durationBars() throws {
        let minutes: ChartValueFormat = { $0.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int($0 / 60)) min" : "\(Int($0 / 60)) min \(Int($0.truncatingRemainder(dividingBy: 60))) s" }
        let chart = BarChart(labels: ["website", "phone"], values: [30, 166], title: "Response time by source", steps: .duration, format: minutes)
        let svg = try SVGDocument(parsing: chart.svg)
        let ticks = svg.all("text").filter { $0.attributes["data-tick"] != nil }.map(\.text)
        #expect(ticks == ["0 min", "1 min", "2 min", "3 min"])
        let decimal = try SVGDocument(parsing: BarChart(labels: ["website", "phone"], values: [30, 166], title: "t", format: minutes).svg)
        #expect(decimal.all("text").filter { $0.attributes["data-tick"] != nil }.map(\.text).contains("0 min 50 s"))
    }

    @Test("a closed scale is drawn whole: a rating axis from 0 to 5 in steps of 1, not to 6")
    func closedScale() throws {
        #expect(NiceAxis(from: 0, to: 5).ticks == [0, 1, 2, 3, 4, 5])
        #expect(NiceAxis(from: 0, to: 100).ticks == [0, 25, 50, 75, 100])
        #expect(NiceAxis(from: 0, to: 7).ticks == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(NiceAxis(from: 0, to: 0.3).ticks == [0, 0.1, 0.2, 0.3])
        #expect(NiceAxis(covering: [4.4, 5], includeZero: true).domain == 0...6, "left to itself the axis overshoots a rating")
        let chart = BarChart(labels: ["0-5 min", "over 24 h"], values: [4.4, 3.1], title: "t", scale: 1...5, format: { String($0) })
        let svg = try SVGDocument(parsing: chart.svg)
        #expect(svg.all("text").compactMap { $0.attributes["data-tick"] } == ["0", "1", "2", "3", "4", "5"])
    }

    @Test("numbers in SVG have at most two decimals and escape what XML needs escaped")
    func text() {
        #expect(SVGText.number(12) == "12")
        #expect(SVGText.number(12.5) == "12.5")
        #expect(SVGText.number(-3.256) == "-3.26")
        #expect(SVGText.number(0.05) == "0.05")
        #expect(SVGText.number(.nan) == "0")
        #expect(SVGText.escape(#"<Tom & "Jerry's">"#) == "&lt;Tom &amp; &quot;Jerry&#39;s&quot;&gt;")
    }

    @Test("bars start at zero and their heights are proportional to their values")
    func barHeights() throws {
        let chart = BarChart(labels: ["0-5 min", "5-30 min", "30+ min"], values: [10, 5, 0], width: 400, height: 200, title: "Leads by response time", format: plain)
        let svg = try SVGDocument(parsing: chart.svg)
        #expect(svg.root?.name == "svg")
        #expect(svg.root?.attributes["role"] == "img")
        #expect(svg.all("title").first?.text == "Leads by response time")
        let bars = svg.all("rect", class: "bar")
        #expect(bars.map { $0.number("data-value") } == [10, 5, 0])
        let heights = bars.compactMap { $0.number("height") }
        #expect(heights.count == 3)
        // Axis 0...10; the plot is 200 - 22 (top, with room for the tallest bar's label) - 28 (bottom) = 150 high.
        #expect(abs(heights[0] - 150) < 0.02)
        #expect(abs(heights[1] - 75) < 0.02)
        // The tallest bar's value is written over it inside the picture, not cut off at its top.
        let label = try #require(svg.all("text").first { $0.text == "10" && $0.attributes["data-tick"] == nil })
        #expect(try #require(label.number("y")) - 11 >= 0)
        #expect(heights[2] == 0)
        // Every bar stands on the same baseline.
        let bottoms = bars.compactMap { bar in bar.number("y").flatMap { y in bar.number("height").map { y + $0 } } }
        #expect(Set(bottoms.map { ($0 * 100).rounded() }).count == 1)
        #expect(svg.all("text").contains { $0.text == "10" && $0.attributes["data-tick"] == "10" })
    }

    @Test("bars judged by targets of their own each have their target shaded behind them alone")
    func bandOfEachBar() throws {
        let own: [ChartBand?] = [ChartBand(low: 35, high: 45), ChartBand(low: 20, high: 30), nil]
        let values: [Double?] = [40, 24, 30]
        let chart = BarChart(
            labels: ["Lakeside", "Used Direct", "Harbor"], values: values, band: ChartBand(low: 35, high: 45), bandOfEachBar: own,
            width: 400, height: 200, title: "Average sale by store", format: plain)
        let svg = try SVGDocument(parsing: chart.svg)
        let bands = svg.all("rect", class: "target-band")
        #expect(bands.count == 2, "no band behind a bar without a target")
        let bars = svg.all("rect", class: "bar")
        // Axis 0...40 (nice), 150 high from y = 22: 35-40 (clipped at the top) and 20-30.
        let lakesideHeight = try #require(bands[0].number("height"))
        let usedHeight = try #require(bands[1].number("height"))
        let usedTop = try #require(bands[1].number("y"))
        let pixelsPerUnit = 150.0 / 40
        #expect(abs(lakesideHeight - 5 * pixelsPerUnit) < 0.02)
        #expect(abs(usedHeight - 10 * pixelsPerUnit) < 0.02)
        #expect(abs(usedTop - (22 + 10 * pixelsPerUnit)) < 0.02)
        // Each band spans its own bar's slot and nothing of its neighbours'.
        for (band, bar) in zip(bands, bars) {
            let left = try #require(band.number("x")), width = try #require(band.number("width"))
            let barLeft = try #require(bar.number("x")), barWidth = try #require(bar.number("width"))
            #expect(left <= barLeft && barLeft + barWidth <= left + width)
            #expect(abs(width - barWidth / 0.7) < 0.02)
        }
    }

    @Test("a breakdown whose names do not fit level turns them, so every bar keeps its name, inside the picture")
    func turnedNames() throws {
        let sources = ["autotrader", "cargurus", "cars_com", "facebook_ads", "google_ads", "phone", "truecar", "walk_in", "website"]
        let values: [Double?] = [0.039, 0.047, 0.027, 0.016, 0.066, 0.174, 0.029, 0.25, 0.059]
        let svg = try SVGDocument(parsing: BarChart(labels: sources, values: values, width: 720, height: 240, title: "By source", format: percent).svg)
        let names = svg.all("text").filter { $0.attributes["transform"] != nil }
        #expect(names.map(\.text) == sources, "level, 'facebook_ads' is wider than its bar's slot: every other name was dropped")
        let height = try #require(svg.root?.number("height"))
        #expect(svg.root?.attributes["viewBox"] == "0 0 720 \(SVGText.number(height))")
        for name in names {
            let x = try #require(name.number("x")), y = try #require(name.number("y"))
            #expect(name.attributes["transform"] == "rotate(-45 \(SVGText.number(x)) \(SVGText.number(y)))")
            #expect(name.attributes["text-anchor"] == "end")
            // Turned 45 degrees, a name runs from its bar's centre down and to the left, as far each way.
            let run = Double(name.text.count) * 6.5 * 0.5.squareRoot()
            #expect(x - run >= 0, "\(name.text) runs off the left edge")
            #expect(y + run <= height, "\(name.text) runs off the bottom")
        }
        // The bars are as tall as under level names: the picture grows below the axis instead.
        let short = try SVGDocument(
            parsing: BarChart(labels: sources.map { String($0.prefix(2)) }, values: values, width: 720, height: 240, title: "t", format: percent).svg)
        #expect(short.root?.number("height") == 240)
        #expect(short.all("text").allSatisfy { $0.attributes["transform"] == nil })
        let heights = { (document: SVGDocument) in document.all("rect", class: "bar").compactMap { $0.number("height") } }
        #expect(zip(heights(svg), heights(short)).allSatisfy { abs($0 - $1) < 0.02 })
        #expect(heights(svg).count == 9)
    }

    @Test("a name longer than 24 characters is cut with an ellipsis and kept whole in its bar's tooltip")
    func longNames() throws {
        let campaign = "spring_sale_2026_facebook_retargeting"
        let svg = try SVGDocument(parsing: BarChart(labels: [campaign, "email"], values: [3, 4], width: 300, height: 200, title: "t", format: plain).svg)
        let names = svg.all("text").filter { $0.attributes["transform"] != nil }.map(\.text)
        #expect(names == ["spring_sale_2026_facebo…", "email"])
        #expect(names[0].count == 24)
        #expect(svg.all("title").contains { $0.text == "\(campaign): 3" })
    }

    @Test("with more bars than turned names can take, every second or third name is drawn, none overlapping")
    func manyNames() throws {
        let agents = (1...60).map { "agent-\($0)" }
        let svg = try SVGDocument(
            parsing: BarChart(labels: agents, values: agents.indices.map { Double($0) }, width: 640, height: 220, title: "t", format: plain).svg)
        let names = svg.all("text").filter { $0.attributes["transform"] != nil }
        let xs = names.compactMap { $0.number("x") }
        #expect(names.count > 1 && names.count < 60)
        #expect(names.first?.text == "agent-1")
        // Turned names are parallel; they clear each other when their baselines are 12 apart.
        let spacing = (xs[1] - xs[0]) * 0.5.squareRoot()
        #expect(spacing >= 12)
        #expect(spacing < 24, "thinned no more than needed")
    }

    @Test("a bar with no value is left out, not drawn as zero")
    func missingBar() throws {
        let svg = try SVGDocument(parsing: BarChart(labels: ["a", "b", "c"], values: [4, nil, 2], title: "t", format: plain).svg)
        #expect(svg.all("rect", class: "bar").map { $0.number("data-value") } == [4, 2])
    }

    @Test("a bar with a caveat is drawn pale in a dashed outline and says why on hover; the others as before, and a caveat on an empty bar draws nothing")
    func paleBars() throws {
        let caveats: [String?] = [nil, "on 11 leads, too few to read alone", "on 2 leads"]
        let chart = BarChart(labels: ["0-5 min", "15-60 min", "never"], values: [0.1, 0.09, nil], title: "t", caveats: caveats, format: plain)
        let svg = try SVGDocument(parsing: chart.svg)
        let bars = svg.all("rect", class: "bar")
        #expect(bars.map { $0.number("data-value") } == [0.1, 0.09])
        #expect(bars[0].attributes["class"] == "bar" && bars[0].attributes["fill-opacity"] == nil && bars[0].attributes["stroke-dasharray"] == nil)
        #expect(bars[1].attributes["class"] == "bar pale")
        #expect(bars[1].attributes["fill-opacity"] == "0.3" && bars[1].attributes["stroke-dasharray"] == "3 2")
        let hovers = svg.all("title").map(\.text)
        #expect(hovers.contains("0-5 min: 0.1") && hovers.contains("15-60 min: 0.09 (on 11 leads, too few to read alone)"), "\(hovers)")
        #expect(chart.hasPaleBars)
        // The only caveat on a bar with nothing to draw: nothing pale to explain.
        let emptyOnly = BarChart(labels: ["a", "b"], values: [3, nil], title: "t", caveats: [nil, "on 0 leads"], format: plain)
        #expect(!emptyOnly.hasPaleBars)
        #expect(try SVGDocument(parsing: emptyOnly.svg).all("rect", class: "pale").isEmpty)
        // Fewer caveats than bars: the rest have none.
        #expect(!BarChart(labels: ["a", "b"], values: [3, 4], title: "t", caveats: [nil], format: plain).hasPaleBars)
    }

    @Test("a line chart puts each point at its value on the axis and breaks the line at a gap")
    func linePoints() throws {
        let chart = LineChart(
            labels: ["Mon", "Tue", "Wed", "Thu", "Fri"], series: [ChartSeries(name: "Reply rate", values: [0.2, 0.4, nil, 0.3, 0.1])],
            band: ChartBand(low: 0.25, high: 0.35), width: 500, height: 200, title: "Reply rate by day", fromZero: true, format: percent)
        let svg = try SVGDocument(parsing: chart.svg)
        let points = svg.all("circle")
        #expect(points.map { $0.number("data-value") } == [0.2, 0.4, 0.3, 0.1])
        // Axis 0...0.4 (nice), plot from y=10 to y=172: 0.2 sits half way, 0.4 at the top.
        let ys = points.compactMap { $0.number("cy") }
        #expect(abs(ys[0] - 91) < 0.02)
        #expect(abs(ys[1] - 10) < 0.02)
        // x: equal slots, centred; Wed (index 2) has no point, Thu is three slots after Mon.
        let xs = points.compactMap { $0.number("cx") }
        #expect(abs((xs[2] - xs[0]) - 3 * (xs[1] - xs[0])) < 0.05)
        // Two runs: Mon-Tue and Thu-Fri, so two polylines, none across Wednesday.
        #expect(svg.all("polyline").count == 2)
        let band = try #require(svg.all("rect", class: "target-band").first)
        #expect(abs(try #require(band.number("height")) - 0.1 / 0.4 * 162) < 0.02)
        #expect(svg.all("title").contains { $0.text == "Thu: 30%" })
    }

    @Test("a change is marked by a dashed upright line through its day's points, several on one day named together, one off the axis left out")
    func markers() throws {
        var chart = LineChart(
            labels: ["Mon", "Tue", "Wed", "Thu", "Fri"], series: [ChartSeries(name: "Reply rate", values: [0.2, 0.4, 0.3, 0.3, 0.1])],
            width: 500, height: 200, title: "Reply rate by day", fromZero: true, format: percent)
        chart.markers = [
            ChartMarker(index: 3, label: "New template"), ChartMarker(index: 1, label: "Send time <moved>"), ChartMarker(index: 3, label: "Routing by shift"),
            ChartMarker(index: 9, label: "Outside the chart"),
        ]
        let svg = try SVGDocument(parsing: chart.svg)
        let lines = svg.all("line").filter { $0.attributes["stroke-dasharray"] == "4 3" }
        let xs = svg.all("circle").filter { $0.attributes["data-value"] != nil }.compactMap { $0.number("cx") }
        #expect(lines.map { $0.number("x1") } == [xs[1], xs[3]], "one line a day marked, through that day's point")
        // From the top of the plot down to the zero line, where the points' axis starts.
        #expect(lines.allSatisfy { $0.number("y1") == 10 && $0.number("y2") == 172 }, "\(lines)")
        let titles = svg.all("title").map(\.text)
        #expect(titles.contains("Send time <moved>") && titles.contains("New template\nRouting by shift"), "\(titles)")
        #expect(!titles.contains { $0.contains("Outside the chart") })
        // Without markers, nothing is drawn for them.
        chart.markers = []
        #expect(!chart.svg.contains("class=\"markers\""))
    }

    @Test("a target open on one side shows beside values that miss it: 'at least 95 %' above days at 94 %, 'at most 5 %' below days at 6 %")
    func oneSidedBandShows() throws {
        for (values, band) in [([0.942, 0.948], ChartBand(low: 0.95, high: nil)), ([0.06, 0.064], ChartBand(low: nil, high: 0.05))] {
            let chart = LineChart(
                labels: ["2 Dec", "3 Dec"], series: [ChartSeries(name: "Rate", values: values)], band: band, width: 500, height: 200, title: "Rate",
                format: percent)
            let svg = try SVGDocument(parsing: chart.svg)
            let drawn = try #require(svg.all("rect", class: "target-band").first, "\(band)")
            #expect(try #require(drawn.number("height")) >= 10, "a band a reader can see: \(band)")
            // Not so much stretch that the values are squashed against the other edge.
            let ys = svg.all("circle").compactMap { $0.number("cy") }
            #expect(abs(ys[0] - ys[1]) >= 20, "\(ys)")
        }
    }

    @Test("'at most 5 min' over an hour's spike draws its band down to zero, and the axis of times never below it")
    func upperBoundStopsAtZero() throws {
        let chart = LineChart(
            labels: ["08:00", "09:00", "10:00"], series: [ChartSeries(name: "Response", values: [40, 5_400, 0])], band: ChartBand(low: nil, high: 300),
            width: 500, height: 200, title: "Response time", steps: .duration, format: { "\(Int($0)) s" })
        let svg = try SVGDocument(parsing: chart.svg)
        let labels = svg.all("text").map(\.text)
        #expect(!labels.contains { $0.hasPrefix("-") }, "\(labels)")
        let band = try #require(svg.all("rect", class: "target-band").first)
        let zero = try #require(svg.all("circle").compactMap { $0.number("cy") }.last)
        #expect(abs(try #require(band.number("y")) + (try #require(band.number("height"))) - zero) < 0.5, "the band reaches the zero line")
    }

    @Test("'at least 99.9 %' of a rate that cannot pass 100 % ends its axis at 100 %")
    func lowerBoundStopsAtCeiling() throws {
        let chart = LineChart(
            labels: ["00:00", "01:00", "02:00"], series: [ChartSeries(name: "Uptime", values: [1, 0, 1])], band: ChartBand(low: 0.999, high: nil, ceiling: 1),
            width: 500, height: 200, title: "Uptime", format: percent)
        let labels = try SVGDocument(parsing: chart.svg).all("text").map(\.text)
        #expect(labels.contains("100%") && !labels.contains { ["105%", "110%", "120%", "150%"].contains($0) }, "\(labels)")
    }

    @Test("stacked bars are as tall as their total and each layer as tall as its part")
    func stacked() throws {
        let chart = StackedBarChart(
            labels: ["North", "South"],
            series: [ChartSeries(name: "Delivered", values: [30, 10]), ChartSeries(name: "Failed", values: [10, nil], colour: ChartPalette.bad)],
            width: 400, height: 200, title: "Messages", format: plain)
        let svg = try SVGDocument(parsing: chart.svg)
        let segments = svg.all("rect", class: "segment")
        #expect(segments.map { $0.number("data-value") } == [30, 10, 10])
        // Axis 0...40, the plot 200 - 26 - 28 = 146 high (a legend row on top).
        let heights = segments.compactMap { $0.number("height") }
        #expect(abs(heights[0] - 146 * 30 / 40) < 0.02)
        #expect(abs(heights[1] - 146 * 10 / 40) < 0.02)
        // The failed layer sits right on top of the delivered one.
        let delivered = segments[0]
        let failed = segments[1]
        #expect(abs(try #require(failed.number("y")) + heights[1] - (try #require(delivered.number("y")))) < 0.02)
        #expect(svg.all("g", class: "legend").count == 1)
        // A layer's own colour, in the bar and in the legend; the others take the palette.
        #expect(failed.attributes["fill"] == ChartPalette.bad)
        #expect(delivered.attributes["fill"] == ChartPalette.colour(0))
        #expect(svg.all("rect").filter { $0.attributes["fill"] == ChartPalette.bad }.count == 2)
    }

    @Test("heatmap cells run from the bad colour to the good one, and missing cells say so")
    func heatmap() throws {
        let chart = Heatmap(
            rows: ["Lakeside", "Downtown"], columns: ["8", "9", "10"], cells: [[60, 300, nil], [120, 30, 30]], title: "Median first response",
            higherIsBetter: false, format: plain)
        let svg = try SVGDocument(parsing: chart.svg)
        let cells = svg.all("rect", class: "cell")
        #expect(cells.count == 6)
        let slowest = try #require(cells.first { $0.number("data-value") == 300 })
        let fastest = try #require(cells.first { $0.number("data-value") == 30 })
        #expect(slowest.attributes["fill"] == "#bc4c00")
        #expect(fastest.attributes["fill"] == "#0969da")
        #expect(svg.all("rect", class: "empty").count == 1)
        #expect(svg.all("title").contains { $0.text == "Lakeside, 10: no data" })
        #expect(Heatmap.shade(goodness: 0.5) == "#f6f8fa")
    }

    @Test("empty series give a valid SVG that says there is no data", arguments: [0, 1, 2, 3, 4])
    func empty(kind: Int) throws {
        let text: String =
            switch kind {
            case 0: Sparkline(values: [nil, nil], title: "Conversion").svg
            case 1: LineChart(labels: [], series: [], title: "t", format: plain).svg
            case 2: BarChart(labels: ["a"], values: [nil], title: "t", format: plain).svg
            case 3: StackedBarChart(labels: ["a"], series: [ChartSeries(name: "x", values: [0])], title: "t", format: plain).svg
            default: Heatmap(rows: [], columns: [], cells: [], title: "t", higherIsBetter: true, format: plain).svg
            }
        let svg = try SVGDocument(parsing: text)
        #expect(svg.root?.name == "svg")
        #expect(svg.all("text", class: "no-data").count == 1)
        #expect(svg.all("rect", class: "bar").isEmpty && svg.all("polyline").isEmpty)
    }

    @Test("a sparkline spans its box, marks the last value, and fits the target band")
    func sparkline() throws {
        let chart = Sparkline(values: [0.1, nil, 0.05, 0.2], band: ChartBand(low: 0.08, high: 0.12), width: 100, height: 20, title: "Lead to sale")
        let svg = try SVGDocument(parsing: chart.svg)
        let last = try #require(svg.all("circle", class: "last").first)
        #expect(last.number("cx") == 98)
        #expect(last.number("cy") == 2)
        // 0.1 stands alone before the gap: a dot, not a line; 0.05 and 0.2 make one line.
        #expect(svg.all("polyline").count == 1)
        #expect(svg.all("rect", class: "target-band").count == 1)
    }

    @Test("sparklines given one domain share one scale: a flat 66 % sits two thirds up, not across the whole box")
    func sparklineDomain() throws {
        // Without a domain, 0.65 and 0.67 fill the box from bottom to top; within 0...1 they sit near 2/3.
        func ys(_ chart: Sparkline) throws -> [Double] {
            let svg = try SVGDocument(parsing: chart.svg)
            let points = try #require(svg.all("polyline").first?.attributes["points"]).split(separator: " ")
            return points.compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        }
        let flat = [0.65, 0.67, 0.66]
        #expect(try ys(Sparkline(values: flat, width: 100, height: 102, title: "Pick-up")) == [100, 2, 51])
        let shared = try ys(Sparkline(values: flat, width: 100, height: 102, title: "Pick-up", domain: 0...1))
        #expect(shared.allSatisfy { abs($0 - (100 - 0.66 * 98)) < 1.5 }, "\(shared)")
    }

    @Test("values still coming in are drawn dashed from the last final point on, in both kinds of line")
    func provisionalTail() throws {
        func lines(_ svg: String) throws -> (solid: [String], dashed: [String]) {
            let document = try SVGDocument(parsing: svg)
            let all = document.all("polyline")
            let dashed = all.filter { $0.attributes["class"] == "provisional" }
            #expect(dashed.allSatisfy { $0.attributes["stroke-dasharray"] != nil })
            return (all.filter { $0.attributes["class"] != "provisional" }.map { $0.attributes["points"] ?? "" }, dashed.map { $0.attributes["points"] ?? "" })
        }
        func pointCount(_ points: String) -> Int { points.split(separator: " ").count }
        // Five days, the last two still coming in: days 0-2 solid, days 2-4 dashed (joined at day 2).
        let values: [Double?] = [0.06, 0.07, 0.065, 0.03, 0.01]
        let spark = try lines(Sparkline(values: values, title: "Lead to sale", provisionalFrom: 3).svg)
        #expect(spark.solid.map(pointCount) == [3])
        #expect(spark.dashed.map(pointCount) == [3])
        #expect(spark.solid.first?.split(separator: " ").last == spark.dashed.first?.split(separator: " ").first, "the dashed part starts where the solid ends")
        let chart = LineChart(
            labels: ["1", "2", "3", "4", "5"],
            series: [
                ChartSeries(name: "Lead to sale", values: values, provisionalFrom: 3),
                ChartSeries(name: "A year before", values: [0.08, 0.07, 0.09, 0.08, 0.1], pointLabels: ["1 (2025)", "2 (2025)", "3 (2025)", "4 (2025)", "5 (2025)"]),
            ], title: "Lead to sale", format: percent)
        let trend = try lines(chart.svg)
        // Each line its own: this window's young days dashed, the settled year before solid.
        #expect(trend.solid.map(pointCount) == [3, 5] && trend.dashed.map(pointCount) == [3])
        let hovers = try SVGDocument(parsing: chart.svg).all("title").map(\.text)
        #expect(hovers.contains("5: 1%") && hovers.contains("5 (2025): 10%"), "\(hovers)")
        // All still coming in: one dashed line; none: one solid line; a gap before the young days: the dashed part stands alone.
        #expect(try lines(Sparkline(values: values, title: "t", provisionalFrom: 0).svg).solid.isEmpty)
        #expect(try lines(Sparkline(values: values, title: "t", provisionalFrom: 0).svg).dashed.map(pointCount) == [5])
        #expect(try lines(Sparkline(values: values, title: "t").svg).dashed.isEmpty)
        let gap = try lines(Sparkline(values: [0.06, 0.07, nil, 0.03, 0.01], title: "t", provisionalFrom: 3).svg)
        #expect(gap.solid.map(pointCount) == [2] && gap.dashed.map(pointCount) == [2])
    }

    @Test("labels with markup are shown as text, never run as markup")
    func escaping() throws {
        let chart = BarChart(labels: ["<script>alert(1)</script>"], values: [1], title: "Source \"A&B\"", format: plain)
        let svg = try SVGDocument(parsing: chart.svg)
        #expect(!chart.svg.contains("<script>"))
        #expect(svg.all("script").isEmpty)
        #expect(svg.all("title").first?.text == "Source \"A&B\"")
    }
}
