import Foundation
import Testing

@testable import PitwallCore

@Suite("A store's usual pace of leads, and what a silence would have missed")
struct LeadPaceTests {
    static let chicago = StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!)

    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    /// `leads` new leads in each local hour of `hours` on each of `days`, as the `hour` rollup rows hold them.
    static func rows(_ days: [String], hours: Range<Int>, leads: Int64, store: StoreID = "lkt") -> [RollupRow] {
        days.flatMap { day in
            hours.map { hour in
                var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
                counters[RollupCounter.leads.rawValue] = leads
                return RollupRow(
                    cell: RollupCell(dimension: .hour, value: hour < 10 ? "0\(hour)" : "\(hour)", store: store, day: date(day).daysSinceEpoch),
                    counters: counters, responseTimes: Data())
            }
        }
    }

    /// Four Tuesdays of March 2026, 9 to 5, two leads an hour.
    static let tuesdays = rows(["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"], hours: 9..<17, leads: 2)
    static let march = date("2026-03-03")...date("2026-03-30")

    func at(_ text: String, _ store: StoreProfile = chicago) throws -> Timestamp {
        // Local wall time "2026-03-31 10:00" on the store's clock.
        let parts = text.split(separator: " ")
        let clock = parts[1].split(separator: ":").map { Int($0)! }
        return store.calendar.instant(of: Self.date(String(parts[0])), minute: clock[0] * 60 + clock[1])
    }

    @Test("the pace is the leads of each weekday's hour over the weeks seen; other hours and days bring none")
    func pace() {
        let pace = LeadPace(rows: Self.tuesdays, days: Self.march, store: Self.chicago)
        #expect(pace.leadsSeen == 64)
        #expect(pace.perHour[1][9] == 2 && pace.perHour[1][16] == 2)
        #expect(pace.perHour[1][17] == 0 && pace.perHour[1][8] == 0 && pace.perHour[2][10] == 0)
    }

    @Test("silent from 10:00 to 12:45 on a Tuesday: 5.5 leads missed, the third at 11:30; silent overnight: none")
    func expected() throws {
        let pace = LeadPace(rows: Self.tuesdays, days: Self.march, store: Self.chicago)
        let morning = pace.expectedLeads(from: try at("2026-03-31 10:00"), to: try at("2026-03-31 12:45"), reaching: 3)
        #expect(abs(morning.leads - 5.5) < 1e-9)
        #expect(morning.reachedAt == (try at("2026-03-31 11:30")))
        // From the last lead at 16:50 to 08:00 the next day: 10 minutes of the 4 pm hour, then nothing.
        let night = pace.expectedLeads(from: try at("2026-03-31 16:50"), to: try at("2026-04-01 08:00"), reaching: 3)
        #expect(abs(night.leads - 2.0 / 6) < 1e-9)
        #expect(night.reachedAt == nil)
    }

    @Test("a holiday teaches nothing and is expected to be quiet")
    func holidays() throws {
        var store = Self.chicago
        store.holidays = [Self.date("2026-03-17"), Self.date("2026-03-31")]
        // A busy St Patrick's Day (5 an hour) is left out: three Tuesdays of 2 an hour remain.
        let rows = Self.rows(["2026-03-03", "2026-03-10", "2026-03-24"], hours: 9..<17, leads: 2) + Self.rows(["2026-03-17"], hours: 9..<17, leads: 5)
        let pace = LeadPace(rows: rows, days: Self.march, store: store)
        #expect(pace.perHour[1][9] == 2 && pace.leadsSeen == 48)
        #expect(pace.expectedLeads(from: try at("2026-03-31 10:00", store), to: try at("2026-03-31 12:45", store)).leads == 0)
        // The Tuesday after is an ordinary one.
        #expect(abs(pace.expectedLeads(from: try at("2026-04-07 10:00", store), to: try at("2026-04-07 11:00", store)).leads - 2) < 1e-9)
    }

    @Test("hours are the store's own across a DST change: the Sunday night it springs forward has one hour fewer")
    func daylightSaving() throws {
        // One lead an hour on Sundays, every hour; 8 March 2026 springs forward at 02:00 in Chicago.
        let sundays = Self.rows(["2026-02-15", "2026-02-22", "2026-03-01"], hours: 0..<24, leads: 1)
        let pace = LeadPace(rows: sundays, days: Self.date("2026-02-09")...Self.date("2026-03-07"), store: Self.chicago)
        // 00:00 to 04:00 on the clock is three real hours that night, and three Sunday hours.
        let night = pace.expectedLeads(from: try at("2026-03-08 00:00"), to: try at("2026-03-08 04:00"))
        #expect(abs(night.leads - 3) < 1e-9)
        let ordinary = pace.expectedLeads(from: try at("2026-03-01 00:00"), to: try at("2026-03-01 04:00"))
        #expect(abs(ordinary.leads - 4) < 1e-9)
    }

    @Test("a feed silent for longer than two weeks is judged on the last two weeks")
    func longSilence() throws {
        let pace = LeadPace(rows: Self.tuesdays, days: Self.march, store: Self.chicago)
        let year = pace.expectedLeads(from: try at("2025-03-31 10:00"), to: try at("2026-03-31 10:00"))
        // Two Tuesdays of 16 leads.
        #expect(abs(year.leads - 32) < 1e-9)
    }
}
