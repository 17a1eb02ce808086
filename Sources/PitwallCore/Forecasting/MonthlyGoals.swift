import Foundation

/// What the group, and each store, mean to reach in a month: the figures an executive's
/// scorecard sets against "current" (new leads, cars sold, revenue; texts too, for the
/// platform's capacity). The KPI catalog's targets are rates; these are totals.
public struct MonthlyGoals: Hashable, Sendable {
    public var group: [ForecastMetric: Double] = [:]
    public var stores: [StoreID: [ForecastMetric: Double]] = [:]

    public init(group: [ForecastMetric: Double] = [:], stores: [StoreID: [ForecastMetric: Double]] = [:]) {
        self.group = group
        self.stores = stores
    }

    /// The goals of one store, or of the group with `store` nil.
    public func goals(for store: StoreID?) -> [ForecastMetric: Double] {
        store.map { stores[$0] ?? [:] } ?? group
    }
}

/// Where a period's total stands against its goal.
public struct GoalOutlook: Sendable, Equatable {
    public let goal: Double
    /// The chance the period ends at the goal or above, if the days left vary as the learned
    /// ones did (the forecast's normal approximation); 1 once it is reached.
    public let chance: Double
    /// What each day left must bring on average to reach it; 0 once it is reached, nil with no day left.
    public let neededPerDay: Double?
    /// What the days left usually bring a day, for comparison.
    public let usualPerDay: Double?
    /// Whether the period has already reached it.
    public let isReached: Bool

    public init(goal: Double, toDate: Double, rest: ForecastSum, daysLeft: Int) {
        self.goal = goal
        let short = goal - toDate
        isReached = short <= 0
        if short <= 0 {
            chance = 1
        } else if rest.variance > 0 {
            // P(rest ≥ short) for rest ~ Normal(expected, variance).
            chance = 0.5 * Foundation.erfc((short - rest.expected) / (rest.variance * 2).squareRoot())
        } else {
            chance = rest.expected >= short ? 1 : 0
        }
        neededPerDay = daysLeft > 0 ? Swift.max(0, short) / Double(daysLeft) : nil
        usualPerDay = daysLeft > 0 ? rest.expected / Double(daysLeft) : nil
    }
}
