/// One opening of a store on one day, in minutes after that day's local midnight.
/// An interval that ends after midnight (a night shift, `22:00-02:00`) has `endMinute` > 1440.
public struct OpeningInterval: Hashable, Sendable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    public var description: String {
        func clock(_ minute: Int) -> String { "\((minute / 60 % 24).zeroPadded(2)):\((minute % 60).zeroPadded(2))" }
        if startMinute == 0 && endMinute == 1440 { return "00:00-24:00" }
        return "\(clock(startMinute))-\(clock(endMinute))"
    }
}

/// Why a day's hours could not be read.
public struct HoursProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

/// A store's regular opening hours for each day of the week.
public struct WeeklyHours: Hashable, Sendable {
    /// Indexed by ISO weekday - 1 (0 = Monday ... 6 = Sunday).
    public var days: [[OpeningInterval]]

    public init(days: [[OpeningInterval]]) {
        precondition(days.count == 7, "a week has seven days")
        self.days = days
    }

    /// Open every hour of every day: the default for a store not in the configuration.
    public static let alwaysOpen = WeeklyHours(days: Array(repeating: [OpeningInterval(startMinute: 0, endMinute: 1440)], count: 7))

    public static let weekdayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    public func intervals(isoWeekday: Int) -> [OpeningInterval] { days[isoWeekday - 1] }

    /// Reads one day's hours: `08:00-20:00`, several intervals `08:00-12:00,13:00-20:00`,
    /// an overnight shift `22:00-02:00`, `closed`, or `24h`.
    public static func parseDay(_ text: String) throws(HoursProblem) -> [OpeningInterval] {
        let trimmed = text.trimmingSpaces.lowercased()
        if trimmed == "closed" || trimmed.isEmpty { return [] }
        if trimmed == "24h" || trimmed == "open" { return [OpeningInterval(startMinute: 0, endMinute: 1440)] }
        var intervals: [OpeningInterval] = []
        for part in trimmed.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2, let start = minuteOfDay(bounds[0]), let end = minuteOfDay(bounds[1]) else {
                throw HoursProblem(description: "'\(part.trimmingSpaces)' is not a time range like 08:00-20:00")
            }
            guard start != end else {
                throw HoursProblem(description: "'\(part.trimmingSpaces)' is empty: start and end are the same")
            }
            guard start < 1440 else { throw HoursProblem(description: "'\(part.trimmingSpaces)' starts at 24:00; use 00:00") }
            // An end at or before the start means the shift runs past midnight.
            intervals.append(OpeningInterval(startMinute: start, endMinute: end > start ? end : end + 1440))
        }
        intervals.sort { $0.startMinute < $1.startMinute }
        for (earlier, later) in zip(intervals, intervals.dropFirst()) where later.startMinute < earlier.endMinute {
            throw HoursProblem(description: "the intervals \(earlier) and \(later) overlap")
        }
        return intervals
    }

    /// `HH:MM` with 00:00 ... 24:00.
    static func minuteOfDay(_ text: Substring) -> Int? {
        let clock = text.trimmingSpaces
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
              let hour = Int(digits: ArraySlice(parts[0].utf8)), let minute = Int(digits: ArraySlice(parts[1].utf8)),
              minute < 60, hour < 24 || (hour == 24 && minute == 0)
        else { return nil }
        return hour * 60 + minute
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// Without leading and trailing spaces and tabs. On the bytes: both are ASCII, so the
    /// ends found are character boundaries, and it is read for every lead's phone and e-mail.
    var trimmingSpaces: String {
        let bytes = utf8
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first..<bytes.index(after: last)])
    }
}
