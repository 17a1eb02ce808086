/// Why a timestamp text was not accepted, in words a sender can act on.
public enum TimestampProblem: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed
    case missingOffset
    case outOfRange(String)

    public var description: String {
        switch self {
        case .malformed: "is not an RFC 3339 timestamp (expected e.g. 2026-03-08T09:15:00.250-05:00)"
        case .missingOffset: "has no time zone offset (add Z or an offset such as -05:00)"
        case .outOfRange(let part): "has an impossible \(part)"
        }
    }
}

extension Timestamp {
    /// Parses RFC 3339 (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`).
    ///
    /// Written by hand rather than with a date formatter because the ingest path parses
    /// several timestamps per event, the offset is mandatory, and a rejected value must
    /// say which part is wrong. Fractions beyond milliseconds are truncated.
    public init(rfc3339 text: some StringProtocol) throws(TimestampProblem) {
        var utf8 = Array(text.utf8)
        try self.init(rfc3339Bytes: &utf8)
    }

    init(rfc3339Bytes bytes: inout [UInt8]) throws(TimestampProblem) {
        func number(_ range: Range<Int>) throws(TimestampProblem) -> Int {
            guard range.upperBound <= bytes.count, let value = Int(digits: bytes[range]) else { throw .malformed }
            return value
        }
        func expect(_ index: Int, _ allowed: String) throws(TimestampProblem) {
            guard index < bytes.count, allowed.utf8.contains(bytes[index]) else { throw .malformed }
        }
        guard bytes.count >= 19 else {
            if bytes.count == 10, CivilDate(iso: String(decoding: bytes, as: UTF8.self)) != nil { throw .missingOffset }
            throw .malformed
        }
        let year = try number(0..<4)
        try expect(4, "-")
        let month = try number(5..<7)
        try expect(7, "-")
        let day = try number(8..<10)
        try expect(10, "Tt ")
        let hour = try number(11..<13)
        try expect(13, ":")
        let minute = try number(14..<16)
        try expect(16, ":")
        let second = try number(17..<19)

        var index = 19
        var millisecond = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if index - start < 3 { millisecond = millisecond * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                index += 1
            }
            let digits = index - start
            guard digits > 0 else { throw .malformed }
            for _ in digits..<max(digits, 3) { millisecond *= 10 }
        }

        guard index < bytes.count else { throw .missingOffset }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { throw .malformed }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count == index + 6 else { throw .malformed }
            let offsetHour = try number(index + 1..<index + 3)
            try expect(index + 3, ":")
            let offsetMinute = try number(index + 4..<index + 6)
            guard offsetHour <= 23, offsetMinute <= 59 else { throw .outOfRange("time zone offset") }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            throw .malformed
        }

        guard (1...12).contains(month) else { throw .outOfRange("month") }
        guard let date = CivilDate(year: year, month: month, day: day) else { throw .outOfRange("day of month") }
        guard hour <= 23 else { throw .outOfRange("hour") }
        guard minute <= 59 else { throw .outOfRange("minute") }
        // A leap second (:60) is not representable in Unix time; refuse it rather than guess.
        guard second <= 59 else { throw .outOfRange("second") }

        let secondsOfDay = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        self.init(millisecondsSinceEpoch: (date.daysSinceEpoch * 86_400 + secondsOfDay) * 1000 + Int64(millisecond))
    }

    /// The canonical text form: UTC, three fractional digits.
    public var rfc3339: String {
        let (day, millisecondOfDay) = utcDayAndMillisecond
        let date = CivilDate(daysSinceEpoch: day)
        let totalSeconds = Int(millisecondOfDay / 1000)
        var text = date.description
        text += "T"
        text += (totalSeconds / 3600).zeroPadded(2) + ":"
        text += (totalSeconds / 60 % 60).zeroPadded(2) + ":"
        text += (totalSeconds % 60).zeroPadded(2) + "."
        text += Int(millisecondOfDay % 1000).zeroPadded(3) + "Z"
        return text
    }
}
