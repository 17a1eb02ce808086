/// The windows a manager picks from on the dashboard, resolved to whole local days.
public struct ReportingWindow: Hashable, Sendable {
    public enum Preset: String, CaseIterable, Hashable, Sendable {
        case today, yesterday
        case last7Days = "7d"
        case last30Days = "30d"
        /// About a quarter: what the SLA review reads.
        case last90Days = "90d"
        case monthToDate = "mtd"
        /// The whole calendar month before this one: what a monthly review reads.
        case lastMonth = "last_month"
        case custom

        public var label: String {
            switch self {
            case .today: "Today"
            case .yesterday: "Yesterday"
            case .last7Days: "Last 7 days"
            case .last30Days: "Last 30 days"
            case .last90Days: "Last 90 days"
            case .monthToDate: "Month to date"
            case .lastMonth: "Last month"
            case .custom: "Custom"
            }
        }
    }

    public var preset: Preset
    public var from: CivilDate
    public var to: CivilDate

    public init(preset: Preset, from: CivilDate, to: CivilDate) {
        self.preset = preset
        self.from = from
        self.to = to
    }

    /// The days a preset names as of `today`; nil for `custom`, whose days are given.
    public init?(_ preset: Preset, today: CivilDate) {
        switch preset {
        case .today: self.init(preset: preset, from: today, to: today)
        case .yesterday: self.init(preset: preset, from: today.adding(days: -1), to: today.adding(days: -1))
        case .last7Days: self.init(preset: preset, from: today.adding(days: -6), to: today)
        case .last30Days: self.init(preset: preset, from: today.adding(days: -29), to: today)
        case .last90Days: self.init(preset: preset, from: today.adding(days: -89), to: today)
        case .monthToDate: self.init(preset: preset, from: CivilDate(year: today.year, month: today.month, day: 1)!, to: today)
        case .lastMonth:
            let first = CivilDate(year: today.year, month: today.month, day: 1)!.addingMonths(-1)
            self.init(preset: preset, from: first, to: CivilDate(year: first.year, month: first.month, day: CivilDate.daysIn(month: first.month, year: first.year))!)
        case .custom: return nil
        }
    }

    /// Reads `window` (a preset; default `fallback`) and, for `custom`, `from` and `to`.
    /// Errors name the parameter and say what would be accepted.
    public static func parse(window: String?, from: String?, to: String?, today: CivilDate, fallback: Preset = .last7Days) throws(ParameterError) -> ReportingWindow {
        var preset = fallback
        if let window, !window.isEmpty {
            guard let chosen = Preset(rawValue: window) else {
                throw ParameterError(name: "window", reason: "'\(window)' is not one of \(Preset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            preset = chosen
        } else if (from ?? "").isEmpty == false || (to ?? "").isEmpty == false {
            preset = .custom
        }
        if let named = ReportingWindow(preset, today: today) { return named }
        func date(_ text: String?, name: String) throws(ParameterError) -> CivilDate {
            guard let text, !text.isEmpty else { throw ParameterError(name: name, reason: "a custom window needs both from and to, as YYYY-MM-DD") }
            guard let date = CivilDate(iso: text) else { throw ParameterError(name: name, reason: "'\(text)' is not a date as YYYY-MM-DD") }
            return date
        }
        let start = try date(from, name: "from")
        let end = try date(to, name: "to")
        guard start <= end else { throw ParameterError(name: "to", reason: "\(end) is before from (\(start))") }
        guard end.daysSinceEpoch - start.daysSinceEpoch < Int64(KPIQuery.maximumDays) else {
            throw ParameterError(name: "from", reason: "the window is longer than \(KPIQuery.maximumDays) days")
        }
        return ReportingWindow(preset: .custom, from: start, to: end)
    }

    public var days: ClosedRange<Int64> { from.daysSinceEpoch...to.daysSinceEpoch }
    public var dayCount: Int { Int(to.daysSinceEpoch - from.daysSinceEpoch) + 1 }

    /// The window of equal length just before.
    public var previous: ReportingWindow { compared(by: .previous) }

    /// The window this one is set beside.
    public func compared(by comparison: KPIComparison) -> ReportingWindow {
        let window = comparison.window(from: from, to: to)
        return ReportingWindow(preset: .custom, from: window.from, to: window.to)
    }

    /// "1 Dec 2026" or "24 Nov – 30 Nov 2026".
    public var label: String {
        if from == to { return LocalTimeFormatting.longDate(from) }
        let start = from.year == to.year ? "\(from.day) \(LocalTimeFormatting.monthNames[from.month - 1])" : LocalTimeFormatting.longDate(from)
        return "\(start) – \(LocalTimeFormatting.longDate(to))"
    }
}

/// A request parameter that cannot be used: which one, and why.
public struct ParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var reason: String

    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}
