/// The SOP's three scheduled reports: what each covers, when it goes out, and what it is set beside.
public enum ReportKind: String, CaseIterable, Hashable, Sendable {
    /// The day before, every morning, for the sales team and their managers.
    case daily
    /// The Monday-to-Sunday week before, on Monday, for management and marketing.
    case weekly
    /// The calendar month before, on the month's first Monday, for the executives.
    case monthly

    public var title: String {
        switch self {
        case .daily: "Daily report"
        case .weekly: "Weekly report"
        case .monthly: "Monthly report"
        }
    }

    /// When it goes out unless configured otherwise, as the SOP schedules it: 08:00 for the
    /// daily report, 09:00 for the others.
    public var defaultMinute: Int { self == .daily ? 8 * 60 : 9 * 60 }

    /// A day before the same weekday last week, a week before the week before, a month before
    /// the whole month before.
    public var comparison: KPIComparison {
        switch self {
        case .daily: .previousWeek
        case .weekly: .previous
        case .monthly: .previousMonth
        }
    }

    /// The compared period in a sentence: "the same weekday a week before", "the week before".
    public var comparedPhrase: String {
        switch self {
        case .daily: "the same weekday a week before"
        case .weekly: "the week before"
        case .monthly: "the month before"
        }
    }

    /// The compared period's column: "A week before", "Week before", "Month before".
    public var comparedHeading: String {
        switch self {
        case .daily: "A week before"
        case .weekly: "Week before"
        case .monthly: "Month before"
        }
    }

    /// The period this kind of report covers that holds `date`: the day, its Monday-to-Sunday
    /// week, or its calendar month.
    public func period(containing date: CivilDate) -> ClosedRange<CivilDate> {
        switch self {
        case .daily:
            return date...date
        case .weekly:
            let monday = date.adding(days: 1 - date.isoWeekday)
            return monday...monday.adding(days: 6)
        case .monthly:
            let first = CivilDate(year: date.year, month: date.month, day: 1)!
            return first...CivilDate(year: date.year, month: date.month, day: CivilDate.daysIn(month: date.month, year: date.year))!
        }
    }

    /// The last whole period before the one `today` is in: what a report sent today covers.
    public func lastWholePeriod(today: CivilDate) -> ClosedRange<CivilDate> {
        period(containing: period(containing: today).lowerBound.adding(days: -1))
    }

    /// Whether a report of this kind goes out on `date`: every day, every Monday, or the first
    /// Monday of each month.
    public func goesOut(on date: CivilDate) -> Bool {
        switch self {
        case .daily: true
        case .weekly: date.isoWeekday == 1
        case .monthly: date.isoWeekday == 1 && date.day <= 7
        }
    }

    /// How late a report may still go out when the server was not running at its time: a
    /// daily report sent after lunch still helps, one a day late is overtaken by the next.
    public var latenessAllowedSeconds: Int64 {
        switch self {
        case .daily: 12 * 3600
        case .weekly: 2 * 86_400
        case .monthly: 7 * 86_400
        }
    }

    /// "Tue 1 Dec 2026", "30 Nov – 6 Dec 2026", "November 2026".
    public func periodName(_ period: ClosedRange<CivilDate>) -> String {
        let (first, last) = (period.lowerBound, period.upperBound)
        switch self {
        case .daily:
            return "\(LocalTimeFormatting.weekdayNames[first.isoWeekday - 1]) \(LocalTimeFormatting.longDate(first))"
        case .weekly:
            let start = first.year == last.year ? "\(first.day) \(LocalTimeFormatting.monthNames[first.month - 1])" : LocalTimeFormatting.longDate(first)
            return "\(start) – \(LocalTimeFormatting.longDate(last))"
        case .monthly:
            return "\(Self.monthNames[first.month - 1]) \(first.year)"
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]
}
