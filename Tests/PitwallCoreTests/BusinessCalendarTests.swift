import Foundation
import Testing

@testable import PitwallCore

@Suite("Opening hours")
struct WeeklyHoursTests {
    @Test(
        "day formats people write",
        arguments: [
            ("08:00-20:00", [480..<1200]),
            ("08:00-12:00,13:00-20:00", [480..<720, 780..<1200]),
            (" 9:30 - 17:45 ", [570..<1065]),
            ("22:00-02:00", [1320..<1560]),
            ("00:00-24:00", [0..<1440]),
            ("24h", [0..<1440]),
            ("closed", []),
        ])
    func parses(text: String, expected: [Range<Int>]) throws {
        #expect(try WeeklyHours.parseDay(text).map { $0.startMinute..<$0.endMinute } == expected)
    }

    @Test("mistakes are explained", arguments: ["8-20", "08:00", "08:00-25:00", "10:00-10:00", "08:00-12:00,11:00-14:00", "noon-6pm"])
    func refuses(text: String) {
        #expect(throws: HoursProblem.self) { try WeeklyHours.parseDay(text) }
    }
}

@Suite("Business calendar")
struct BusinessCalendarTests {
    func store(_ zone: String, hours: [String], holidays: Set<CivilDate> = []) throws -> BusinessCalendar {
        StoreProfile(
            id: "s", timeZone: TimeZone(identifier: zone)!, hours: WeeklyHours(days: try hours.map(WeeklyHours.parseDay)), holidays: holidays
        ).calendar
    }

    func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    /// Mon-Fri 09-12 and 13-17, Sat 10-14, Sun closed; Monday 2026-05-25 is a holiday.
    func lunchBreakAndHoliday() throws -> BusinessCalendar {
        let weekday = "09:00-12:00,13:00-17:00"
        return try store(
            "America/New_York", hours: Array(repeating: weekday, count: 5) + ["10:00-14:00", "closed"], holidays: [CivilDate(year: 2026, month: 5, day: 25)!])
    }

    @Test("the instants asked for a run of local days hold those days in the farthest zones, east and west")
    func instantsInAnyZone() throws {
        let days = CivilDate(year: 2026, month: 3, day: 7)!...CivilDate(year: 2026, month: 3, day: 8)!
        let span = days.instantsInAnyZone
        for zone in ["Pacific/Kiritimati", "Etc/GMT+12", "America/Chicago", "UTC"] {
            let calendar = try store(zone, hours: Array(repeating: "24h", count: 7))
            let first = calendar.startOfDay(days.lowerBound), end = calendar.startOfDay(days.upperBound.adding(days: 1))
            #expect(span.contains(first) && span.contains(end.adding(milliseconds: -1)), "\(zone)")
        }
        #expect(span.lowerBound == instant("2026-03-06T00:00:00Z") && span.upperBound == instant("2026-03-10T00:00:00Z"))
    }

