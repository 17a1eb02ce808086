/// Instants as a manager reads them on a store's wall clock: "14:05" today, "Mon 30 Nov 14:05"
/// this year, "30 Nov 2025 14:05" before.
public struct LocalTimeFormatting: Sendable {
    public var calendar: BusinessCalendar
    /// The local date of "now", so today's times drop the date.
    public var today: CivilDate

    public init(store: StoreProfile, now: Timestamp) {
        calendar = store.calendar
        today = calendar.localDate(of: now)
    }

    public func time(_ instant: Timestamp) -> String {
        let (date, minute) = calendar.localTime(of: instant)
        let clock = Self.clock(minute)
        if date == today { return clock }
        return "\(Self.date(date, relativeTo: today)) \(clock)"
    }

    public func time(_ instant: Timestamp?) -> String { instant.map(time) ?? "–" }

    /// "Mon 30 Nov" this year, "30 Nov 2025" otherwise.
    public static func date(_ date: CivilDate, relativeTo today: CivilDate) -> String {
        let month = monthNames[date.month - 1]
        if date.year == today.year { return "\(weekdayNames[date.isoWeekday - 1]) \(date.day) \(month)" }
        return "\(date.day) \(month) \(date.year)"
    }

    /// "09:05": a minute of the day on a 24-hour clock.
    public static func clock(_ minuteOfDay: Int) -> String { "\((minuteOfDay / 60).zeroPadded(2)):\((minuteOfDay % 60).zeroPadded(2))" }

    /// "1 Dec 2026".
    public static func longDate(_ date: CivilDate) -> String { "\(date.day) \(monthNames[date.month - 1]) \(date.year)" }

    /// "4 min 12 s ago", "in 3 min".
    public static func relative(_ instant: Timestamp, now: Timestamp) -> String {
        let seconds = instant.seconds(until: now)
        if abs(seconds) < 1 { return "now" }
        let span = KPIFormatting.duration(seconds: abs(seconds).rounded())
        return seconds > 0 ? "\(span) ago" : "in \(span)"
    }

    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
}
