import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Scheduled reports: GET /v1/reports/{kind} and the dashboard's /reports")
struct ReportsAPITests {
    /// Monday 2 March 2026 at Lakeside (Chicago): 40 CarGurus leads of the "spring" campaign at
    /// $20 (8 reply, 8 get an appointment, one buys a $40,000 car the same day) and 40 Facebook
    /// leads of "winter" at $10 (2 reply, none books). Every lead is texted by the AI a
    /// minute after it came in. A week before, Monday 23 February: 10 spring leads, 5 reply.
    static func seed(_ app: TestApp) async throws {
        try await seed(store: app.store)
    }

    static func seed(store: any PitwallStore) async throws {
        var events: [Event] = []
        func lead(_ id: String, _ at: String, source: String, campaign: CampaignID, cost: Double, _ story: (inout EventFactory) -> [Event]) throws {
            var make = EventFactory(lead: LeadID(id), base: try Timestamp(rfc3339: at))
            events += [make.created(0, store: "lkt", source: source, cost: Money(amount: cost), campaign: campaign), make.sent(60, message: "\(id)-m1")]
            events += story(&make)
        }
        for index in 0..<40 {
            try lead("S-\(index)", "2026-03-02T15:00:00Z", source: "cargurus", campaign: "spring", cost: 20) { make in
                var story: [Event] = []
                if index < 8 {
                    story += [make.received(300, message: "S-\(index)-r1"), make.appointmentSet(600, id: "A-S-\(index)", scheduledInSeconds: 86_400)]
                }
                if index == 0 { story.append(make.sale(3_600, id: "sale-S-0", amount: 40_000)) }
                return story
            }
            try lead("W-\(index)", "2026-03-02T16:00:00Z", source: "facebook_ads", campaign: "winter", cost: 10) { make in
                index < 2 ? [make.received(300, message: "W-\(index)-r1")] : []
            }
        }
        for index in 0..<10 {
            try lead("B-\(index)", "2026-02-23T15:00:00Z", source: "cargurus", campaign: "spring", cost: 20) { make in
                index < 5 ? [make.received(300, message: "B-\(index)-r1")] : []
            }
        }
        _ = try await store.ingest(events, at: try Timestamp(rfc3339: "2026-03-03T00:00:00Z"))
    }