    @Test("a calendar's version follows every change to its zone, hours, holidays and overrides, and only those")
    func calendarVersionFollowsChanges() throws {
        let weekdays = try WeeklyHours(days: Array(repeating: "09:00-18:00", count: 7).map(WeeklyHours.parseDay))
        let christmas = CivilDate(year: 2026, month: 12, day: 25)!
        var profile = StoreProfile(id: "s", timeZone: TimeZone(identifier: "America/Chicago")!)
        var seen = [profile.calendarVersion]
        profile.hours = weekdays
        profile.holidays = [christmas]
        seen.append(profile.calendarVersion)
        profile.overrides = [christmas: try WeeklyHours.parseDay("10:00-12:00")]
        seen.append(profile.calendarVersion)
        profile.timeZone = TimeZone(identifier: "America/Denver")!
        seen.append(profile.calendarVersion)
        profile.name = "Renamed"
        #expect(Set(seen).count == 4)
        #expect(
            profile.calendarVersion
                == StoreProfile(
                    id: "other", timeZone: TimeZone(identifier: "America/Denver")!, hours: weekdays, holidays: [christmas],
                    overrides: [christmas: try WeeklyHours.parseDay("10:00-12:00")]
                ).calendarVersion)
    }

    @Test("local dates follow the store's zone, including across DST")
    func localDates() throws {
        let chicago = try store("America/Chicago", hours: Array(repeating: "24h", count: 7))
        #expect(chicago.localDate(of: instant("2026-03-08T05:59:00Z")) == CivilDate(year: 2026, month: 3, day: 7))
        #expect(chicago.localDate(of: instant("2026-03-08T06:00:00Z")) == CivilDate(year: 2026, month: 3, day: 8))
        // After the spring change Chicago is UTC-5: local midnight is 05:00Z.
        #expect(chicago.startOfDay(CivilDate(year: 2026, month: 3, day: 9)!) == instant("2026-03-09T05:00:00Z"))
        // 02:30 does not exist on 2026-03-08 in Chicago: it moves forward by the gap, to 03:30 CDT.
        #expect(chicago.instant(of: CivilDate(year: 2026, month: 3, day: 8)!, minute: 150) == instant("2026-03-08T08:30:00Z"))
        // 01:30 happens twice on 2026-11-01: the first one counts.
        #expect(chicago.instant(of: CivilDate(year: 2026, month: 11, day: 1)!, minute: 90) == instant("2026-11-01T06:30:00Z"))
        // After the repeated hour, on the same morning: standard time (these once came an hour early).
        let autumn = CivilDate(year: 2026, month: 11, day: 1)!
        for (minute, expected) in [(120, "2026-11-01T08:00:00Z"), (210, "2026-11-01T09:30:00Z"), (360, "2026-11-01T12:00:00Z"), (540, "2026-11-01T15:00:00Z")] {
            let at = chicago.instant(of: autumn, minute: minute)
            #expect(at == instant(expected), "\(minute / 60):\(minute % 60) local")
            #expect(chicago.localTime(of: at) == (autumn, minute), "the instant reads back as the wall time")
        }
        // East of Greenwich the same: Berlin's 02:30 on 2026-10-25 happens twice (the first
        // counts), 03:30 once; on 2026-03-29 02:30 is skipped, to 03:30 CEST.
        let berlin = try store("Europe/Berlin", hours: Array(repeating: "24h", count: 7))
        #expect(berlin.instant(of: CivilDate(year: 2026, month: 10, day: 25)!, minute: 150) == instant("2026-10-25T00:30:00Z"))
        #expect(berlin.instant(of: CivilDate(year: 2026, month: 10, day: 25)!, minute: 210) == instant("2026-10-25T02:30:00Z"))
        #expect(berlin.instant(of: CivilDate(year: 2026, month: 3, day: 29)!, minute: 150) == instant("2026-03-29T01:30:00Z"))
        #expect(berlin.instant(of: CivilDate(year: 2026, month: 3, day: 29)!, minute: 60) == instant("2026-03-29T00:00:00Z"))
    }

    @Test("open time counts only opening hours, across a weekend, a lunch break and a holiday")
    func openSeconds() throws {
        let calendar = try lunchBreakAndHoliday()
        // Friday 16:00 EDT to Tuesday 10:00 EDT: 1 h Friday + 4 h Saturday + 0 Sunday + 0 holiday + 1 h Tuesday.
        #expect(calendar.openSeconds(from: instant("2026-05-22T20:00:00Z"), to: instant("2026-05-26T14:00:00Z")) == 6 * 3600)
        #expect(calendar.isOpen(at: instant("2026-05-22T15:30:00Z")))  // 11:30 Friday
        #expect(!calendar.isOpen(at: instant("2026-05-22T16:30:00Z")))  // 12:30 lunch
        #expect(calendar.nextOpening(atOrAfter: instant("2026-05-22T21:30:00Z")) == instant("2026-05-23T14:00:00Z"))
    }

    @Test("counting open time back from an instant: across a lunch break, a weekend and a holiday, the inverse of counting it forward")
    func openSecondsBack() throws {
        let calendar = try lunchBreakAndHoliday()
        let tuesdayTen = instant("2026-05-26T14:00:00Z")
        // An hour of Tuesday, then 4 of Saturday: 5 h back is Saturday 10:00; 6 h is Friday 16:00.
        #expect(calendar.instant(before: tuesdayTen, openSeconds: 5 * 3600) == instant("2026-05-23T14:00:00Z"))
        #expect(calendar.instant(before: tuesdayTen, openSeconds: 6 * 3600) == instant("2026-05-22T20:00:00Z"))
        // Tuesday 13:30: half an hour after lunch, then the morning: 1 h back is 11:30.
        #expect(calendar.instant(before: instant("2026-05-26T17:30:00Z"), openSeconds: 3600) == instant("2026-05-26T15:30:00Z"))
        #expect(calendar.instant(before: tuesdayTen, openSeconds: 0) == tuesdayTen)
        // Forward from the instant found comes back to where it started.
        let back = try #require(calendar.instant(before: tuesdayTen, openSeconds: 7_200))
        #expect(calendar.openSeconds(from: back, to: tuesdayTen) == 7_200)
        // A store never open: nothing within the horizon.
        let shut = try store("UTC", hours: Array(repeating: "closed", count: 7))
        #expect(shut.instant(before: tuesdayTen, openSeconds: 60) == nil)
    }

    @Test("a night shift runs past midnight into the next day")
    func nightShift() throws {
        let calendar = try store("UTC", hours: ["22:00-02:00", "closed", "closed", "closed", "closed", "closed", "closed"])
        // Monday 2026-03-02 22:00 to Tuesday 02:00.
        #expect(calendar.isOpen(at: instant("2026-03-03T01:30:00Z")))
        #expect(!calendar.isOpen(at: instant("2026-03-03T02:00:00Z")))
        #expect(calendar.openSeconds(from: instant("2026-03-02T00:00:00Z"), to: instant("2026-03-04T00:00:00Z")) == 4 * 3600)
    }

    @Test("a DST night has 23 or 25 hours of open time for a 24h store")
    func dstDayLength() throws {
        let calendar = try store("America/Chicago", hours: Array(repeating: "24h", count: 7))
        let spring = CivilDate(year: 2026, month: 3, day: 8)!
        let autumn = CivilDate(year: 2026, month: 11, day: 1)!
        #expect(calendar.openSeconds(from: calendar.startOfDay(spring), to: calendar.startOfDay(spring.adding(days: 1))) == 23 * 3600)
        #expect(calendar.openSeconds(from: calendar.startOfDay(autumn), to: calendar.startOfDay(autumn.adding(days: 1))) == 25 * 3600)
    }
}
