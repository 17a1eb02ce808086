import Foundation
import HTTPTypes
import NIOCore
import PitwallCore
@testable import PitwallServer
import PitwallTestSupport
import Testing

@Suite("Scheduled reports sent to a real SMTP server on each store's clock")
struct ScheduledReportTests {
    @Test("each report goes out once at its local time, a store's channel gets its store's on its clock, through a DST change; a failed channel is logged")
    func schedule() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let server = try await LocalSMTPServer.start(in: folder)
        do {
            try await sends(through: server, folder: folder)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    func sends(through server: LocalSMTPServer, folder: TemporaryDirectory) async throws {
        let mail = "{host: 127.0.0.1, port: \(server.port), from: pitwall@example.com, encryption: none"
        var configuration = try ConfigurationFile.parse(
            """
            stores:
              - {id: lkt, name: Lakeside Toyota, timezone: America/Chicago}
              - {id: hph, name: Harbor Point Honda, timezone: America/Los_Angeles}
            notifications:
              link_base: https://pitwall.example.com
              channels:
                - {name: managers, email: \(mail), to: [gm@example.com]}}
                - {name: harbor, email: \(mail), to: [harbor@example.com]}, stores: [hph]}
                - {name: broken, webhook: "http://127.0.0.1:\(server.port)/reports"}
            reports:
              daily: {channels: [managers, harbor]}
              weekly: {at: "09:30", channels: [managers]}
              monthly: {channels: [broken]}
            """, file: "pitwall.yaml"
        ).pitwall
        configuration.sourceNames = ReportsAPITests.configuration.sourceNames
        configuration.campaignNames = ReportsAPITests.configuration.campaignNames
        // The database on which reports are claimed: SQLite, or PostgreSQL when the API tests run again on it.
        let app = try await TestApp.make(configuration: configuration)
        defer { app.folder.remove() }
        let (store, clock) = (app.store, app.clock)
        try await ReportsAPITests.seed(store: store)
        let dispatcher = ReportDispatcher(dependencies: app.dependencies, retryDelays: [])
        func sent(at time: String) async throws -> [String] {
            clock.set(try Timestamp(rfc3339: time))
            return try await dispatcher.sendDue().map { "\($0.kind.rawValue) \($0.date) \($0.store?.rawValue ?? "all") \($0.channel)\($0.delivered ? "" : " failed")" }
        }

        // Monday 2 March 2026, the first Monday of the month. 07:59 in Chicago: Sunday's report
        // would be a day late, last week's a week late.
        #expect(try await sent(at: "2026-03-02T13:59:00Z") == [])
        #expect(try await sent(at: "2026-03-02T14:00:00Z") == ["daily 2026-03-02 all managers"], "08:00 CST; 06:00 in Los Angeles")
        #expect(try await sent(at: "2026-03-02T14:00:30Z") == [], "sent once")
        #expect(try await sent(at: "2026-03-02T15:30:00Z") == ["weekly 2026-03-02 all managers", "monthly 2026-03-02 all broken failed"])
        #expect(try await sent(at: "2026-03-02T15:40:00Z") == [], "a failed report waits 15 minutes before it is tried again")
        #expect(try await sent(at: "2026-03-02T16:00:00Z") == ["daily 2026-03-02 hph harbor", "monthly 2026-03-02 all broken failed"], "08:00 PST at Harbor Point")
        #expect(try await sent(at: "2026-03-03T14:00:00Z") == ["daily 2026-03-03 all managers", "monthly 2026-03-02 all broken failed"], "an hour on, the last try")
        // Clocks went forward on Sunday 8 March: 08:00 in Chicago is now 13:00 UTC.
        #expect(try await sent(at: "2026-03-09T12:59:00Z") == [])
        #expect(try await sent(at: "2026-03-09T13:00:00Z") == ["daily 2026-03-09 all managers"])
        // A server that was down at 08:00 sends the report late, within half a day; Wednesday's
        // is not sent at all on Thursday morning.
        // A server that was down at Monday's 09:30 sends the weekly report late, within two days.
        #expect(try await sent(at: "2026-03-10T15:00:00Z") == ["daily 2026-03-10 all managers", "daily 2026-03-10 hph harbor", "weekly 2026-03-09 all managers"])
        // Wednesday's 08:00 sending is cut off half-way (the server was killed): its claim stays
        // unfinished. Another round leaves it while it might still be going, then sends it, once.
        clock.set(try Timestamp(rfc3339: "2026-03-11T13:00:00Z"))
        let wednesday = try #require(ReportDispatcher.due(at: clock.now(), configuration: app.dependencies.configuration).first { $0.store == nil })
        let claim = ReportDispatcher.hash(wednesday.claimKey)
        #expect(try await app.dependencies.idempotency.claimIdempotencyKey(
            IdempotencyRecord(keyHash: claim, caller: ReportDispatcher.caller, fingerprint: claim, createdAt: clock.now()), forgettingBefore: clock.now().adding(seconds: -86_400)) == nil)
        #expect(try await sent(at: "2026-03-11T13:10:00Z") == [], "ten minutes on, the first sending may still be going")
        #expect(try await sent(at: "2026-03-11T13:16:00Z") == ["daily 2026-03-11 all managers"], "fifteen minutes on, it was cut off: sent again")
        #expect(try await sent(at: "2026-03-11T13:40:00Z") == [], "and only once")
        #expect(try await sent(at: "2026-03-12T15:00:00Z") == ["daily 2026-03-12 all managers", "daily 2026-03-12 hph harbor"])