    static let configuration: PitwallConfiguration = {
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "America/Chicago")!)])
        configuration.sourceNames = ["cargurus": "CarGurus", "facebook_ads": "Facebook Ads"]
        configuration.campaignNames = ["spring": "Spring SUV event", "winter": "Winter clearance"]
        return configuration
    }()

    @Test("the daily report: the day's counts beside the same weekday a week before, what needs attention, the campaigns ranked, what to do")
    func daily() async throws {
        var configuration = Self.configuration
        configuration.notifications.linkBase = "https://pitwall.example.com"
        let app = try await TestApp.make(configuration: configuration)
        try await Self.seed(app)
        app.clock.set(try Timestamp(rfc3339: "2026-03-03T14:30:00Z"))
        // One alert firing at Lakeside since 07:00 CST, one that is fine: only the first is news.
        var firing = AlertStatus(ruleID: "lead_response_rate", segment: AlertSegment(store: "lkt"), startingAt: try Timestamp(rfc3339: "2026-03-03T13:00:00Z"))
        firing.condition = .firing
        firing.severity = .critical
        firing.measurement = AlertMeasurement(value: 0.125, numerator: 10, denominator: 80, bound: 0.15, sample: 80)
        var fine = AlertStatus(ruleID: "opt_out_rate", segment: AlertSegment(store: "lkt"), startingAt: try Timestamp(rfc3339: "2026-03-03T13:00:00Z"))
        fine.condition = .ok
        try await app.store.recordAlerts([firing, fine], transitions: [], audit: [])
        try await app.run { client in
            let answer = try await client.execute(uri: "/v1/reports/daily", method: .get, headers: app.headers(.read))
            #expect(answer.status == .ok)
            let json = answer.json
            #expect(json["title"] as? String == "Daily report: All stores, Mon 2 Mar 2026", "yesterday on Lakeside's clock (08:30 CST)")
            #expect(json["from"] as? String == "2026-03-02" && json["to"] as? String == "2026-03-02")
            let compared = try #require(json["compared"] as? [String: Any])
            #expect(compared["compare"] as? String == "previous_week" && compared["from"] as? String == "2026-02-23", "the same Monday a week before")
            let volume = try #require(json["volume"] as? [String: Any])
            #expect(volume["leads"] as? Int == 80 && volume["contacted"] as? Int == 80 && volume["replied"] as? Int == 10)
            #expect(volume["appointments_set"] as? Int == 8 && volume["sales"] as? Int == 1 && volume["revenue"] as? Double == 40_000)
            let before = try #require(json["previous_volume"] as? [String: Any])
            #expect(before["leads"] as? Int == 10 && before["replied"] as? Int == 5 && before["appointments_set"] as? Int == 0)
            #expect(
                json["summary"] as? String
                    == "80 leads came in (10 the same weekday a week before); 8 appointments set for them so far; 1 sale closed for $40,000; 3 KPIs off target.")
            // 1 sale of 80 leads, 10 replies of 80 texted (50 % a week before), 20 messages over 10 conversations.
            #expect((json["needs_attention"] as? [String])?.dropFirst() == [
                "Lead-to-sale conversion 1.3% against 8% – 12% (red).",
                "Lead response rate 12.5% against 25% – 35% (red).",
                "Conversation length 2.0 against 5.0 – 8.0 (red).",
            ])
            // Winter's 0 of 40 (Wilson 0 %-8.8 %) is clearly below spring's 8 of 40 (10.5 %-34.8 %).
            let advice = try #require(json["recommendations"] as? [[String: Any]])
            #expect(advice.map { $0["text"] as? String } == [
                "Lead-to-sale conversion: Compare sources by the share that buy and move budget towards the ones that sell.",
                "Lead response rate: Rank the message templates by reply rate, retire the weakest and test one change at a time for at least a week; check the send times by hour.",
                "Conversation length: Conversations end early: review the follow-up sequence and its spacing.",
                "Winter clearance set appointments with 0% of the leads it reached, against 20% for Spring SUV event: review its message and its audience, or test a change against Spring SUV event's.",
            ])
            // Each starts on the dashboard, on the report's day.
            #expect(advice.map { $0["page"] as? String } == [
                "/spend?window=custom&from=2026-03-02&to=2026-03-02", "/kpis/lead_response_rate?by=hour&window=custom&from=2026-03-02&to=2026-03-02",
                "/kpis/conversation_length?by=campaign&window=custom&from=2026-03-02&to=2026-03-02",
                "/kpis/appointment_setting_rate?by=campaign&window=custom&from=2026-03-02&to=2026-03-02",
            ])
            // The sales team's day: the 8 appointments were booked for 3 March; of the 80 leads of the
            // week, all answered by the AI, 72 have neither an appointment nor a sale; the two that
            // wrote back are the warmest.
            let today = try #require(json["today"] as? [String: Any])
            #expect(today["date"] as? String == "2026-03-03" && today["appointments"] as? Int == 8 && today["follow_ups"] as? Int == 72)
            let warmest = try #require(today["warmest"] as? [[String: Any]])
            #expect(warmest.count == 5 && warmest.prefix(2).map { $0["lead_id"] as? String } == ["W-0", "W-1"], "\(warmest)")
            #expect(warmest[0]["temperature"] as? Int == 80 && warmest[0]["replies"] as? Int == 1 && warmest[0]["source"] as? String == "Facebook Ads")
            let window = try #require(json["campaign_window"] as? [String: Any])
            #expect(window["from"] as? String == "2026-02-24" && window["to"] as? String == "2026-03-02", "a day's campaigns are ranked on the week to it")
            let campaigns = try #require(json["campaigns"] as? [[String: Any]])
            #expect(campaigns.map { $0["campaign"] as? String } == ["spring", "winter"] && campaigns[0]["name"] as? String == "Spring SUV event")
            #expect(campaigns[0]["appointment_rate"] as? Double == 0.2 && campaigns[1]["reply_rate"] as? Double == 0.05)
            let sources = try #require(json["sources"] as? [[String: Any]])
            #expect(sources.map { $0["source"] as? String } == ["cargurus", "facebook_ads"])
            #expect(sources[0]["spend"] as? Double == 800 && sources[0]["cost_per_sale"] as? Double == 800 && sources[1]["spend"] as? Double == 400)
            #expect(json["stores"] == nil, "one store: no table of stores")
            let alert = "Lakeside Toyota: Lead response rate is 12.5% on 80 (critical below 15%), firing since 07:00"
            #expect(json["open_alerts"] as? [String] == [alert], "\(json["open_alerts"] ?? "")")
            #expect((json["needs_attention"] as? [String])?.first == "Alert: " + alert)
            let scorecard = try #require(json["scorecard"] as? [String: Any])
            let kpis = try #require(scorecard["kpis"] as? [String: [String: Any]])
            #expect(kpis["lead_response_rate"]?["value"] as? Double == 0.125 && kpis["lead_response_rate"]?["clear_change"] as? Bool == true)
            #expect(json["page"] as? String == "/reports?kind=daily&date=2026-03-02")
            #expect(json["link"] as? String == "https://pitwall.example.com/reports?kind=daily&date=2026-03-02")

            let lakeside = try await client.execute(uri: "/v1/reports/daily?store=lkt&date=2026-02-23", method: .get, headers: app.headers(.read))
            #expect(lakeside.json["scope_name"] as? String == "Lakeside Toyota" && lakeside.json["from"] as? String == "2026-02-23")
            #expect(lakeside.json["today"] is NSNull, "an old day's report has no day ahead")
            #expect((lakeside.json["open_alerts"] as? [Any])?.isEmpty == true, "an old day's report does not list today's alerts")
            #expect((lakeside.json["volume"] as? [String: Any])?["leads"] as? Int == 10)
            #expect(lakeside.json["link"] as? String == "https://pitwall.example.com/reports?kind=daily&date=2026-02-23&store=lkt")
            let weekly = try await client.execute(uri: "/v1/reports/weekly?date=2026-03-04", method: .get, headers: app.headers(.read))
            #expect(weekly.json["from"] as? String == "2026-03-02" && weekly.json["to"] as? String == "2026-03-08", "the week under way, Monday to Sunday")
            #expect((weekly.json["compared"] as? [String: Any])?["from"] as? String == "2026-02-23")
            let monthly = try await client.execute(uri: "/v1/reports/monthly", method: .get, headers: app.headers(.read))
            #expect(monthly.json["from"] as? String == "2026-02-01" && monthly.json["to"] as? String == "2026-02-28")
            #expect((monthly.json["volume"] as? [String: Any])?["leads"] as? Int == 10)

            let badKind = try await client.execute(uri: "/v1/reports/yearly", method: .get, headers: app.headers(.read))
            #expect(badKind.status == .badRequest && badKind.errorMessage == "kind: 'yearly' is not one of daily, weekly, monthly")
            let badDate = try await client.execute(uri: "/v1/reports/daily?date=2026-02-30", method: .get, headers: app.headers(.read))
            #expect(badDate.status == .badRequest && badDate.errorMessage == "date: '2026-02-30' is not a date as YYYY-MM-DD")
            let future = try await client.execute(uri: "/v1/reports/monthly?date=2026-04-01", method: .get, headers: app.headers(.read))
            #expect(future.status == .badRequest && future.errorMessage == "date: 2026-04-01 is in a month that has not started yet (today is 2026-03-03)")
            #expect(try await client.execute(uri: "/v1/reports/daily?store=nowhere", method: .get, headers: app.headers(.read)).status == .notFound)
            #expect(try await client.execute(uri: "/v1/reports/daily", method: .get, headers: app.headers(.ingest)).status == .forbidden)

            // The page shows the same report.
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let html = try await session.get("/reports").text
            #expect(html.contains("80 leads came in (10 the same weekday a week before)"), "\(html)")
            #expect(html.contains("<li>Lead response rate 12.5% against 25% – 35% (red).</li>"))
            #expect(html.contains("<h2>For today, Tue 3 Mar 2026</h2>") && html.contains(#"<p class="today-appointments">8 appointments booked for today.</p>"#))
            #expect(html.contains(#"<li><a href="/leads/W-0">W-0 at Lakeside Toyota from Facebook Ads: temperature 80, 1 reply, no agent yet</a></li>"#), "\(html)")
            #expect(html.contains(#"<tr data-kpi="lead_response_rate">"#) && html.contains(#"data-value="0.125">12.5%"#))
            #expect(html.contains(#"aria-current="true">Daily</a>"#) && html.contains(#"href="/reports?kind=daily&amp;date=2026-03-01" rel="prev""#))
            #expect(html.contains("Spring SUV event") && html.contains("Winter clearance set appointments with 0%"))
            #expect(html.contains(#"<a href="/kpis/lead_response_rate?by=hour&amp;window=custom&amp;from=2026-03-02&amp;to=2026-03-02">Start here</a>"#))
            #expect(try await session.get("/reports?kind=hourly").status == .badRequest)
            let week = try await session.get("/reports?kind=weekly&date=2026-03-02").text
            #expect(week.contains("Weekly report") && week.contains("2 Mar – 8 Mar 2026"))
        }
    }

    @Test("a store's report says a KPI clearly worse though on target and one remedy once for two KPIs; the group's names each store off its own target")
    func storesAndRemedies() async throws {
        var configuration = Self.configuration
        configuration.stores.append(StoreProfile(id: "hph", name: "Harbor Point Honda", timeZone: TimeZone(identifier: "America/Los_Angeles")!))
        let app = try await TestApp.make(configuration: configuration)
        try await Self.seed(app)
        // Harbor Point, Monday 2 March: 40 leads answered in 4 minutes, 30 of the texts undelivered.
        // A week before: 40 leads answered in a minute, every text delivered.
        var events: [Event] = []
        for index in 0..<40 {
            var now = EventFactory(lead: LeadID("H-\(index)"), base: try Timestamp(rfc3339: "2026-03-02T18:00:00Z"))
            events += [
                now.created(0, store: "hph", source: "cargurus", cost: Money(amount: 20), campaign: "spring"), now.sent(240, message: "H-\(index)-m1"),
                now.status(250, message: "H-\(index)-m1", index < 30 ? .undelivered : .delivered),
            ]
            var before = EventFactory(lead: LeadID("HB-\(index)"), base: try Timestamp(rfc3339: "2026-02-23T18:00:00Z"))
            events += [
                before.created(0, store: "hph", source: "cargurus", cost: Money(amount: 20), campaign: "spring"),
                before.sent(60, message: "HB-\(index)-m1"), before.status(70, message: "HB-\(index)-m1", .delivered),
            ]
        }
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-03T00:00:00Z"))
        app.clock.set(try Timestamp(rfc3339: "2026-03-03T18:00:00Z"))
        try await app.run { client in
            let harbor = try await client.execute(uri: "/v1/reports/daily?store=hph", method: .get, headers: app.headers(.read)).json
            let attention = try #require(harbor["needs_attention"] as? [String])
            #expect(attention.suffix(3) == [
                "Message delivery rate 25% against ≥ 95% (red).", "Message failure rate 75% against ≤ 5% (red).",
                "Response time to leads slipped to 4 min 2 s from 60 s the same weekday a week before, more than chance moves it.",
            ], "10 of 40 delivered; a median of 4 minutes is on target, yet clearly slower than 1 minute")
            let advice = try #require(harbor["recommendations"] as? [[String: Any]]).compactMap { $0["text"] as? String }
            #expect(advice.last == "Message delivery rate, message failure rate: Ask the SMS provider about the failures; check number registration and the contact data of the sources that fail most.")
            #expect(advice.filter { $0.contains("Ask the SMS provider") }.count == 1 && !advice.contains { $0.hasPrefix("Response time") }, "\(advice)")

            let group = try await client.execute(uri: "/v1/reports/daily", method: .get, headers: app.headers(.read)).json
            let stores = try #require(group["stores"] as? [[String: Any]])
            #expect(stores.map { $0["store"] as? String } == ["hph", "lkt"] && stores.map { $0["leads"] as? Int } == [40, 80])
            #expect(stores[0]["off_target"] as? [String] == [
                "lead_to_sale_conversion", "lead_response_rate", "appointment_setting_rate", "message_delivery_rate", "message_failure_rate",
            ])
            let groupAttention = try #require(group["needs_attention"] as? [String])
            #expect(groupAttention.contains(
                "Harbor Point Honda: lead-to-sale conversion 0% against 8% – 12%; lead response rate 0% against 25% – 35%; appointment setting rate 0% against 8% – 15%; message delivery rate 25% against ≥ 95%; message failure rate 75% against ≤ 5%."))
            #expect(groupAttention.firstIndex { $0.hasPrefix("Appointment setting rate") }! > groupAttention.firstIndex { $0.hasPrefix("Conversation length") }!, "red before yellow")
            let text = try await client.execute(uri: "/reports?store=hph", method: .get, headers: app.headers(.read))
            #expect(text.status == .seeOther, "the page asks to sign in first")
        }
    }

    @Test("the weekly report says what the AI messaging cost and returned, and what to do when it did not pay in profit; the daily report does not")
    func messagingPlatform() async throws {
        var configuration = Self.configuration
        configuration.messagingPlatform = MessagingPlatformCosts(monthlyFeePerStore: 1_500, perTextSent: 0.01, grossProfitPerCar: 2_500)
        let app = try await TestApp.make(configuration: configuration)
        try await Self.seed(app)
        app.clock.set(try Timestamp(rfc3339: "2026-03-10T14:30:00Z"))
        try await app.run { client in
            // The week of 2 March: 7 of March's 31 days of $1,500 is $338.71, and the 80 texts
            // of that Monday $0.80. S-0 had the AI's text, replied and bought: the AI's car.
            let weekly = try await client.execute(uri: "/v1/reports/weekly?date=2026-03-04", method: .get, headers: app.headers(.read))
            let platform = try #require(weekly.json["messaging_platform"] as? [String: Any])
            #expect(platform["cost"] as? Double == 339.51 && platform["texts_sent"] as? Int == 80 && platform["ai_sales"] as? Int == 1)
            #expect(weekly.json["messaging_platform_lines"] as? [String] == [
                "The AI messaging cost $340 in the week: $339 in fees for 1 store, $0.80 for 80 texts.",
                "Leads the AI texted and heard back from bought 1 car for $40,000 (100% of the revenue): $340 of platform cost a car, $118 of their revenue for each platform dollar.",
                "At $2,500 gross a car, that car made $2,500, 7.4 times the cost. It pays for itself if that sale would not have happened without it.",
                // The week of 23 February: 6 of February's 28 days and 1 of March's 31, and the 10 texts of that Monday.
                "Against the week before: cost $340 (was $370); 1 car the AI helped sell (was 0).",
            ])
            let advice = (weekly.json["recommendations"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(!advice.contains { $0.hasPrefix("The AI messaging") }, "it paid: nothing to do about it")
            // Every seeded lead has the same phone: the spring leads of 2 March 15:00 repeat
            // the leads of 23 February 15:00, exactly the 7 days before (the window's edge
            // counts), and the winter leads of 16:00 repeat them. So each source's 40 are repeats.
            #expect(advice.filter { $0.contains("shoppers the store already had") } == [
                "CarGurus: 40 leads in the week came from shoppers the store already had ($800 of its spend). Many vendors credit such leads: send them the list of repeat leads.",
                "Facebook Ads: 40 leads in the week came from shoppers the store already had ($400 of its spend). Many vendors credit such leads: send them the list of repeat leads.",
            ], "\(advice)")
            let list = try await client.execute(uri: "/v1/export/repeats.csv?from=2026-03-02&to=2026-03-08&source=cargurus", method: .get, headers: app.headers(.read))
            let rows = list.text.split(separator: "\r\n").map(String.init)
            #expect(rows.first == "lead_id,store_id,source,cost,created_at,earlier_lead_id,earlier_source,earlier_created_at,hours_after")
            #expect(rows.count == 41 && rows[1] == "S-0,lkt,cargurus,20,2026-03-02T15:00:00.000Z,B-0,cargurus,2026-02-23T15:00:00.000Z,168", "\(rows.prefix(3))")
            let daily = try await client.execute(uri: "/v1/reports/daily?date=2026-03-02", method: .get, headers: app.headers(.read))
            #expect(daily.json["messaging_platform"] is NSNull && (daily.json["messaging_platform_lines"] as? [String])?.isEmpty == true)
            #expect(!((daily.json["recommendations"] as? [[String: Any]]) ?? []).contains { ($0["text"] as? String)?.contains("already had") == true }, "a day's repeats wait for the week")
            let session = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let page = try await session.get("/reports?kind=weekly&date=2026-03-04").text
            #expect(page.contains("<h2>The AI messaging: cost and return</h2>") && page.contains("<li>The AI messaging cost $340 in the week"), "\(page)")
        }

        configuration.messagingPlatform.grossProfitPerCar = 100
        let thin = try await TestApp.make(configuration: configuration)
        try await Self.seed(thin)
        thin.clock.set(try Timestamp(rfc3339: "2026-03-10T14:30:00Z"))
        try await thin.run { client in
            let weekly = try await client.execute(uri: "/v1/reports/weekly?date=2026-03-04", method: .get, headers: thin.headers(.read))
            #expect((weekly.json["messaging_platform_lines"] as? [String])?[2]
                == "At $100 gross a car, that car made $100, less than the cost: it pays for itself only with 4 such sales in the week, 3 more.")
            let advice = (weekly.json["recommendations"] as? [[String: Any]] ?? []).first { ($0["text"] as? String)?.hasPrefix("The AI messaging") == true }
            #expect(advice?["text"] as? String == "The AI messaging did not pay for itself in profit: it cost $340, and the 1 car it helped sell made $100 gross. "
                + "Find the texts leads do not answer and the sources whose leads never write back.")
            #expect((advice?["page"] as? String)?.hasPrefix("/outreach?") == true)
        }
    }
}
