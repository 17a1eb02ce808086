/// Each store's daily totals of the forecast metrics, by its local day, from the rollup rows
/// of the whole store (`SegmentDimension.all`).
public struct DailyHistory: Sendable {
    /// Per store, per local day (days since 1970-01-01), one figure per `ForecastMetric`, in order.
    private var days: [StoreID: [Int64: [Double]]] = [:]
    /// Per store, the first day with anything counted.
    public private(set) var firstDay: [StoreID: CivilDate] = [:]

    public init(rows: [RollupRow]) {
        for row in rows where row.cell.dimension == .all {
            let figures = ForecastMetric.allCases.map { $0.value(of: row.counters) }
            guard figures.contains(where: { $0 != 0 }) else { continue }
            for index in figures.indices {
                days[row.cell.store, default: [:]][row.cell.day, default: Array(repeating: 0, count: figures.count)][index] += figures[index]
            }
            let date = CivilDate(daysSinceEpoch: row.cell.day)
            if firstDay[row.cell.store].map({ date < $0 }) ?? true { firstDay[row.cell.store] = date }
        }
    }

    /// The stores with anything counted, in order.
    public var stores: [StoreID] { days.keys.sorted { $0.rawValue < $1.rawValue } }

    public func value(_ metric: ForecastMetric, store: StoreID, on date: CivilDate) -> Double {
        days[store]?[date.daysSinceEpoch]?[Self.index(metric)] ?? 0
    }

    /// The sum over `dates` of one store, or of every store with `store` nil: a look-up a day,
    /// since the outlook asks for single days and short spans thousands of times.
    public func total(_ metric: ForecastMetric, store: StoreID?, over dates: ClosedRange<CivilDate>) -> Double {
        let index = Self.index(metric)
        var sum = 0.0
        for byDay in store.map({ [days[$0] ?? [:]] }) ?? Array(days.values) {
            for day in dates.daysSinceEpoch {
                if let figures = byDay[day] { sum += figures[index] }
            }
        }
        return sum
    }

    /// Whether anything at all was counted.
    public var isEmpty: Bool { days.isEmpty }

    static func index(_ metric: ForecastMetric) -> Int { ForecastMetric.allCases.firstIndex(of: metric)! }
}
