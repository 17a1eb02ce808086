import Synchronization

/// A store's usual pace of new leads, hour by hour of its week, learned from the weeks before;
/// and how many leads that pace would have brought in a span. A store that has had none for
/// three hours on a Tuesday afternoon, when it usually gets two an hour, has a broken feed
/// (a form, the CRM's export, a webhook), not a quiet day; the same three hours at night say
/// nothing. Silence is judged against what the hours usually bring, not a fixed time.
public struct LeadPace: Sendable {
    /// Leads an hour, by ISO weekday - 1 (0 = Monday) and the store's local hour.
    public private(set) var perHour: [[Double]]
    public let store: StoreProfile
    /// The days it was learned over.
    public let days: ClosedRange<CivilDate>
    /// The leads the pace was learned from: with few, it says little.
    public let leadsSeen: Int
    /// Of those, how many came from each source (from the `source` rollup rows of the same
    /// days, holidays left out): a source's share of the pace.
    public private(set) var leadsBySource: [String: Int] = [:]

    /// `rows`: the store's rollup rows by `hour` over `days`. A holiday's leads and the day
    /// itself are left out: a holiday is quieter than the weekday it falls on.
    public init(rows: [RollupRow], days: ClosedRange<CivilDate>, store: StoreProfile) {
        self.store = store
        self.days = days
        var weekdays = [Int](repeating: 0, count: 7)
        var date = days.lowerBound
        while date <= days.upperBound {
            if !store.holidays.contains(date) { weekdays[date.isoWeekday - 1] += 1 }
            date = date.adding(days: 1)
        }
        var leads = [[Double]](repeating: [Double](repeating: 0, count: 24), count: 7)
        var seen = 0
        for row in rows where row.cell.dimension == .hour {
            let date = CivilDate(daysSinceEpoch: row.cell.day)
            guard days.contains(date), !store.holidays.contains(date), let hour = Int(row.cell.value), (0..<24).contains(hour) else { continue }
            let count = row.counters[RollupCounter.leads.rawValue]
            leads[date.isoWeekday - 1][hour] += Double(count)
            seen += Int(count)
        }
        perHour = leads.indices.map { weekday in leads[weekday].map { weekdays[weekday] == 0 ? 0 : $0 / Double(weekdays[weekday]) } }
        leadsSeen = seen
    }

    /// This pace with each source's leads over the same days, from the store's `source` rows.
    public func withSources(_ rows: [RollupRow]) -> LeadPace {
        var pace = self
        pace.leadsBySource = [:]
        for row in rows where row.cell.dimension == .source {
            let date = CivilDate(daysSinceEpoch: row.cell.day)
            guard days.contains(date), !store.holidays.contains(date) else { continue }
            let count = Int(row.counters[RollupCounter.leads.rawValue])
            if count > 0, !row.cell.value.isEmpty { pace.leadsBySource[row.cell.value, default: 0] += count }
        }
        return pace
    }

    /// The longest span judged: a feed silent for longer is broken whatever the hours.
    public static let longestSpanDays = 14

    /// The leads the usual pace brings in `[from, to)`, hour by hour on the store's clock (a
    /// holiday brings none), and the instant the running count first reached `threshold`.
    public func expectedLeads(from: Timestamp, to: Timestamp, reaching threshold: Double? = nil) -> (leads: Double, reachedAt: Timestamp?) {
        let calendar = store.calendar
        var start = Swift.max(from, to.adding(milliseconds: -Int64(Self.longestSpanDays) * Timestamp.millisecondsPerDay))
        var total = 0.0
        var reachedAt: Timestamp?
        while start < to {
            let (date, minute) = calendar.localTime(of: start)
            let hour = minute / 60
            // The next hour on the store's clock; a DST change can make an hour shorter or longer.
            var next = calendar.instant(of: date, minute: (hour + 1) * 60)
            if next <= start { next = start.adding(milliseconds: 3_600_000) }
            let end = Swift.min(next, to)
            let rate = store.holidays.contains(date) ? 0 : perHour[date.isoWeekday - 1][hour] / 3_600_000
            let added = rate * Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch)
            if let threshold, reachedAt == nil, total + added >= threshold, rate > 0 {
                reachedAt = start.adding(milliseconds: Int64(((threshold - total) / rate).rounded()))
            }
            total += added
            start = end
        }
        return (total, reachedAt)
    }
}

/// The paces an alert monitor has learned, kept for the hour: a pace moves with whole days of
/// history, and learning it reads four weeks of hourly rollups (some 3 ms a store), which every
/// round and every batch bringing a new lead would otherwise repeat. Kept an hour rather than a
/// day, so that history imported while the server runs is learned within the hour.
final class LeadPaceCache: Sendable {
    struct Key: Hashable {
        var organisation: OrganisationID?
        var store: StoreID
        var calendarVersion: String
        var days: ClosedRange<CivilDate>
        var hour: Int64
        /// Whether the pace knows each source's share: only a rule watching each source reads them.
        var bySource: Bool
    }

    private let paces = Mutex<[Key: LeadPace]>([:])

    func pace(for key: Key, learn: () async throws -> LeadPace) async throws -> LeadPace {
        if let known = paces.withLock({ $0[key] }) { return known }
        let learned = try await learn()
        paces.withLock { paces in
            paces = paces.filter { $0.key.hour == key.hour }
            paces[key] = learned
        }
        return learned
    }
}
