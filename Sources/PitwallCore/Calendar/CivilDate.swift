/// A calendar date without a time zone (a "local day"), proleptic Gregorian.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Builds a date, or returns nil when the day does not exist (2026-02-29, 2026-04-31).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int64) {
        // Days-to-civil conversion over 400-year eras (the cycle after which the Gregorian
        // calendar repeats), valid for every representable day.
        let shifted = daysSinceEpoch + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.year = Int(year)
        self.month = Int(month)
        self.day = Int(day)
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 1 = Monday ... 7 = Sunday (ISO 8601).
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = daysSinceEpoch + 3
        return Int(offset - 7 * offset.floorDivided(by: 7)) + 1
    }

    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Int(digits: bytes[0..<4]), let month = Int(digits: bytes[5..<7]),
              let day = Int(digits: bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeap(year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year: year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int {
    /// Parses ASCII decimal digits only: no sign, no spaces.
    init?(digits: ArraySlice<UInt8>) {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        self = value
    }

    public func zeroPadded(_ width: Int) -> String {
        let text = String(self)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension ClosedRange where Bound == CivilDate {
    /// The same days as days since 1970-01-01, as the rollups key them.
    public var daysSinceEpoch: ClosedRange<Int64> { lowerBound.daysSinceEpoch...upperBound.daysSinceEpoch }

    /// Every instant that falls on one of these local days in some time zone: the UTC days
    /// with a day either side (no zone is a day away from UTC). A reader asks its store for
    /// these, then keeps each item by its own store's local date.
    public var instantsInAnyZone: Range<Timestamp> {
        Timestamp(millisecondsSinceEpoch: (lowerBound.daysSinceEpoch - 1) * Timestamp.millisecondsPerDay)
            ..< Timestamp(millisecondsSinceEpoch: (upperBound.daysSinceEpoch + 2) * Timestamp.millisecondsPerDay)
    }
}
