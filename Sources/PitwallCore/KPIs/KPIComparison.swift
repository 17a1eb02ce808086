/// What a scorecard window is set beside.
public enum KPIComparison: String, CaseIterable, Hashable, Sendable {
    /// The window of equal length just before: is this week better than last week?
    case previous
    /// The same dates a year before. Car sales are seasonal (tax-refund spring, year-end
    /// clearance), so an owner judges November against last November, not against October.
    case previousYear = "previous_year"

    /// The window compared with `[from, to]`. A year before 29 February is 28 February.
    public func window(from: CivilDate, to: CivilDate) -> (from: CivilDate, to: CivilDate) {
        switch self {
        case .previous:
            let length = Int(to.daysSinceEpoch - from.daysSinceEpoch) + 1
            return (from.adding(days: -length), from.adding(days: -1))
        case .previousYear:
            return (from.addingYears(-1), to.addingYears(-1))
        }
    }

    /// How the compared window reads in a heading: "the window before", "the same days a year before".
    public var phrase: String {
        switch self {
        case .previous: "the window before"
        case .previousYear: "the same days a year before"
        }
    }

    /// The group in `window` that a time group of the compared window stands beside: each
    /// compared day moved on by as many days as the window is long, or by a year (29 February
    /// onto 28 February, and a window that starts on 29 February takes the 28th a year before
    /// as its first day). Every compared day lands inside the window, so a week or a month is
    /// set beside the same dates, and no group of the compared window stands alone.
    func counterpart(of cell: RollupCell, grouping: KPIGrouping, window: ClosedRange<Int64>) -> String {
        var cell = cell
        if [.day, .week, .month].contains(grouping) {
            let moved = switch self {
            case .previous: cell.day + Int64(window.count)
            case .previousYear: CivilDate(daysSinceEpoch: cell.day).addingYears(1).daysSinceEpoch
            }
            cell.day = min(max(moved, window.lowerBound), window.upperBound)
        }
        return grouping.group(of: cell)
    }
}

extension CivilDate {
    /// The same date `years` on (or back); 29 February becomes 28 February outside leap years.
    public func addingYears(_ years: Int) -> CivilDate {
        let target = year + years
        return CivilDate(year: target, month: month, day: min(day, CivilDate.daysIn(month: month, year: target)))!
    }
}
