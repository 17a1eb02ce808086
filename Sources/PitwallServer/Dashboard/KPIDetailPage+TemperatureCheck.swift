import PitwallCharts
import PitwallCore

extension KPIDetailPage {
    /// The temperature's page, under its breakdown: whether the score foretells sales in the
    /// window, band by band and reason by reason, and the scoring gaps to look at in the
    /// monthly review.
    struct TemperatureCheckView: Sendable {
        var summary: String
        var comingIn: String?
        var chart: String
        var bands: [BandRow]
        var reasons: [ReasonRow]
        var gaps: [String]
        var hasGaps: Bool
        var hasLeads: Bool
    }

    struct BandRow: Sendable {
        var label: String
        var leads: String
        var sold: String
        var rate: String
        var rawRate: String
        var reading: String
    }

    struct ReasonRow: Sendable {
        var reason: String
        var words: String
        var points: Int
        var leads: String
        var rate: String
        var others: String
        var rateWithout: String
        var lift: String
        var reading: String
        var readingClass: String
    }

    static func temperatureCheck(_ reading: TemperatureCheckReading, today: CivilDate) -> TemperatureCheckView {
        let check = reading.check
        let percent = { (rate: Double?) in KPIFormatting.value(rate, unit: .ratio) }
        let chart = BarChart(
            labels: check.bands.map(\.label), values: check.bands.map(\.saleRate), width: 560, height: 200,
            title: "Share of leads that bought, by points before any verdict", steps: .decimal, format: { KPIFormatting.value($0, unit: .ratio) }
        ).svg
        return TemperatureCheckView(
            summary: "\(KPIFormatting.count(check.leads, "lead", "leads")) in this window, \(KPIFormatting.grouped(Int64(check.sold))) of them bought (\(percent(check.saleRate))).",
            comingIn: reading.salesComingIn.map { "\($0.progress). \(MaturityWording.explanation($0, today: today))" },
            chart: chart,
            bands: check.bands.map { band in
                BandRow(
                    label: band.label, leads: KPIFormatting.grouped(Int64(band.leads)), sold: KPIFormatting.grouped(Int64(band.sold)),
                    rate: percent(band.saleRate), rawRate: band.saleRate.map(JSONWriter.format) ?? "",
                    reading: bandWords(band))
            },
            reasons: check.reasons.map { reason in
                ReasonRow(
                    reason: reason.reason.rawValue, words: reason.reason.words, points: reason.points, leads: KPIFormatting.grouped(Int64(reason.leads)),
                    rate: percent(reason.saleRate), others: reason.others, rateWithout: percent(reason.otherSaleRate),
                    lift: reason.lift.map { KPIFormatting.decimal($0, places: 1) + "×" } ?? "–",
                    reading: reasonWords(reason.reading),
                    readingClass: reason.reading?.rawValue ?? "none")
            },
            gaps: check.gaps, hasGaps: !check.gaps.isEmpty, hasLeads: check.leads > 0)
    }

    /// "Sells more than 40–59, clearly".
    static func bandWords(_ band: TemperatureCheck.Band) -> String {
        guard let colder = band.colderBand.map(TemperatureCheck.label) else { return "–" }
        switch band.againstColderBand {
        case .higher?: return "Sells more than \(colder), clearly"
        case .lower?: return "Sells less than \(colder): a gap"
        case .unclear?: return "No clear difference from \(colder)"
        case nil: return "–"
        }
    }

    static func reasonWords(_ reading: TemperatureCheck.Reading?) -> String {
        switch reading {
        case .higher?: "Foretells sales"
        case .lower?: "Foretells fewer sales: a gap"
        case .unclear?: "No clear sign"
        case nil: "–"
        }
    }
}
