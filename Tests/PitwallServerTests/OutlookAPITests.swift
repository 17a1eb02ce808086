import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Where the month is heading and the week ahead: GET /v1/outlook and /outlook")
struct OutlookAPITests {
    static let store = StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "America/Chicago")!)
    static let configuration: PitwallConfiguration = {
        var configuration = PitwallConfiguration(stores: [store])
        configuration.monthlyGoals = MonthlyGoals(group: [.leads: 70], stores: ["lkt": [.sales: 5]])
        // Amy works 09:00-17:00 on weekdays.
        let shift = try! WeeklyHours.parseDay("09:00-17:00")
        configuration.roster = AgentRoster(agents: [
            RosterAgent(agentID: "amy", name: "Amy", storeID: "lkt", shifts: WeeklyHours(days: (1...7).map { $0 <= 5 ? shift : [] }))
        ])
        return configuration
    }()

    /// 120 days through Wednesday 9 December 2026 at Lakeside (Chicago), every lead at noon on
    /// the store's clock and texted 40 s later: two leads a weekday, four on Saturday, none on
    /// Sunday; one $30,000 sale each Saturday at 13:00.
    static func events() -> [Event] {
        let last = CivilDate(year: 2026, month: 12, day: 9)!
        var events: [Event] = []
        for back in 0..<120 {
            let date = last.adding(days: -back)
            let noon = store.calendar.instant(of: date, minute: 12 * 60)
            let leads = date.isoWeekday == 7 ? 0 : date.isoWeekday == 6 ? 4 : 2
            for index in 0..<leads {
                var make = EventFactory(lead: LeadID("\(date)-\(index)"), base: noon)
                events.append(make.created(0, store: "lkt"))
                events.append(make.sent(40, message: "\(date)-\(index)-m1"))
                if date.isoWeekday == 6, index == 0 { events.append(make.sale(3_600, id: "\(date)-sale", amount: 30_000)) }
            }
        }
        return events
    }

    @Test("read after today's short hour is over, the advice no longer sends agents to it; an outlook as of an earlier day keeps its whole week")
    func adviceLooksAhead() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        _ = try await app.store.ingest(Self.events(), at: try Timestamp(rfc3339: "2026-12-10T06:00:00Z"))
        // Thursday 10 December, 13:30 in Chicago: the noon hour Amy was alone for is over.
        app.clock.set(try Timestamp(rfc3339: "2026-12-10T19:30:00Z"))
        try await app.run { client in
            let answer = try await client.execute(uri: "/v1/outlook", method: .get, headers: app.headers(.read))
            let advice = try #require(answer.json["advice"] as? [String])
            #expect(advice.contains(
                "Agents short on the roster for the leads expected: Sat 12 Dec 2026 12:00–13:00 at Lakeside Toyota (2 needed, 0 on shift); "
                    + "Fri 11 Dec 2026 12:00–13:00 at Lakeside Toyota (2 needed, 1 on shift); Mon 14 Dec 2026 12:00–13:00 at Lakeside Toyota (2 needed, 1 on shift); "
                    + "2 more on the outlook page. Add shifts there for 80% of new leads answered by a person within 5 min, at 10 minutes of an agent's work a lead."),
                "\(advice)")
            #expect(!advice.joined().contains("Thu 10 Dec"))
            // The week's figures stay whole: Thursday is still planned hour by hour.
            let days = try #require(answer.json["next_days"] as? [[String: Any]])
            #expect(days.first?["date"] as? String == "2026-12-10" && ((days.first?["staffing"] as? [[String: Any]])?.first?["short"] as? [Any])?.count == 1)
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/outlook").text
            #expect(page.contains("Sat 12 Dec 2026 12:00–13:00 at Lakeside Toyota (2 needed, 0 on shift); Fri 11 Dec 2026") && !page.contains("Thu 10 Dec 2026 12:00–13:00 at"))
            // The daily report read now no longer names today's noon hour (sent in the morning, it did).
            let daily = try await client.execute(uri: "/v1/reports/daily", method: .get, headers: app.headers(.read))
            #expect((daily.json["today"] as? [String: Any])?["short_of_agents"] as? [String] == [], "\(daily.text)")

            // As of the 2nd, its week ahead (3-9 December) is long over, and said as it was.
            let past = try await client.execute(uri: "/v1/outlook?as_of=2026-12-02", method: .get, headers: app.headers(.read))
            let pastAdvice = try #require(past.json["advice"] as? [String])
            #expect(pastAdvice.contains { $0.hasPrefix("Agents short on the roster for the leads expected: Sat 5 Dec 2026 12:00–13:00 at Lakeside Toyota") }, "\(pastAdvice)")
            #expect(pastAdvice.contains { $0.hasPrefix("Busiest hour of the next 7 days: Sat 5 Dec 2026, 12:00–13:00") })
        }
    }

    @Test("the month so far, where it is heading with its range, the month before, the backtest and the week ahead, as worked out by hand")
    func outlook() async throws {
        let app = try await TestApp.make(configuration: Self.configuration)
        _ = try await app.store.ingest(Self.events(), at: try Timestamp(rfc3339: "2026-12-10T06:00:00Z"))
        // Thursday 10 December, noon in Chicago: the last complete day is Wednesday the 9th.
        app.clock.set(try Timestamp(rfc3339: "2026-12-10T18:00:00Z"))
        let elsewhere = try await TokenIssuer(store: app.store, clock: app.clock).issue(
            scope: .read, name: "elsewhere", organisation: app.organisation, stores: ["other"])
        try await app.run { client in
            let answer = try await client.execute(uri: "/v1/outlook", method: .get, headers: app.headers(.read))
            #expect(answer.status == .ok)
            let json = answer.json
            #expect(json["as_of"] as? String == "2026-12-09")
            let period = try #require(json["period"] as? [String: Any])
            #expect(period["from"] as? String == "2026-12-01" && period["to"] as? String == "2026-12-31" && period["name"] as? String == "December 2026")
            #expect(period["days_done"] as? Int == 9 && period["days_left"] as? Int == 22)
            #expect((json["previous_period"] as? [String: Any])?["name"] as? String == "November 2026")
            let metrics = try #require(json["metrics"] as? [[String: Any]])
            #expect(metrics.map { $0["metric"] as? String ?? "" } == ["leads", "texts_sent", "sales", "revenue"])
            func figure(_ key: String) throws -> [String: Any] { try #require(metrics.first { $0["metric"] as? String == key }) }
            // 1-9 December: seven weekdays and a Saturday; 10-31 December: sixteen weekdays and three Saturdays.
            let leads = try figure("leads")
            #expect(leads["to_date"] as? Double == 18)
            let projected = try #require(leads["projected"] as? [String: Any])
            #expect(projected["expected"] as? Double == 62)
            // Variance 2 × 3 × (1 + 3/8) for each of four weekdays, 2 × 4 × (1 + 4/8) for the
            // Thursdays, 4 × 3 × (1 + 3/8) for the Saturdays: 61.5; the 80 % range ± 1.2816 × √61.5.
            let spread = 1.2815515655446004 * 61.5.squareRoot()
            #expect(abs((projected["low"] as? Double ?? 0) - (62 - spread)) < 0.006 && abs((projected["high"] as? Double ?? 0) - (62 + spread)) < 0.006)
            // November 2026: 21 weekdays and 4 Saturdays.
            #expect(leads["previous_period"] as? Double == 58)
            #expect(leads["last_year"] is NSNull)
            // The goal of 70 needs 52 more in 22 days: P(Normal(44, 61.5) ≥ 52), 2.36 a day against the usual 2.
            let goal = try #require(leads["goal"] as? [String: Any])
            #expect(goal["goal"] as? Double == 70 && goal["chance"] as? Double == 0.154)
            #expect(goal["needed_per_day"] as? Double == 2.36 && goal["usual_per_day"] as? Double == 2)
            #expect((try figure("sales"))["goal"] is NSNull)
            let backtest = try #require(leads["backtest"] as? [String: Any])
            #expect(backtest["within_range"] as? Int == 4 && backtest["mean_absolute_percentage_error"] as? Double == 0)
            #expect((backtest["weeks"] as? [[String: Any]])?.map { $0["actual"] as? Double ?? 0 } == [14, 14, 14, 14])
            #expect((try figure("texts_sent")["projected"] as? [String: Any])?["expected"] as? Double == 62)
            #expect((try figure("sales")["projected"] as? [String: Any])?["expected"] as? Double == 4)
            let revenue = try figure("revenue")
            #expect(revenue["unit"] as? String == "dollars" && revenue["to_date"] as? Double == 30_000)
            let money = try #require(revenue["projected"] as? [String: Any])
            #expect(money["expected"] as? Double == 120_000 && money["low"] as? Double == 120_000 && money["high"] as? Double == 120_000)
            // The store's own goal of 5 cars, in the group's store table: 1 sold, 3 Saturdays to come
            // at 1 each with variance 1 × 3 × (1 + 3/8) = 4.125; P(Normal(3, 4.125) ≥ 4) = 0.311.
            let lakeside = try #require((json["stores"] as? [[String: Any]])?.first?["metrics"] as? [String: Any])
            let storeGoal = try #require((lakeside["sales"] as? [String: Any])?["goal"] as? [String: Any])
            #expect(storeGoal["goal"] as? Double == 5 && storeGoal["chance"] as? Double == 0.311 && storeGoal["needed_per_day"] as? Double == 0.18)
            #expect((lakeside["leads"] as? [String: Any])?["goal"] is NSNull, "the group's goal is the group's, not the store's")
            let days = try #require(json["next_days"] as? [[String: Any]])
            #expect(days.map { $0["date"] as? String ?? "" } == (10...16).map { "2026-12-\($0)" })
            #expect(((days[0]["metrics"] as? [String: Any])?["leads"] as? [String: Any])?["expected"] as? Double == 2)
            #expect((days[0]["busiest"] as? [[String: Any]])?.map { "\($0["store"]!) \($0["hour"]!) \($0["leads"]!)" } == ["lkt 12 2"])
            #expect((days[3]["busiest"] as? [[String: Any]])?.isEmpty == true, "Sunday brings nobody")
            // Agents: 2 leads at noon on a weekday is a load of 2 × 10/60 erlangs; one agent takes
            // 1 − (1/3)·e^(−(2/3)·300/600) = 76.1 % within 5 minutes, short of 80 %, so two are
            // needed, and Amy is alone. Saturday's 4 need two too, with nobody on shift.
            let target = try #require(json["staffing_target"] as? [String: Any])
            #expect(target["minutes_per_lead"] as? Double == 10 && target["answer_within_seconds"] as? Double == 300 && target["share_in_time"] as? Double == 0.8)
            func staffing(_ day: Int) throws -> [String: Any] { try #require((days[day]["staffing"] as? [[String: Any]])?.first) }
            let thursday = try staffing(0)
            #expect(thursday["store"] as? String == "lkt" && thursday["most_needed"] as? Int == 2)
            #expect((thursday["short"] as? [[String: Any]])?.map { "\($0["from_hour"]!)-\($0["to_hour"]!)" } == ["12-13"])
            let hours = try #require(thursday["hours"] as? [[String: Any]])
            #expect(hours.count == 24, "open all day: every hour planned")
            #expect(hours.map { "\($0["hour"]!) \($0["leads"]!) \($0["needed"]!) \($0["rostered"]!)" }.filter { !$0.hasSuffix(" 0 0 0") }
                == ["9 0 0 1", "10 0 0 1", "11 0 0 1", "12 2 2 1", "13 0 0 1", "14 0 0 1", "15 0 0 1", "16 0 0 1"])
            let saturday = try staffing(2)
            #expect(saturday["most_needed"] as? Int == 2 && (saturday["hours"] as? [[String: Any]])?[12]["rostered"] as? Int == 0)
            #expect(try staffing(3)["most_needed"] as? Int == 0 && (try staffing(3)["short"] as? [Any])?.isEmpty == true)
            #expect(json["advice"].flatMap { $0 as? [String] }?.contains(
                "Agents short on the roster for the leads expected: Sat 12 Dec 2026 12:00–13:00 at Lakeside Toyota (2 needed, 0 on shift); "
                    + "Thu 10 Dec 2026 12:00–13:00 at Lakeside Toyota (2 needed, 1 on shift); Fri 11 Dec 2026 12:00–13:00 at Lakeside Toyota (2 needed, 1 on shift); "
                    + "3 more on the outlook page. Add shifts there for 80% of new leads answered by a person within 5 min, at 10 minutes of an agent's work a lead.") == true, "\(json["advice"] ?? "")")
            let advice = try #require(json["advice"] as? [String])
            #expect(advice.first == "New leads: December 2026 is heading for 62 (likely 52–72), too close to call against November 2026's 58; "
                + "the chance of reaching the goal of 70 is about 15.4%: it needs 2.4 a day for the 22 days left, against the usual 2.0.")
            #expect(advice.contains("Busiest hour of the next 7 days: Sat 12 Dec 2026, 12:00–13:00 at Lakeside Toyota, about 4.0 new leads: have agents free then."))

            // A past day says what the forecast said then; a week looks to its Sunday.
            let past = try await client.execute(uri: "/v1/outlook?as_of=2026-11-30&period=week&store=lkt", method: .get, headers: app.headers(.read))
            #expect(past.status == .ok)
            #expect((past.json["period"] as? [String: Any])?["from"] as? String == "2026-11-30")
            #expect(past.json["store"] as? String == "lkt")
            let week = try #require((past.json["metrics"] as? [[String: Any]])?.first)
            // Monday 30 November is done (two leads); Tuesday to Friday and Saturday to come.
            #expect(week["to_date"] as? Double == 2 && (week["projected"] as? [String: Any])?["expected"] as? Double == 14)

            // Parameters that cannot be used are named; another store's token sees nothing.
            for (uri, message) in [
                ("/v1/outlook?as_of=2026-12-10", "as_of: 2026-12-10 is not over yet: the latest complete day is 2026-12-09"),
                ("/v1/outlook?as_of=9%20Dec", "as_of: '9 Dec' is not a date as YYYY-MM-DD"),
                ("/v1/outlook?period=quarter", "period: 'quarter' is not one of month, week"),
            ] {
                let refused = try await client.execute(uri: uri, method: .get, headers: app.headers(.read))
                #expect(refused.status == .badRequest)
                #expect(refused.errorMessage == message)
            }
            #expect(try await client.execute(uri: "/v1/outlook", method: .get, headers: app.headers(bearer: nil)).status == .unauthorized)
            let other = try await client.execute(uri: "/v1/outlook", method: .get, headers: app.headers(bearer: elsewhere))
            #expect(other.status == .ok)
            let unseen = try #require((other.json["metrics"] as? [[String: Any]])?.first)
            #expect(unseen["to_date"] as? Double == 0 && unseen["projected"] is NSNull)

            // The monthly report forecasts the month after it, as seen at its end; the weekly report does not.
            let monthly = try await client.execute(uri: "/v1/reports/monthly?date=2026-11-15", method: .get, headers: app.headers(.read))
            let forecast = try #require(monthly.json["outlook"] as? [String])
            #expect(forecast.first?.hasPrefix("New leads: December 2026 is heading for 62 (likely ") == true, "\(forecast)")
            #expect(monthly.json["outlook_page"] as? String == "/outlook?as_of=2026-11-30")
            // The morning's daily report names today's gap, on the report's day.
            let daily = try await client.execute(uri: "/v1/reports/daily", method: .get, headers: app.headers(.read))
            #expect((daily.json["today"] as? [String: Any])?["short_of_agents"] as? [String] == ["12:00–13:00 at Lakeside Toyota (2 needed, 1 on shift)"], "\(daily.text)")
            let dailyPage = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/reports?kind=daily").text
            #expect(dailyPage.contains(
                "<p class=\"today-staffing\">Short of agents for the leads expected today: 12:00–13:00 at Lakeside Toyota (2 needed, 1 on shift); add shifts or move breaks. <a href=\"/outlook\">The week's agents</a></p>"),
                "\(dailyPage)")
            let weekly = try await client.execute(uri: "/v1/reports/weekly?date=2026-12-02", method: .get, headers: app.headers(.read))
            #expect((weekly.json["outlook"] as? [String])?.isEmpty == true && weekly.json["outlook_page"] == nil)

            // The page shows the API's figures, its advice, the week ahead and the backtest.
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let html = try await session.get("/outlook").text
            #expect(html.contains("aria-current=\"page\">Outlook</a>"))
            #expect(html.contains("<tr data-metric=\"leads\">") && html.contains("data-figure=\"expected\" data-value=\"62\""))
            #expect(html.contains("data-figure=\"expected\" data-value=\"120000\""))
            for line in advice { #expect(html.contains("<li>\(line.replacingOccurrences(of: "'", with: "&#39;"))</li>"), "\(line)") }
            #expect(html.contains("<tr data-date=\"2026-12-10\">") && html.contains("data-figure=\"leads\" data-value=\"2\""))
            #expect(html.contains("12:00–13:00, about 2.0"))
            #expect(html.contains("<h2 id=\"staffing-heading\">Agents needed</h2>"))
            #expect(html.contains("<td data-date=\"2026-12-12\" data-value=\"2\" class=\"missed\">up to 2 agents; short 12:00–13:00 (0 on shift)</td>"), "\(html)")
            #expect(html.contains("<td data-date=\"2026-12-13\" data-value=\"0\">no leads expected</td>"))
            #expect(html.contains("<th scope=\"col\" class=\"num\">Chance of making it</th>") && html.contains(">15.4%</span>"))
            #expect(html.components(separatedBy: "<svg").count - 1 == 4, "a running-total chart per figure")
            #expect(html.contains("data-live-spacing=\"60000\""))
            let refusedPage = try await session.get("/outlook?period=fortnight")
            #expect(refusedPage.status == .badRequest)
            #expect(refusedPage.text.contains("period: &#39;fortnight&#39; is not one of month, week"))
        }
    }
}
