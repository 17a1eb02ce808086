/// A store's usual day, weekday by weekday: the mean of each weekday over the days learned
/// from, holidays left out (a holiday is not the weekday it falls on). Dealerships' leads and
/// sales follow the week (a busy Saturday, a quiet Sunday) far more than any trend over two
/// months, so the same weekday's recent mean is the forecast; the backtest says how well that
/// has done.
public struct WeekdayPattern: Sendable {
    /// The days learned from, holidays included in the span but not in the means.
    public let learned: ClosedRange<CivilDate>
    /// By ISO weekday - 1 (0 = Monday).
    public let means: [Double]
    /// How many days of each weekday the means stand on.
    public let daysSeen: [Int]
    /// The store's holidays: a holiday to come brings `holidayShare` of its weekday's mean.
    let holidays: Set<CivilDate>
    /// What the store's past holidays brought against their weekdays' means (0 for a store
    /// that closes and sells nothing, more than 0 for web leads that still come in); 1, the
    /// weekday's own mean, when no past holiday has been seen.
    public private(set) var holidayShare = 1.0
    /// Σ (day − its weekday's mean)² / mean, over the days whose weekday's mean is not zero:
    /// what the day-to-day spread is estimated from, with `freedom` degrees of freedom.
    let scaledSquares: Double
    let freedom: Int

    /// Fewer than two of a weekday say nothing about its spread and little about its level.
    public static let fewestOfEachWeekday = 2

    public init(learned: ClosedRange<CivilDate>, holidays: Set<CivilDate>, value: (CivilDate) -> Double) {
        self.learned = learned
        var sums = [Double](repeating: 0, count: 7)
        var seen = [Int](repeating: 0, count: 7)
        var values: [(weekday: Int, value: Double)] = []
        var date = learned.lowerBound
        while date <= learned.upperBound {
            if !holidays.contains(date) {
                let weekday = date.isoWeekday - 1
                let figure = value(date)
                sums[weekday] += figure
                seen[weekday] += 1
                values.append((weekday, figure))
            }
            date = date.adding(days: 1)
        }
        let means = sums.indices.map { seen[$0] == 0 ? 0 : sums[$0] / Double(seen[$0]) }
        var squares = 0.0
        var days = 0
        for (weekday, figure) in values where means[weekday] > 0 {
            squares += (figure - means[weekday]) * (figure - means[weekday]) / means[weekday]
            days += 1
        }
        self.means = means
        daysSeen = seen
        self.holidays = holidays
        scaledSquares = squares
        // One mean estimated per weekday that has one.
        freedom = Swift.max(0, days - means.filter { $0 > 0 }.count)
    }

    /// This pattern with its holiday share learned from `past`, the store's holidays since it
    /// has data (within a year, through the day learned to): their figures against what their
    /// weekdays usually bring.
    public func learningHolidays(_ past: [CivilDate], value: (CivilDate) -> Double) -> WeekdayPattern {
        let usual = past.reduce(0) { $0 + means[$1.isoWeekday - 1] }
        guard usual > 0 else { return self }
        var pattern = self
        pattern.holidayShare = past.reduce(0) { $0 + value($1) } / usual
        return pattern
    }

    /// Whether every weekday was seen often enough to forecast it.
    public var isEnough: Bool { daysSeen.allSatisfy { $0 >= Self.fewestOfEachWeekday } }

    /// The expected sum over `dates` and its variance, with `dispersion` the variance of a
    /// day per unit of its mean. Each day adds its own spread (dispersion × mean); each
    /// weekday's mean is itself uncertain (dispersion × mean / days seen), and that error
    /// repeats on every day of that weekday, so it grows with their number squared.
    /// A holiday counts as `holidayShare` of a day.
    public func forecast(_ dates: [CivilDate], dispersion: Double) -> ForecastSum {
        var perWeekday = [Double](repeating: 0, count: 7)
        for date in dates { perWeekday[date.isoWeekday - 1] += holidays.contains(date) ? holidayShare : 1 }
        var sum = ForecastSum()
        for weekday in 0..<7 where perWeekday[weekday] > 0 {
            let days = perWeekday[weekday]
            let mean = means[weekday]
            sum.expected += days * mean
            sum.variance += dispersion * mean * (days + days * days / Double(Swift.max(daysSeen[weekday], 1)))
        }
        return sum
    }
}

/// The day-to-day spread of one metric, pooled over stores: a small store's few weeks say
/// little alone. A variance per unit of mean (a quasi-Poisson scale), so that a store twice
/// the size gets a range √2 times as wide, not twice.
public struct Dispersion: Sendable {
    private var squares = 0.0
    private var freedom = 0

    public init() {}

    public mutating func add(_ pattern: WeekdayPattern) {
        squares += pattern.scaledSquares
        freedom += pattern.freedom
    }

    public func value(for metric: ForecastMetric) -> Double {
        let estimate = freedom > 0 ? squares / Double(freedom) : 0
        return Swift.max(estimate, metric.leastDispersion)
    }
}
