import Foundation
import PitwallCore
import Testing

@Suite("The scheduled reports' periods and sending times")
struct ReportScheduleTests {
    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
    func at(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }
    let chicago = StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "America/Chicago")!).calendar

    @Test("a report sent on a day covers the last whole day, Monday-to-Sunday week or calendar month before it")
    func periods() {
        #expect(ReportKind.daily.lastWholePeriod(today: day("2026-03-01")) == day("2026-02-28")...day("2026-02-28"))
        #expect(ReportKind.weekly.lastWholePeriod(today: day("2026-12-07")) == day("2026-11-30")...day("2026-12-06"), "a Monday: the week just ended")
        #expect(ReportKind.weekly.lastWholePeriod(today: day("2026-12-06")) == day("2026-11-23")...day("2026-11-29"), "a Sunday: its week is not over")
        #expect(ReportKind.monthly.lastWholePeriod(today: day("2027-01-04")) == day("2026-12-01")...day("2026-12-31"))
        #expect(ReportKind.monthly.lastWholePeriod(today: day("2024-03-04")) == day("2024-02-01")...day("2024-02-29"), "a leap February")
        #expect(ReportKind.weekly.period(containing: day("2026-01-01")) == day("2025-12-29")...day("2026-01-04"), "a week across the new year")
    }

    @Test("daily every day, weekly on Mondays, monthly on the month's first Monday")
    func days() {
        #expect(ReportKind.daily.goesOut(on: day("2026-12-05")))
        #expect(ReportKind.weekly.goesOut(on: day("2026-12-07")) && !ReportKind.weekly.goesOut(on: day("2026-12-08")))
        #expect(ReportKind.monthly.goesOut(on: day("2026-12-07")) && !ReportKind.monthly.goesOut(on: day("2026-12-14")))
        #expect(ReportKind.monthly.goesOut(on: day("2026-06-01")), "1 June 2026 is a Monday")
        #expect(!ReportKind.monthly.goesOut(on: day("2026-06-08")))
    }

    @Test("the latest sending at or before now, on the store's clock, across the change to summer time")
    func latestSending() {
        let daily = ReportSchedule(kind: .daily, channels: ["bdc"])
        #expect(daily.minute == 8 * 60)
        // Saturday 7 March 2026 is on CST (UTC-6); Monday 9 March on CDT (UTC-5).
        #expect(daily.latestSending(atOrBefore: at("2026-03-07T14:00:00Z"), calendar: chicago)?.at == at("2026-03-07T14:00:00Z"))
        #expect(daily.latestSending(atOrBefore: at("2026-03-07T13:59:59Z"), calendar: chicago)?.date == day("2026-03-06"))
        #expect(daily.latestSending(atOrBefore: at("2026-03-09T13:00:00Z"), calendar: chicago)?.at == at("2026-03-09T13:00:00Z"))
        #expect(daily.latestSending(atOrBefore: at("2026-03-09T12:59:00Z"), calendar: chicago)?.date == day("2026-03-08"))
        let sunday = daily.latestSending(atOrBefore: at("2026-03-08T13:00:00Z"), calendar: chicago)
        #expect(sunday?.date == day("2026-03-08") && sunday?.period == day("2026-03-07")...day("2026-03-07"))

        let monthly = ReportSchedule(kind: .monthly, minute: 9 * 60 + 30, channels: ["board"])
        let december = monthly.latestSending(atOrBefore: at("2026-12-20T00:00:00Z"), calendar: chicago)
        #expect(december?.date == day("2026-12-07") && december?.at == at("2026-12-07T15:30:00Z"))
        #expect(december?.period == day("2026-11-01")...day("2026-11-30"))
        #expect(december?.isStillWorthSending(at: at("2026-12-14T15:30:00Z")) == true && december?.isStillWorthSending(at: at("2026-12-14T15:30:01Z")) == false)

        let weekly = ReportSchedule(kind: .weekly, channels: ["managers"])
        let sending = weekly.latestSending(atOrBefore: at("2026-12-05T18:00:00Z"), calendar: chicago)
        #expect(sending?.date == day("2026-11-30") && sending?.period == day("2026-11-23")...day("2026-11-29"))
        let yesterday = daily.latestSending(atOrBefore: at("2026-12-05T02:00:00Z"), calendar: chicago)!
        #expect(yesterday.isStillWorthSending(at: at("2026-12-04T14:00:00Z").adding(milliseconds: 12 * 3_600_000)))
        #expect(!yesterday.isStillWorthSending(at: at("2026-12-04T14:00:00Z").adding(milliseconds: 12 * 3_600_000 + 1)))
    }

    @Test("a report asked for: the last whole period by default, any period by a day in it; mistakes name the parameter")
    func request() throws {
        let today = day("2026-12-04")
        #expect(try ReportRequest.parse(kind: nil, date: nil, today: today) == ReportRequest(kind: .daily, period: day("2026-12-03")...day("2026-12-03")))
        #expect(try ReportRequest.parse(kind: "weekly", date: "2026-12-02", today: today).period == day("2026-11-30")...day("2026-12-06"))
        #expect(try ReportRequest.parse(kind: "monthly", date: "", today: today).period == day("2026-11-01")...day("2026-11-30"))
        #expect(throws: ParameterError(name: "kind", reason: "'annual' is not one of daily, weekly, monthly")) {
            try ReportRequest.parse(kind: "annual", date: nil, today: today)
        }
        #expect(throws: ParameterError(name: "date", reason: "'12/03/2026' is not a date as YYYY-MM-DD")) {
            try ReportRequest.parse(kind: "daily", date: "12/03/2026", today: today)
        }
        #expect(throws: ParameterError(name: "date", reason: "2026-12-05 is after today (2026-12-04)")) {
            try ReportRequest.parse(kind: "daily", date: "2026-12-05", today: today)
        }
        #expect(throws: ParameterError(name: "date", reason: "2026-12-07 is in a week that has not started yet (today is 2026-12-04)")) {
            try ReportRequest.parse(kind: "weekly", date: "2026-12-07", today: today)
        }
        let november = try ReportRequest.parse(kind: "monthly", date: nil, today: today)
        #expect(november.neighbours(today: today).earlier == day("2026-10-01") && november.neighbours(today: today).later == day("2026-12-01"))
        let yesterday = try ReportRequest.parse(kind: nil, date: nil, today: today)
        #expect(yesterday.neighbours(today: today).later == today)
        #expect(try ReportRequest.parse(kind: nil, date: "2026-12-04", today: today).neighbours(today: today).later == nil)
    }

    @Test("how each report names its period and the one it is set beside")
    func words() {
        #expect(ReportKind.daily.periodName(day("2026-12-03")...day("2026-12-03")) == "Thu 3 Dec 2026")
        #expect(ReportKind.weekly.periodName(day("2026-11-30")...day("2026-12-06")) == "30 Nov – 6 Dec 2026")
        #expect(ReportKind.weekly.periodName(day("2025-12-29")...day("2026-01-04")) == "29 Dec 2025 – 4 Jan 2026")
        #expect(ReportKind.monthly.periodName(day("2026-11-01")...day("2026-11-30")) == "November 2026")
        #expect(ReportKind.allCases.map(\.comparison) == [.previousWeek, .previous, .previousMonth])
    }
}
