/// What the outlook forecasts: flows counted on the local day they happen, so a day's figure
/// is final once the day is over (a lead's conversion is not: it is still coming in for weeks,
/// which is the scorecard's maturity, not a forecast).
public enum ForecastMetric: String, CaseIterable, Sendable {
    case leads
    case textsSent = "texts_sent"
    case sales
    case revenue

    /// The rollup counter that counts it on its day.
    public var counter: RollupCounter {
        switch self {
        case .leads: .leads
        case .textsSent: .messagesSent
        case .sales: .salesClosed
        case .revenue: .revenueCents
        }
    }

    /// As a manager says it.
    public var name: String {
        switch self {
        case .leads: "New leads"
        case .textsSent: "Texts sent"
        case .sales: "Cars sold"
        case .revenue: "Revenue"
        }
    }

    public var isMoney: Bool { self == .revenue }

    /// A day's figure from a rollup row's counters: revenue in dollars, the rest as counted.
    func value(of counters: [Int64]) -> Double {
        let index = counter.rawValue
        guard index < counters.count else { return 0 }
        return isMoney ? Double(counters[index]) / 100 : Double(counters[index])
    }

    /// The least day-to-day spread a count is given, as a multiple of its mean: arrivals of
    /// leads and sales are at least as uneven as independent arrivals (a Poisson count), and a
    /// few calm weeks must not make the range narrower than that. Money has no such floor.
    var leastDispersion: Double { isMoney ? 0 : 1 }

    /// How a figure of this metric is written.
    public func format(_ value: Double) -> String {
        isMoney ? KPIFormatting.dollars(value) : KPIFormatting.grouped(Int64(value.rounded()))
    }
}
