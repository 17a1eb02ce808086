import Foundation
import Testing

@testable import PitwallCore
import PitwallSimulator
import PitwallTestSupport

@Suite("What the dashboard shows people: windows, local times, daily series, events in words")
struct DashboardPresentationTests {
    static let today = CivilDate(year: 2026, month: 12, day: 1)!

    @Test(
        "window presets resolve to whole local days",
        arguments: [
            ("today", "2026-12-01", "2026-12-01"), ("yesterday", "2026-11-30", "2026-11-30"), ("7d", "2026-11-25", "2026-12-01"),
            ("30d", "2026-11-02", "2026-12-01"), ("mtd", "2026-12-01", "2026-12-01"), ("last_month", "2026-11-01", "2026-11-30"),
        ])
    func presets(window: String, from: String, to: String) throws {
        let resolved = try ReportingWindow.parse(window: window, from: nil, to: nil, today: Self.today)
        #expect(resolved.from.description == from)
        #expect(resolved.to.description == to)
    }

    @Test("last month in January is December of the year before, and in March all of February")
    func lastMonthAcrossYears() throws {
        let january = try ReportingWindow.parse(window: "last_month", from: nil, to: nil, today: CivilDate(iso: "2027-01-15")!)
        #expect(january.from.description == "2026-12-01" && january.to.description == "2026-12-31" && january.label == "1 Dec – 31 Dec 2026")
        let march = try ReportingWindow.parse(window: "last_month", from: nil, to: nil, today: CivilDate(iso: "2028-03-01")!)
        #expect(march.from.description == "2028-02-01" && march.to.description == "2028-02-29", "a leap year's February")
        #expect(KPIComparison.previousMonth.window(from: march.from, to: march.to) == (CivilDate(iso: "2028-01-01")!, CivilDate(iso: "2028-01-31")!))
    }

    @Test("a custom window takes from and to; dates given without a preset mean custom; the window before has the same length")
    func custom() throws {
        let window = try ReportingWindow.parse(window: nil, from: "2026-11-10", to: "2026-11-16", today: Self.today)
        #expect(window.preset == .custom)
        #expect(window.dayCount == 7)
        #expect(window.previous.from.description == "2026-11-03")
        #expect(window.previous.to.description == "2026-11-09")
        #expect(window.label == "10 Nov – 16 Nov 2026")
        #expect(try ReportingWindow.parse(window: nil, from: nil, to: nil, today: Self.today).preset == .last7Days)
    }

