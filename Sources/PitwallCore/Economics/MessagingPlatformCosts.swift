/// What the AI messaging costs the dealership, as its contract and its carrier bill it: a fee
/// a month for each store, a price for each text sent, and for each new lead; and what a car
/// sold earns it, so that the return can be said in profit and not only in revenue.
public struct MessagingPlatformCosts: Hashable, Sendable {
    /// The vendor's fee for one store for one month, in dollars.
    public var monthlyFeePerStore: Double
    /// What one text sent costs (the vendor's and the carrier's), in dollars: fractions of a
    /// cent are usual.
    public var perTextSent: Double
    /// What the vendor charges for each new lead it takes on, in dollars.
    public var perLead: Double
    /// The dealership's gross profit on a car sold (front and back end), in dollars; nil when
    /// not given, and then the return is said in revenue only.
    public var grossProfitPerCar: Double?

    public init(monthlyFeePerStore: Double = 0, perTextSent: Double = 0, perLead: Double = 0, grossProfitPerCar: Double? = nil) {
        self.monthlyFeePerStore = monthlyFeePerStore
        self.perTextSent = perTextSent
        self.perLead = perLead
        self.grossProfitPerCar = grossProfitPerCar
    }

    /// Nothing configured: the platform's cost is unknown, not nothing.
    public var isKnown: Bool { monthlyFeePerStore > 0 || perTextSent > 0 || perLead > 0 }

    /// The fees for `stores` stores over the whole local days of `window`: each day carries
    /// its month's fee over that month's days, so a calendar month costs exactly the fee and a
    /// week of February a little more than a week of March.
    public func fees(over window: ClosedRange<CivilDate>, stores: Int) -> Double {
        guard monthlyFeePerStore > 0, stores > 0 else { return 0 }
        var share = 0.0
        var day = window.lowerBound
        while day <= window.upperBound {
            let monthDays = CivilDate.daysIn(month: day.month, year: day.year)
            // Whole months at a time: a year's window is twelve steps, not 365.
            let last = min(day.adding(days: monthDays - day.day), window.upperBound)
            share += Double(last.day - day.day + 1) / Double(monthDays)
            day = last.adding(days: 1)
        }
        return monthlyFeePerStore * Double(stores) * share
    }
}
