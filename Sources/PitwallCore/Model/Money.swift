/// An amount of money in cents, so that sums of many sales are exact.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var cents: Int64

    public init(cents: Int64) {
        self.cents = cents
    }

    /// Rounds to the nearest cent (half away from zero).
    public init(amount: Double) {
        self.cents = Int64((amount * 100).rounded())
    }

    public static let zero = Money(cents: 0)

    /// The largest amount an event may carry (a sale, a lead's cost). Far above any deal a
    /// dealership closes, it refuses what no sale can be (1e20 would not even fit in cents)
    /// and keeps every sum of amounts, and of their squares in hundreds, inside 64 bits.
    public static let largestAmount = 10_000_000.0

    public var amount: Double { Double(cents) / 100 }

    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.cents += rhs.cents }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.cents -= rhs.cents }
    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }

    /// A JSON number: `35250` or `35250.5`.
    public var description: String {
        let whole = cents / 100
        let fraction = abs(cents % 100)
        let sign = cents < 0 && whole == 0 ? "-" : ""
        if fraction == 0 { return "\(sign)\(whole)" }
        return fraction % 10 == 0 ? "\(sign)\(whole).\(fraction / 10)" : "\(sign)\(whole).\(Int(fraction).zeroPadded(2))"
    }
}
