/// The stretch an outlook looks to the end of: the calendar month or the ISO week (Monday to
/// Sunday) that holds the first day not complete yet.
public enum OutlookPeriod: String, CaseIterable, Sendable {
    case month, week

    /// The period that holds `date`.
    public func days(containing date: CivilDate) -> ClosedRange<CivilDate> {
        switch self {
        case .month:
            let first = CivilDate(year: date.year, month: date.month, day: 1)!
            return first...CivilDate(year: date.year, month: date.month, day: CivilDate.daysIn(month: date.month, year: date.year))!
        case .week:
            let monday = date.adding(days: 1 - date.isoWeekday)
            return monday...monday.adding(days: 6)
        }
    }

    /// The whole period just before `period`.
    public func before(_ period: ClosedRange<CivilDate>) -> ClosedRange<CivilDate> {
        days(containing: period.lowerBound.adding(days: -1))
    }

    /// The same period a year before: the same month, or the week 52 weeks before (the same
    /// weekdays, which matter more to a dealership than the same dates).
    public func yearBefore(_ period: ClosedRange<CivilDate>) -> ClosedRange<CivilDate> {
        switch self {
        case .month:
            let first = period.lowerBound
            return days(containing: CivilDate(year: first.year - 1, month: first.month, day: 1)!)
        case .week:
            return period.lowerBound.adding(days: -364)...period.upperBound.adding(days: -364)
        }
    }

    /// "December 2026", "30 Nov – 6 Dec 2026".
    public func name(_ period: ClosedRange<CivilDate>) -> String {
        (self == .month ? ReportKind.monthly : ReportKind.weekly).periodName(period)
    }

    /// "this month", "this week": how advice names the period it looks to the end of.
    public var this: String { "this \(rawValue)" }
}
