/// What a scorecard window is set beside.
public enum KPIComparison: String, CaseIterable, Hashable, Sendable {
    /// The window of equal length just before: is this week better than last week?
    case previous
    /// The same dates a year before. Car sales are seasonal (tax-refund spring, year-end
    /// clearance), so an owner judges November against last November, not against October.
    case previousYear = "previous_year"
    /// The same dates a month before: month to date against last month to the same date, the
    /// way a month's pace is judged. A window that ends on its month's last day is set beside
    /// the whole of the month before (November beside all 31 days of October).
    case previousMonth = "previous_month"
    /// The same days a week before: yesterday beside the same weekday last week, since a
    /// showroom's Saturday is nothing like its Friday.
    case previousWeek = "previous_week"

    /// The window compared with `[from, to]`. A year before 29 February is 28 February; a month
    /// before 31 March is the last day of February.
    public func window(from: CivilDate, to: CivilDate) -> (from: CivilDate, to: CivilDate) {
        switch self {
        case .previous:
            let length = Int(to.daysSinceEpoch - from.daysSinceEpoch) + 1
            return (from.adding(days: -length), from.adding(days: -1))
        case .previousYear:
            return (from.addingYears(-1), to.addingYears(-1))
        case .previousMonth:
            let end = to.addingMonths(-1)
            let endsItsMonth = to.day == CivilDate.daysIn(month: to.month, year: to.year)
            return (from.addingMonths(-1), endsItsMonth ? CivilDate(year: end.year, month: end.month, day: CivilDate.daysIn(month: end.month, year: end.year))! : end)
        case .previousWeek:
            return (from.adding(days: -7), to.adding(days: -7))
        }
    }

    /// How the compared window reads in a heading: "the window before", "the same days a year before".
    public var phrase: String {
        switch self {
        case .previous: "the window before"
        case .previousYear: "the same days a year before"
        case .previousMonth: "the same days a month before"
        case .previousWeek: "the same days a week before"
        }
    }

    /// A column or a line of the compared figures: "Before", "A month before", "A year before".
    public var heading: String {
        switch self {
        case .previous: "Before"
        case .previousYear: "A year before"
        case .previousMonth: "A month before"
        case .previousWeek: "A week before"
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
            case .previousMonth: CivilDate(daysSinceEpoch: cell.day).addingMonths(1).daysSinceEpoch
            case .previousWeek: cell.day + 7
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

    /// The same day of the month `months` on (or back), or that month's last day when it is shorter.
    public func addingMonths(_ months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let (targetYear, targetMonth) = (Int((Double(index) / 12).rounded(.down)), ((index % 12) + 12) % 12 + 1)
        return CivilDate(year: targetYear, month: targetMonth, day: min(day, CivilDate.daysIn(month: targetMonth, year: targetYear)))!
    }
}
