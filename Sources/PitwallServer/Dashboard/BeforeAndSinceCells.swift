import PitwallCore

/// How the coaching log and the changes made show a side of before-and-since: its figure with
/// what it stands on, and its days.
enum BeforeAndSinceCells {
    /// "41.6% (52 of 125)", or a dash while the side has no days yet.
    static func figure(_ result: KPIResult?, _ window: ClosedRange<CivilDate>?, unit: KPIUnit) -> String {
        window == nil ? "—" : TeamReview.figure(result, unit: unit)
    }

    /// "6 Oct – 4 Nov 2026".
    static func days(_ window: ClosedRange<CivilDate>?) -> String? {
        window.map { ReportingWindow(preset: .custom, from: $0.lowerBound, to: $0.upperBound).label }
    }
}
