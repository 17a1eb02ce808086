/// An instant with millisecond precision, the resolution events are compared and stored at.
///
/// Stored as milliseconds since 1970-01-01T00:00:00Z so that ordering, differences and
/// storage are plain integer arithmetic.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public init(secondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = secondsSinceEpoch * 1000
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    public func adding(seconds: Double) -> Timestamp {
        adding(milliseconds: Int64((seconds * 1000).rounded()))
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier).
    public func seconds(until later: Timestamp) -> Double {
        Double(later.millisecondsSinceEpoch - millisecondsSinceEpoch) / 1000
    }

    /// RFC 3339 in UTC with exactly three fractional digits: `2026-03-08T07:59:59.250Z`.
    public var description: String { rfc3339 }
}

extension Timestamp {
    public static let millisecondsPerDay: Int64 = 86_400_000

    /// Whole days since 1970-01-01 and the milliseconds into that day, both in UTC.
    var utcDayAndMillisecond: (day: Int64, millisecond: Int64) {
        let day = millisecondsSinceEpoch.floorDivided(by: Self.millisecondsPerDay)
        return (day, millisecondsSinceEpoch - day * Self.millisecondsPerDay)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so that instants before 1970 land on the right day.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
