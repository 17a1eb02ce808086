/// How fast the database really grew, from its daily sizes: the median, over every pair of
/// sizes exactly a week apart, of what it grew a day between them.
///
/// A week, so that each pair holds every weekday once and quiet weekends do not drag a
/// Monday-to-Tuesday figure down. The median, so that a one-off step (a year of history
/// imported, a store's data removed) does not become the pace: a step lies inside at most
/// seven of the pairs, and with `minimumWeeks` pairs or more those are fewer than half.
public struct MeasuredGrowth: Hashable, Sendable {
    /// Pairs needed before the figure is trusted: three weeks of daily sizes with no day
    /// missed give fifteen, of which a step can spoil seven at most.
    public static let minimumWeeks = 15

    public var bytesPerDay: Double
    /// Days from the first size to the last.
    public var days: Int
    /// Pairs a week apart the median is of.
    public var weeks: Int

    public init(bytesPerDay: Double, days: Int, weeks: Int) {
        self.bytesPerDay = bytesPerDay
        self.days = days
        self.weeks = weeks
    }

    /// Nil when fewer than `minimumWeeks` pairs of sizes lie a week apart (a new server, or
    /// one that was stopped on many days).
    public init?(_ sizes: [StorageSize]) {
        var byDay: [Int64: Int64] = [:]
        for size in sizes { byDay[size.day.daysSinceEpoch] = size.usedBytes }
        var growth: [Double] = []
        for (day, bytes) in byDay {
            guard let weekLater = byDay[day + 7] else { continue }
            growth.append(Double(weekLater - bytes) / 7)
        }
        guard growth.count >= Self.minimumWeeks, let first = byDay.keys.min(), let last = byDay.keys.max() else { return nil }
        growth.sort()
        let middle = growth.count / 2
        let median = growth.count % 2 == 1 ? growth[middle] : (growth[middle - 1] + growth[middle]) / 2
        self.init(bytesPerDay: median, days: Int(last - first), weeks: growth.count)
    }
}
