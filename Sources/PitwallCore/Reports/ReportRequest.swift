/// Which report a reader asked for: its kind and the period it covers.
public struct ReportRequest: Hashable, Sendable {
    public var kind: ReportKind
    public var period: ClosedRange<CivilDate>

    public init(kind: ReportKind, period: ClosedRange<CivilDate>) {
        self.kind = kind
        self.period = period
    }

    /// `kind` (default daily) and `date`, any day of the period (default: the last whole
    /// period before `today`, the one the schedule sends). A period that starts after today
    /// has nothing to report; one under way reports its days so far.
    public static func parse(kind: String?, date: String?, today: CivilDate) throws(ParameterError) -> ReportRequest {
        var chosen = ReportKind.daily
        if let kind, !kind.isEmpty {
            guard let known = ReportKind(rawValue: kind) else {
                throw ParameterError(name: "kind", reason: "'\(kind)' is not one of \(ReportKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            chosen = known
        }
        guard let date, !date.isEmpty else { return ReportRequest(kind: chosen, period: chosen.lastWholePeriod(today: today)) }
        guard let day = CivilDate(iso: date) else { throw ParameterError(name: "date", reason: "'\(date)' is not a date as YYYY-MM-DD") }
        let period = chosen.period(containing: day)
        guard period.lowerBound <= today else {
            throw ParameterError(
                name: "date",
                reason: chosen == .daily ? "\(day) is after today (\(today))" : "\(day) is in a \(chosen.periodWord) that has not started yet (today is \(today))")
        }
        return ReportRequest(kind: chosen, period: period)
    }

    /// The same kind's period before and after this one, for paging through reports; no
    /// later one once it reaches today.
    public func neighbours(today: CivilDate) -> (earlier: CivilDate, later: CivilDate?) {
        let later = period.upperBound.adding(days: 1)
        return (kind.period(containing: period.lowerBound.adding(days: -1)).lowerBound, later <= today ? later : nil)
    }
}

extension ReportKind {
    /// "day", "week", "month".
    public var periodWord: String {
        switch self {
        case .daily: "day"
        case .weekly: "week"
        case .monthly: "month"
        }
    }
}