        let messages = try server.messages()
        #expect(messages.count == 11)
        #expect(messages.filter { $0.contains("Subject: Pitwall daily report: All stores, Tue 10 Mar 2026") }.count == 1)
        // Picked by subject: the next Monday's report names this one's day as the one it is set beside.
        let tuesday = try #require(messages.first { $0.contains("Subject: Pitwall daily report: All stores, Mon 2 Mar 2026") })
        #expect(tuesday.contains("Subject: Pitwall daily report: All stores, Mon 2 Mar 2026 (3 off target)"), "\(tuesday)")
        #expect(messages.contains { $0.contains("Subject: Pitwall daily report: All stores, Sun 1 Mar 2026 (no leads)") }, "an empty day is not on target")
        #expect(tuesday.contains("To: gm@example.com"))
        #expect(tuesday.contains("80 leads came in (10 the same weekday a week before)"))
        #expect(tuesday.contains("- Lead response rate 12.5% against 25% – 35% (red)."))
        #expect(tuesday.contains("For today, Tue 3 Mar 2026") && tuesday.contains("8 appointments booked for today."))
        #expect(tuesday.contains("- W-0 at Lakeside Toyota from Facebook Ads: temperature 80, 1 reply, no agent yet"))
        #expect(tuesday.contains("All of them: https://pitwall.example.com/follow-ups\n") || tuesday.contains("All of them: https://pitwall.example.com/follow-ups\r\n"))
        #expect(tuesday.contains(
            "- Lead response rate: Rank the message templates by reply rate, retire the weakest and test one change at a time for at least a week; check the send times by hour. (see https://pitwall.example.com/kpis/lead_response_rate?by=hour&window=custom&from=2026-03-02&to=2026-03-02)"))
        #expect(tuesday.contains("The full report, with charts and links: https://pitwall.example.com/reports?kind=daily&date=2026-03-02"))
        // Beside the text, the same report in HTML, its links on Pitwall's address.
        #expect(tuesday.contains("Content-Type: multipart/alternative; boundary=\"pitwall-"))
        let html = try #require(Self.htmlPart(of: tuesday))
        #expect(html.contains("<h1 style=\"font-size:20px;margin:0 0 4px\">Daily report</h1>"))
        #expect(html.contains(#"<tr data-kpi="lead_response_rate""#) && html.contains("12.5%") && html.contains("Act now"))
        #expect(html.contains(#"<a href="https://pitwall.example.com/kpis/lead_response_rate?window=custom&amp;from=2026-03-02&amp;to=2026-03-02""#), "\(html)")
        #expect(html.contains(#"<a href="https://pitwall.example.com/reports?kind=daily&amp;date=2026-03-02" style="color:#1d4ed8">The full report on Pitwall</a>"#))
        let harbor = messages.filter { $0.contains("To: harbor@example.com") }
        #expect(harbor.count == 3 && harbor.allSatisfy { $0.contains("Subject: Pitwall daily report: Harbor Point Honda, ") }, "only its own store's reports")
        #expect(harbor.contains { $0.contains("Subject: Pitwall daily report: Harbor Point Honda, Sun 1 Mar 2026") }, "its own store's day, on its own clock")
        // The en dash puts the subject in an encoded word; the body is UTF-8 as it is.
        let weekly = try #require(messages.first { $0.contains("Weekly report: All stores, 23 Feb – 1 Mar 2026") })
        #expect(weekly.contains("10 leads came in (0 the week before)"), "\(weekly)")

        let audit = try await store.auditLog(after: 0, limit: 50)
        #expect(audit.filter { $0.action == "report.sent" }.count == 11)
        let resumed = audit.filter { $0.detail.contains("cut off") }
        #expect(resumed.map(\.subject) == ["daily report 2026-03-10"] && resumed.first?.detail.hasPrefix("managers: the sending begun at 08:00 was cut off (the server stopped), so it went again: 1 attempt") == true, "\(resumed)")
        let failed = audit.filter { $0.action == "report.failed" }
        #expect(failed.count == 3 && failed.allSatisfy { $0.subject == "monthly report 2026-02-01" && $0.detail.hasPrefix("broken: 1 attempt") }, "\(failed)")
        #expect(failed.first?.detail.hasSuffix("; trying again at 09:45") == true && failed.last?.detail.hasSuffix("; not tried again") == true, "\(failed)")

        // By hand, outside the schedule: a manager sends last week's report to the managers again,
        // and Harbor Point's yesterday, now with a lead, to its own channel. (A store is known by
        // its leads to an organisation of the group database that lists no stores of its own.)
        var harborLead = EventFactory(lead: "H-1", base: try Timestamp(rfc3339: "2026-03-11T18:00:00Z"))
        _ = try await store.ingest([harborLead.created(0, store: "hph", source: "cargurus")], at: clock.now())
        try await app.run { client in
            func send(_ body: String, scope: AccessScope = .manage) async throws -> LiveResponse {
                try await client.execute(uri: "/v1/reports/weekly/send", method: .post, headers: app.headers(scope), body: ByteBuffer(string: body))
            }
            let sent = try await send(#"{"channel": "managers", "date": "2026-03-02"}"#)
            #expect(sent.status == .ok && sent.json["sent"] as? String == "weekly report 2026-03-02...2026-03-08", "\(sent.text)")
            let unknown = try await send(#"{"channel": "sales"}"#)
            #expect(unknown.status == .badRequest && unknown.errorMessage == "channel: 'sales' is not one of managers, harbor, broken")
            let elsewhere = try await send(#"{"channel": "harbor"}"#)
            #expect(elsewhere.status == .badRequest && elsewhere.errorMessage == "channel: 'harbor' gets only the news of Harbor Point Honda: send it one of their reports")
            let nowhere = try await send(#"{"channel": "harbor", "store": "hpx"}"#)
            #expect(nowhere.status == .badRequest && nowhere.errorMessage?.hasPrefix("store: no store 'hpx'") == true, "\(nowhere.text)")
            let refused = try await send(#"{"channel": "broken"}"#)
            #expect(refused.status == .badGateway && refused.errorCode == "delivery_failed", "\(refused.text)")
            #expect(try await send(#"{"channel": "managers"}"#, scope: .read).status == .forbidden)

            // The page's form, for a manager: sent, and back on the report saying so.
            let manager = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            let page = try await manager.get("/reports?kind=daily&store=hph").text
            #expect(page.contains("1 lead came in"), "\(page)")
            #expect(page.contains(#"<form class="send-report" method="post" action="/reports/send">"#))
            #expect(page.contains(#"<option value="harbor">harbor</option>"#) && page.contains(#"<option value="managers">managers</option>"#), "its own channel and the group's")
            let back = try await manager.post(
                "/reports/send", form: "csrf=\(manager.csrf)&back=%2Freports%3Fkind%3Ddaily%26store%3Dhph&kind=daily&store=hph&channel=harbor")
            #expect(back.status == .seeOther && back.headers[.location] == "/reports?kind=daily&store=hph&done=Report%20sent%20to%20harbor", "\(back.headers)")
            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            #expect(try await !reader.get("/reports?kind=daily").text.contains("send-report"), "a reader is not offered the form")
        }
        let byHand = try server.messages()
        #expect(byHand.count == 13)
        #expect(byHand.filter { $0.contains("To: harbor@example.com") && $0.contains("Wed 11 Mar 2026") }.count == 2, "the schedule's and the page's: yesterday's Harbor Point report")
        let handLog = try await store.auditLog(after: 0, limit: 100).filter { $0.detail.contains("sent by hand") }
        #expect(handLog.map(\.action) == ["report.sent", "report.failed", "report.sent"] && handLog.allSatisfy { $0.actor == "manage-token" }, "\(handLog)")
    }

    /// The HTML part of a multipart message, decoded from its base64.
    static func htmlPart(of message: String) -> String? {
        let unix = message.replacingOccurrences(of: "\r\n", with: "\n")
        guard let start = unix.range(of: "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n") else { return nil }
        let rest = unix[start.upperBound...]
        let body = rest[..<(rest.range(of: "\n--pitwall-")?.lowerBound ?? rest.endIndex)]
        return Data(base64Encoded: body.replacingOccurrences(of: "\n", with: "")).map { String(decoding: $0, as: UTF8.self) }
    }
}
