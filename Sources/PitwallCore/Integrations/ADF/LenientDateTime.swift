import Foundation

/// Reads the date-times lead providers actually write, not only RFC 3339: a missing or
/// colon-less offset, a space instead of `T`, US month/day order, 12-hour clocks, a bare date.
/// A time without an offset is read on the store's clock, as the sender meant it.
public enum LenientDateTime {
    public enum Precision: String, Hashable, Sendable {
        /// The text named its offset: the instant is exact.
        case exact
        /// No offset: read on the store's clock.
        case storeClock
        /// Only a date: the start of that day on the store's clock.
        case dateOnly
    }

    public struct Reading: Hashable, Sendable {
        public var instant: Timestamp
        public var precision: Precision
    }

    public static func read(_ raw: String, calendar: BusinessCalendar) -> Reading? {
        var text = raw.trimmingSpaces.uppercased()
        guard !text.isEmpty else { return nil }
        var offsetSeconds: Int?
        if text.hasSuffix("Z") {
            text.removeLast()
            offsetSeconds = 0
        } else if let named = ["UTC", "GMT"].first(where: { text.hasSuffix($0) }) {
            text.removeLast(named.count)
            offsetSeconds = 0
        }
        text = text.trimmingSpaces
        var meridiem: String?
        if let marker = ["AM", "PM"].first(where: { text.hasSuffix($0) }) {
            meridiem = marker
            text = String(text.dropLast(2)).trimmingSpaces
        }
        // Date and time are split by T or a space; a bare date has neither.
        let separator = text.firstIndex(where: { $0 == "T" || $0 == " " })
        let datePart = separator.map { String(text[..<$0]) } ?? text
        var timePart = separator.map { String(text[text.index(after: $0)...]).trimmingSpaces } ?? ""
        if offsetSeconds == nil, let (offset, rest) = trailingOffset(timePart) {
            offsetSeconds = offset
            timePart = rest
        }
        guard let date = civilDate(datePart) else { return nil }
        guard !timePart.isEmpty else {
            if let offsetSeconds {
                let wall = date.daysSinceEpoch * Timestamp.millisecondsPerDay
                return Reading(instant: Timestamp(millisecondsSinceEpoch: wall - Int64(offsetSeconds) * 1000), precision: .exact)
            }
            return Reading(instant: calendar.startOfDay(date), precision: .dateOnly)
        }
        guard let (clockHour, minute, milliseconds) = clock(timePart) else { return nil }
        var hour = clockHour
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "PM" ? 12 : 0)
        }
        let minuteOfDay = hour * 60 + minute
        if let offsetSeconds {
            let wall = (date.daysSinceEpoch * 1440 + Int64(minuteOfDay)) * 60_000 + Int64(milliseconds)
            return Reading(instant: Timestamp(millisecondsSinceEpoch: wall - Int64(offsetSeconds) * 1000), precision: .exact)
        }
        return Reading(instant: calendar.instant(of: date, minute: minuteOfDay).adding(milliseconds: Int64(milliseconds)), precision: .storeClock)
    }

    /// `+HH:MM`, `+HHMM` or `+HH` at the end of a time of day, and the time before it.
    static func trailingOffset(_ time: String) -> (Int, String)? {
        guard let signIndex = time.lastIndex(where: { $0 == "+" || $0 == "-" }), signIndex != time.startIndex else { return nil }
        let digits = time[time.index(after: signIndex)...].filter { $0 != ":" }
        guard [2, 4].contains(digits.count), digits.allSatisfy(\.isASCIIDigit), let value = Int(digits) else { return nil }
        let hours = digits.count == 2 ? value : value / 100
        let minutes = digits.count == 2 ? 0 : value % 100
        guard hours <= 14, minutes < 60 else { return nil }
        let sign = time[signIndex] == "-" ? -1 : 1
        return (sign * (hours * 3600 + minutes * 60), String(time[..<signIndex]).trimmingSpaces)
    }

    /// `YYYY-MM-DD`, `YYYY/MM/DD`, `MM/DD/YYYY`, `MM-DD-YYYY` or `YYYYMMDD`.
    static func civilDate(_ text: String) -> CivilDate? {
        if text.count == 8, text.allSatisfy(\.isASCIIDigit), let number = Int(text) {
            return CivilDate(year: number / 10_000, month: number / 100 % 100, day: number % 100)
        }
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        if parts[0].count == 4 { return CivilDate(year: numbers[0], month: numbers[1], day: numbers[2]) }
        if parts[2].count == 4 { return CivilDate(year: numbers[2], month: numbers[0], day: numbers[1]) }
        return nil
    }

    /// `H:MM`, `HH:MM:SS`, `HH:MM:SS.fff` or `HHMMSS`: hour, minute and milliseconds into the minute.
    static func clock(_ text: String) -> (Int, Int, Int)? {
        var pieces = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if pieces.count == 1, text.count == 6, text.allSatisfy(\.isASCIIDigit) {
            pieces = [String(text.prefix(2)), String(text.dropFirst(2).prefix(2)), String(text.suffix(2))]
        }
        guard (2...3).contains(pieces.count), let hour = Int(pieces[0]), let minute = Int(pieces[1]), hour < 24, minute < 60,
              pieces[0].count <= 2, pieces[1].count == 2
        else { return nil }
        var milliseconds = 0
        if pieces.count == 3 {
            let secondParts = pieces[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard let seconds = Int(secondParts[0]), secondParts[0].count == 2, seconds < 61 else { return nil }
            milliseconds = min(seconds, 59) * 1000
            if secondParts.count == 2 {
                let fraction = secondParts[1].prefix(3)
                guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit), let value = Int(fraction.padding(toLength: 3, withPad: "0", startingAt: 0)) else { return nil }
                milliseconds += value
            }
        }
        return (hour, minute, milliseconds)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
