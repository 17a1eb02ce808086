import Foundation
import PitwallCore

/// How the dashboard speaks of a lead cohort still coming in: how much of its outcome is in,
/// where the figure is heading, and why it is not judged yet.
enum MaturityWording {
    /// "heading for about 5.1%", when enough is in to say.
    static func heading(_ maturity: CohortMaturity, value: Double?) -> String? {
        maturity.projected(value).map { "heading for about \(KPIFormatting.percent($0))" }
    }

    /// "9 in 10 sales come within 12 d of the lead (measured on 911 sales of leads 30 to 90
    /// days old); this window's leads will have had that long by Tue 15 Dec."
    static func explanation(_ maturity: CohortMaturity, today: CivilDate) -> String {
        let days = OutcomeDelays.referenceDays
        let whose = maturity.measuredIn.map { "\(Self.segmentName($0))'s leads" } ?? "leads"
        return maturity.outcome.nineInTen(within: KPIFormatting.duration(seconds: maturity.typicalDelay))
            + " (measured on \(KPIFormatting.grouped(Int64(maturity.measuredOn))) \(maturity.outcome.plural) of \(whose) "
            + "\(days.lowerBound) to \(days.upperBound) days old); this window's leads will have had that long by "
            + "\(LocalTimeFormatting.date(maturity.settlesOn, relativeTo: today))."
    }

    /// "this source", "this vehicle condition": the segment whose own pace a figure was read at.
    static func segmentName(_ dimension: SegmentDimension) -> String {
        "this " + dimension.words
    }

    /// The change from the compared window: "+0.8 pts", "≈ -0.2 pts" between where both are
    /// heading while this one is still coming in, or "too early" when too little is in to say.
    static func change(now: KPIResult, before: KPIResult, unit: KPIUnit) -> String {
        switch now.change(from: before) {
        case .asTheyStand(let change): KPIFormatting.gap(change, unit: unit)
        case .betweenProjections(let change): "≈\u{00A0}" + KPIFormatting.gap(change, unit: unit)
        case .tooEarly: "too early"
        }
    }

    /// Everything the hover over a change says: what a "≈" or "too early" compares, and why a
    /// change is left uncoloured.
    static func changeTitles(now: KPIResult, before: KPIResult, definition: KPIDefinition, comparison: KPIComparison) -> String? {
        let titles = [
            changeTitle(now: now, before: before, unit: definition.unit, comparison: comparison),
            noiseTitle(now: now, before: before, definition: definition),
        ].compactMap { $0 }
        return titles.isEmpty ? nil : titles.joined(separator: " ")
    }

    /// For a change left uncoloured because chance alone could have made it: says so, with
    /// what it stands on, so the reader does not take -2.4 pts of a thousand leads for a slide.
    static func noiseTitle(now: KPIResult, before: KPIResult, definition: KPIDefinition) -> String? {
        guard now.changeCall(from: before, definition: definition) == .withinChance else { return nil }
        return "Within what chance alone moves a figure counted on this many (95 %): not called better or worse."
    }

    /// Says what a change marked "≈" or "too early" compares.
    static func changeTitle(now: KPIResult, before: KPIResult, unit: KPIUnit, comparison: KPIComparison) -> String? {
        guard let maturity = now.maturity else { return nil }
        switch now.change(from: before) {
        case .asTheyStand:
            return nil
        case .tooEarly:
            return "\(maturity.outcome.tooLittleSoFar) to compare it with \(comparison.phrase)."
        case .betweenProjections:
            let heading = maturity.projected(now.value).map { KPIFormatting.value($0, unit: unit) } ?? ""
            let earlier = before.maturity?.projected(before.value)
            return "Where this window is heading (\(heading)) against "
                + (earlier.map { "where \(comparison.phrase) is heading (\(KPIFormatting.value($0, unit: unit)))" }
                    ?? "\(comparison.phrase) (\(KPIFormatting.value(before.value, unit: unit)))")
                + ": comparing the figures so far would set young leads against older ones."
        }
    }
}