    @Test(
        "a window that cannot be used names the parameter and says why",
        arguments: [
            ("fortnight", nil, nil, "window: 'fortnight' is not one of today, yesterday, 7d, 30d, 90d, mtd, last_month, custom"),
            ("custom", "2026-11-01", nil, "to: a custom window needs both from and to, as YYYY-MM-DD"),
            ("custom", "2026-02-30", "2026-03-01", "from: '2026-02-30' is not a date as YYYY-MM-DD"),
            ("custom", "2026-11-20", "2026-11-10", "to: 2026-11-10 is before from (2026-11-20)"),
            ("custom", "2000-01-01", "2026-11-10", "from: the window is longer than 3660 days"),
        ] as [(String, String?, String?, String)])
    func refused(window: String, from: String?, to: String?, message: String) {
        #expect(throws: ParameterError.self) { try ReportingWindow.parse(window: window, from: from, to: to, today: Self.today) }
        do {
            _ = try ReportingWindow.parse(window: window, from: from, to: to, today: Self.today)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("times read on the store's clock: the time alone today, the date before, across a DST change")
    func localTimes() {
        let chicago = StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!)
        // 2026-11-01 is the day US clocks fall back; 2026-12-01 18:30 UTC is 12:30 in Chicago.
        let now = Timestamp(secondsSinceEpoch: 1_796_149_800)
        let format = LocalTimeFormatting(store: chicago, now: now)
        #expect(format.time(now) == "12:30")
        #expect(format.time(now.adding(seconds: -86_400)) == "Mon 30 Nov 12:30")
        // 2026-10-31 17:00 UTC is noon in Chicago (daylight time, UTC-5).
        #expect(format.time(Timestamp(secondsSinceEpoch: 1_793_466_000)) == "Sat 31 Oct 12:00")
        #expect(format.time(Timestamp(secondsSinceEpoch: 1_735_732_800)) == "1 Jan 2025 06:00")
        #expect(format.time(nil as Timestamp?) == "–")
        #expect(LocalTimeFormatting.relative(now.adding(seconds: -252), now: now) == "4 min 12 s ago")
        #expect(LocalTimeFormatting.relative(now.adding(seconds: 90), now: now) == "in 1 min 30 s")
    }

    @Test("a store's clock is named as its staff say it, standard or daylight by the date; other zones as Foundation names them")
    func zoneNames() throws {
        let winter = try Timestamp(rfc3339: "2026-01-15T18:00:00Z")
        let summer = try Timestamp(rfc3339: "2026-07-15T18:00:00Z")
        func name(_ identifier: String, _ instant: Timestamp) -> String { ZoneAbbreviation.name(of: TimeZone(identifier: identifier)!, at: instant) }
        #expect(name("America/Chicago", winter) == "CST" && name("America/Chicago", summer) == "CDT")
        #expect(name("America/New_York", winter) == "EST" && name("America/New_York", summer) == "EDT")
        #expect(name("America/Los_Angeles", summer) == "PDT")
        // Arizona keeps standard time all year.
        #expect(name("America/Phoenix", summer) == "MST")
        // The morning US clocks fall back (2026-11-01, 2:00 daylight becomes 1:00 standard): 06:30 UTC is still daylight, 07:30 is not.
        #expect(name("America/Chicago", try Timestamp(rfc3339: "2026-11-01T06:30:00Z")) == "CDT")
        #expect(name("America/Chicago", try Timestamp(rfc3339: "2026-11-01T07:30:00Z")) == "CST")
        #expect(name("UTC", summer) == "UTC")
        #expect(!name("Europe/Berlin", summer).isEmpty)
    }

    @Test("durations below a second are shown in milliseconds, never as 0.0 s; non-numbers as a dash")
    func durations() {
        #expect(KPIFormatting.duration(seconds: 0.012) == "12 ms")
        #expect(KPIFormatting.duration(seconds: 0.3) == "300 ms")
        #expect(KPIFormatting.duration(seconds: 1.25) == "1.3 s")
        #expect(KPIFormatting.duration(seconds: 252) == "4 min 12 s")
        #expect(KPIFormatting.value(.nan, unit: .seconds) == "–")
        #expect(KPIFormatting.value(.infinity, unit: .ratio) == "–")
    }

    @Test("a KPI's daily series equals the scorecard of each day on its own (checked on simulated data)")
    func dailySeries() async throws {
        let rows = try await SimulatedRollups.rows(days: 10)
        let days = rows.map(\.cell.day)
        let range = days.min()!...days.max()!
        let series = KPISeries(catalog: .standard)
        let daily = series.daily(rows, days: range)
        let builder = ScorecardBuilder(catalog: .standard)
        for (offset, day) in range.enumerated() {
            let date = CivilDate(daysSinceEpoch: day)
            let report = builder.report(for: KPIQuery(from: date, to: date), rows: rows.filter { $0.cell.day == day })
            for result in report.overall {
                #expect(daily[result.key]?[offset] == result.value, "\(result.key) on \(date)")
            }
        }
        // And the whole window equals the scorecard of the whole window.
        let whole = builder.report(for: KPIQuery(from: CivilDate(daysSinceEpoch: range.lowerBound), to: CivilDate(daysSinceEpoch: range.upperBound)), rows: rows)
        #expect(series.results(rows, days: range).map(\.value) == whole.overall.map(\.value))
        #expect(daily[.leadToSaleConversion]?.count == range.count)
        // Per group too: by store, as the scorecard grouped by store says.
        let byStore = series.resultsByGroup(rows, days: range) { $0.store.rawValue }
        let grouped = builder.report(
            for: KPIQuery(from: CivilDate(daysSinceEpoch: range.lowerBound), to: CivilDate(daysSinceEpoch: range.upperBound), groupBy: .store), rows: rows)
        #expect(byStore.count == grouped.groups.count && byStore.count == 2)
        for group in grouped.groups {
            #expect(byStore[group.group!]?.map(\.value) == group.results.map(\.value), "\(group.group!)")
        }
    }

    @Test("events read as sentences, with the appointment on the store's clock")
    func eventsInWords() throws {
        let appointment = Event(
            id: "e1", occurredAt: Timestamp(secondsSinceEpoch: 1_796_149_800), leadID: "L-1",
            payload: .appointmentSet(AppointmentSet(appointmentID: "a1", scheduledFor: Timestamp(secondsSinceEpoch: 1_796_236_200))))
        let described = EventDescription(appointment, time: { _ in "Wed 2 Dec 12:30" })
        #expect(described.title == "Appointment set")
        #expect(described.detail == "for Wed 2 Dec 12:30")
        #expect(described.kind == "outcome")
        let reply = Event(
            id: "e2", occurredAt: Timestamp(secondsSinceEpoch: 1_796_149_800), leadID: "L-1",
            payload: .messageReceived(MessageReceived(messageID: "m9", channel: .sms, body: "Is it still available?")))
        #expect(EventDescription(reply).title == "Customer replied by text")
        #expect(EventDescription(reply).detail == "“Is it still available?”")
        func replying(_ body: String) -> EventDescription {
            EventDescription(Event(
                id: "e3", occurredAt: Timestamp(secondsSinceEpoch: 1_796_149_800), leadID: "L-1",
                payload: .messageReceived(MessageReceived(messageID: "m10", channel: .sms, body: body))))
        }
        #expect(replying("Please stop texting me").title == "Customer opted out by text")
        #expect(replying("Please stop texting me").detail == "“Please stop texting me” (asked to stop being contacted)")
        #expect(replying("UNSTOP").detail == "“UNSTOP” (said UNSTOP)")
        #expect(replying("UNSTOP").title == "Customer opted back in by text")
        #expect(replying("Yes").title == "Customer replied by text")
        // A lead is timed from when the customer submitted it, which the feed can send later.
        let received = Timestamp(secondsSinceEpoch: 1_796_149_800)
        func created(submitted: Timestamp?) -> EventDescription {
            EventDescription(
                Event(id: "e4", occurredAt: received, leadID: "L-2", payload: .leadCreated(LeadCreated(storeID: "lkt", source: "website", tier: .hot, submittedAt: submitted))),
                time: { $0 == received ? "07:12" : "07:11" })
        }
        #expect(created(submitted: received.adding(milliseconds: -65_000)).detail == "from website, hot lead, submitted 07:11")
        #expect(created(submitted: received).detail == "from website, hot lead")
        #expect(created(submitted: nil).detail == "from website, hot lead")
    }
}

/// Rollup rows of a small simulated group, from the in-memory store.
enum SimulatedRollups {
    static func rows(days: Int) async throws -> [RollupRow] {
        let simulator = DealershipSimulator(settings: SimulationSettings(days: days, seed: 5, storeCount: 2, leadsPerDay: 30))
        let store = MemoryStore(configuration: simulator.configuration)
        try await simulator.store(into: store, now: simulator.settings.end)
        let first = simulator.settings.start.millisecondsSinceEpoch / Timestamp.millisecondsPerDay - 1
        return try await store.rollupRows(dimension: .all, days: first...(first + Int64(days) + 2), store: nil)
    }
}

@Suite("Phone numbers as people read them")
struct PhoneFormattingTests {
    @Test(
        "a North American number is grouped as staff write it, however it came; anything else is left as given",
        arguments: [
            ("+16192304936", "+1 619-230-4936"), ("+1 312 555 0101", "+1 312-555-0101"), ("(619) 230-4936", "+1 619-230-4936"),
            ("619.230.4936", "+1 619-230-4936"), ("1-619-230-4936", "+1 619-230-4936"),
            ("+442071838750", "+442071838750"), ("+6192304936", "+6192304936"), ("+1619230493", "+1619230493"),
            ("619-230-4936 ext 12", "619-230-4936 ext 12"), ("", ""), ("+", "+"),
        ])
    func readable(given: String, shown: String) {
        #expect(PhoneFormatting.readable(given) == shown)
    }
}

@Suite("Components and metrics in words")
struct SystemWordsTests {
    @Test(
        "initialisms in capitals, the first word capitalised, the rest as written",
        arguments: [
            ("ai_assistant", "AI assistant"), ("sms_gateway", "SMS gateway"), ("crm_api", "CRM API"), ("crm_feed", "CRM feed"),
            ("database", "Database"), ("api_response_time", "API response time"), ("database_query_time", "Database query time"),
            ("lead-router", "Lead router"), ("Twilio_webhook", "Twilio webhook"), ("", ""), ("_", "_"),
        ])
    func readable(identifier: String, words: String) {
        #expect(SystemWords.readable(identifier) == words)
    }

    @Test("an event's line on a lead's or the system's timeline names the component in words")
    func eventLine() throws {
        let down = Event(
            id: "s1", occurredAt: try Timestamp(rfc3339: "2026-03-02T11:00:00Z"), leadID: SystemStatus.ledgerKey(component: "sms_gateway"),
            payload: .systemStatus(SystemStatus(component: "sms_gateway", health: .down)))
        #expect(EventDescription(down).title == "SMS gateway down")
        let reading = Event(
            id: "r1", occurredAt: try Timestamp(rfc3339: "2026-03-02T11:00:00Z"), leadID: SystemReading.ledgerKey(component: "crm_api"),
            payload: .systemSample(SystemReading(component: "crm_api", metric: "api_response_time", value: 0.42)))
        #expect(EventDescription(reading).title == "CRM API: API response time")
    }
}
