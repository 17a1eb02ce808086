import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The outlook read from each store's rollups, against the same figures worked out from the
/// raw events written here: each store's local day of every lead, text and sale, and each
/// weekday's mean over the days learned, without the rollups or the core's forecast code.
@Suite("The outlook on simulated data, checked a second way")
struct SimulatedOutlookTests {
    static let settings = SimulationSettings(days: 77, seed: 19, storeCount: 3, leadsPerDay: 24)
    /// Simulated and scanned once for every backend: the runs of each backend share the two
    /// cores with the rest of the suite, whose servers' timers must not starve.
    static let group = SimulatedGroup(settings)
    static let scanned = scan(group.events, zones: group.zones)

    /// Each store's figures by local day, from the raw events: leads on their first
    /// `lead.created`, texts on their `message.sent`, sales and revenue on their `sale.closed`,
    /// each counted once however often it was delivered.
    static func scan(_ events: [Event], zones: [StoreID: TimeZone]) -> [StoreID: [CivilDate: [ForecastMetric: Double]]] {
        let created = IndependentKPIScan.firstCreated(events)
        func store(_ lead: LeadID) -> StoreID? {
            if case .leadCreated(let profile)? = created[lead]?.payload { return profile.storeID }
            return nil
        }
        var texts: [MessageID: Event] = [:]
        var sales: [SaleID: (Event, Money)] = [:]
        for event in events {
            switch event.payload {
            case .messageSent(let sent):
                if let known = texts[sent.messageID], known.occurredAt <= event.occurredAt { continue }
                texts[sent.messageID] = event
            case .saleClosed(let sale):
                if let known = sales[sale.saleID], known.0.occurredAt <= event.occurredAt { continue }
                sales[sale.saleID] = (event, sale.amount)
            default: break
            }
        }
        var days: [StoreID: [CivilDate: [ForecastMetric: Double]]] = [:]
        func add(_ metric: ForecastMetric, _ value: Double, lead: LeadID, at instant: Timestamp) {
            guard let id = store(lead), let zone = zones[id] else { return }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.year, .month, .day], from: instant.date)
            days[id, default: [:]][CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!, default: [:]][metric, default: 0] += value
        }
        for (lead, event) in created { add(.leads, 1, lead: lead, at: event.occurredAt) }
        for event in texts.values { add(.textsSent, 1, lead: event.leadID, at: event.occurredAt) }
        for (event, amount) in sales.values {
            add(.sales, 1, lead: event.leadID, at: event.occurredAt)
            add(.revenue, Double(amount.cents) / 100, lead: event.leadID, at: event.occurredAt)
        }
        return days
    }

    static func dates(_ range: ClosedRange<CivilDate>) -> [CivilDate] {
        stride(from: range.lowerBound.daysSinceEpoch, through: range.upperBound.daysSinceEpoch, by: 1).map(CivilDate.init(daysSinceEpoch:))
    }

    @Test("the days so far, the month before, the backtest's weeks and each weekday's forecast equal the raw events' own", arguments: StoreBackend.allCases)
    func matchesScan(backend: StoreBackend) async throws {
        let simulator = Self.group.simulator
        let (store, cleanUp) = try await Self.group.delivered(to: backend, seed: 29, resentAt: Self.settings.start)
        defer { cleanUp() }

        // Sunday 8 March 2026: two months of history since Monday 5 January, March under way.
        let asOf = CivilDate(year: 2026, month: 3, day: 8)!
        let history = Outlook.historyDays(asOf: asOf, kind: .month)
        let counters = RollupCounterSelection.only(ForecastMetric.allCases.map(\.counter))
        let rows = try await store.rollupRows(
            dimension: .all, days: history.lowerBound.daysSinceEpoch...history.upperBound.daysSinceEpoch, store: nil, counters: counters)
        let profiles = simulator.stores.map(\.profile)
        let outlook = Outlook(asOf: asOf, kind: .month, history: DailyHistory(rows: rows), lastYear: DailyHistory(rows: []), hourRows: [], stores: profiles)

        let scanned = Self.scanned
        func total(_ metric: ForecastMetric, _ range: ClosedRange<CivilDate>, stores: [StoreID]? = nil) -> Double {
            (stores ?? profiles.map(\.id)).reduce(0) { sum, id in sum + Self.dates(range).reduce(0) { $0 + (scanned[id]?[$1]?[metric] ?? 0) } }
        }
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-6 * Swift.max(1, abs(b)) } ?? false }

        #expect(outlook.notForecast.isEmpty)
        #expect(total(.leads, asOf.adding(days: -6)...asOf) > 300, "a busy enough week to say something")
        for metric in ForecastMetric.allCases {
            let figure = outlook.metric(metric)
            let march = CivilDate(year: 2026, month: 3, day: 1)!...asOf
            #expect(close(figure.toDate, total(metric, march)), "\(metric) so far")
            #expect(close(figure.previousPeriod, total(metric, CivilDate(year: 2026, month: 2, day: 1)!...CivilDate(year: 2026, month: 2, day: 28)!)), "\(metric) in February")
            #expect(figure.backtest.count == 4)
            for week in figure.backtest {
                #expect(close(week.actual, total(metric, week.days)), "\(metric) in the week of \(week.days.lowerBound)")
            }
            // Each weekday's mean over the 56 days through 8 March (the store's holidays left
            // out), day by day for the rest of March, summed over the stores.
            let learned = Self.dates(asOf.adding(days: -55)...asOf)
            var expected = 0.0
            for day in Self.dates(asOf.adding(days: 1)...CivilDate(year: 2026, month: 3, day: 31)!) {
                for profile in profiles {
                    let same = learned.filter { $0.isoWeekday == day.isoWeekday && !profile.holidays.contains($0) }
                    expected += same.reduce(0) { $0 + (scanned[profile.id]?[$1]?[metric] ?? 0) } / Double(same.count)
                }
            }
            #expect(close(figure.rest?.expected, expected), "\(metric) for the rest of March")
            #expect(close(figure.projected?.expected, total(metric, march) + expected))
            #expect(figure.projected.map { $0.low < $0.expected && $0.expected < $0.high } == true)
        }
    }
}
