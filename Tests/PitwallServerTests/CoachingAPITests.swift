import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallTestSupport
import Testing

@testable import PitwallServer

@Suite("The coaching log: /v1/coaching and the dashboard's /coaching")
struct CoachingAPITests {
    /// Ben slow the week of 22 February, coached on 1 March and quick the week after; Ana quick both weeks.
    func seeded() async throws -> TestApp {
        let events = try CoachedWeeks.events(colleagues: ["ana"])
        var configuration = PitwallConfiguration()
        configuration.roster = AgentRoster(agents: [RosterAgent(agentID: "ben", name: "Ben Adams", storeID: "lkt", shifts: .alwaysOpen)])
        let app = try await TestApp.make(configuration: configuration)
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
        app.clock.set(try Timestamp(rfc3339: "2026-03-09T12:00:00Z"))
        return app
    }

    func post(_ client: LiveClient, _ app: TestApp, _ body: String, scope: AccessScope = .manage, key: String? = nil) async throws -> LiveResponse {
        var headers = app.headers(scope)
        if let key { headers[IdempotentRequest.header] = key }
        return try await client.execute(uri: "/v1/coaching", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("recorded sessions are judged on the days since against as many before: Ben's coaching took, Ana's changed nothing")
    func log() async throws {
        let app = try await seeded()
        try await app.run { client in
            let ben = #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01", "focus": "agent_pickup_within_sla", "note": "Pick up within five minutes"}"#
            let recorded = try await post(client, app, ben, key: "coach-ben")
            #expect(recorded.status == .created, "\(recorded.text)")
            #expect((recorded.json["id"] as? String)?.hasPrefix("coaching-") == true && recorded.json["agent_name"] as? String == "Ben Adams")
            #expect(recorded.json["recorded_by"] as? String == "manage-token" && recorded.json["note"] as? String == "Pick up within five minutes")
            // A client's retry with the same key records nothing twice.
            let again = try await post(client, app, ben, key: "coach-ben")
            #expect(again.status == .created && again.text == recorded.text)
            app.clock.set(try Timestamp(rfc3339: "2026-03-09T12:05:00Z"))
            #expect(try await post(client, app, #"{"store_id": "lkt", "agent": "ana", "day": "2026-03-01"}"#).status == .created)
            #expect(try await app.store.coachingSessions(days: nil, store: nil).count == 2)

            let answer = try await client.execute(uri: "/v1/coaching", method: .get, headers: app.headers(.read))
            #expect(answer.status == .ok)
            #expect(answer.json["from"] as? String == "2025-12-10" && answer.json["to"] as? String == "2026-03-09", "the 90 days up to today")
            let sessions = try #require(answer.json["sessions"] as? [[String: Any]])
            #expect(sessions.map { $0["agent"] as? String } == ["ana", "ben"], "the newest recorded first")
            let benOutcome = sessions[1]
            #expect(benOutcome["verdict"] as? String == "took" && benOutcome["days"] as? Int == 8 && benOutcome["focus"] as? String == "agent_pickup_within_sla")
            let before = benOutcome["before"] as? [String: Any] ?? [:], since = benOutcome["since"] as? [String: Any] ?? [:]
            #expect(before["from"] as? String == "2026-02-21" && before["to"] as? String == "2026-02-28")
            #expect(before["numerator"] as? Double == 0 && before["denominator"] as? Double == 40 && before["value"] as? Double == 0)
            #expect(since["from"] as? String == "2026-03-02" && since["to"] as? String == "2026-03-09" && since["numerator"] as? Double == 40)
            #expect(try #require(benOutcome["change_chance"] as? Double) < 1e-9)
            #expect(benOutcome["words"] as? String == "It took: agent pick-up within SLA 100% (40 of 40) in the 8 days since, from 0% (0 of 40) in the 8 days before.")
            #expect(sessions[0]["verdict"] as? String == "no_clear_change" && sessions[0]["focus"] as? String == "agent_pickup_within_sla", "the focus defaults to pick-up")
            #expect(sessions[0]["note"] is NSNull)
            #expect(answer.json["summary"] as? [String: Int] == ["took": 1, "slipped": 0, "no_clear_change": 1, "too_early": 0])
            // Another store's log is empty; a window before any coaching too.
            let riverside = try await client.execute(uri: "/v1/coaching?store=rvc", method: .get, headers: app.headers(.read))
            #expect(riverside.status == .notFound, "a store with no data and no configuration: \(riverside.text)")
            let lakeside = try await client.execute(uri: "/v1/coaching?store=lkt&from=2026-03-02", method: .get, headers: app.headers(.read))
            #expect((lakeside.json["sessions"] as? [Any])?.isEmpty == true, "coached on the 1st, outside a window from the 2nd")
            let february = try await client.execute(uri: "/v1/coaching?from=2026-02-01&to=2026-02-28", method: .get, headers: app.headers(.read))
            #expect((february.json["sessions"] as? [Any])?.isEmpty == true)
            // A window reaching past today is judged as of today: the same log as up to today.
            let ahead = try await client.execute(uri: "/v1/coaching?from=2025-12-10&to=2026-04-30", method: .get, headers: app.headers(.read))
            #expect(ahead.json["to"] as? String == "2026-03-09" && ahead.text == answer.text, "\(ahead.text)")
            // A window by name lists its own days, not the 90 the log shows unless asked.
            let month = try await client.execute(uri: "/v1/coaching?window=mtd", method: .get, headers: app.headers(.read))
            #expect(month.json["from"] as? String == "2026-03-01" && month.json["to"] as? String == "2026-03-09")
            #expect((month.json["sessions"] as? [[String: Any]])?.count == 2)
            let week = try await client.execute(uri: "/v1/coaching?window=7d", method: .get, headers: app.headers(.read))
            #expect(week.json["from"] as? String == "2026-03-03" && (week.json["sessions"] as? [Any])?.isEmpty == true, "both were coached on the 1st")
            let badDate = try await client.execute(uri: "/v1/coaching?to=March", method: .get, headers: app.headers(.read))
            #expect(badDate.status == .badRequest && badDate.errorMessage?.hasPrefix("to") == true, "\(badDate.text)")

            // Removing one recorded by mistake: gone from the log, then 404.
            let anaID = try #require(sessions[0]["id"] as? String)
            #expect(try await client.execute(uri: "/v1/coaching/\(anaID)", method: .delete, headers: app.headers(.read)).status == .forbidden)
            #expect(try await client.execute(uri: "/v1/coaching/\(anaID)", method: .delete, headers: app.headers(.manage)).status == .ok)
            #expect(try await client.execute(uri: "/v1/coaching/\(anaID)", method: .delete, headers: app.headers(.manage)).status == .notFound)
            #expect(try await app.store.coachingSessions(days: nil, store: nil).map(\.agent) == ["ben"])
            #expect(try await app.store.latestAuditEntries(limit: 5).first?.action == "coaching.removed")
        }
    }

    @Test("the monthly report's team section ends with each coaching of the 90 days up to the month's end, judged at its end; the weekly with those still in their 30 days since")
    func monthlyReport() async throws {
        let app = try await seeded()
        try await app.run { client in
            #expect(try await post(client, app, #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01"}"#).status == .created)
            app.clock.set(try Timestamp(rfc3339: "2026-04-02T12:00:00Z"))
            let march = try await client.execute(uri: "/v1/reports/monthly?date=2026-03-15", method: .get, headers: app.headers(.read))
            #expect(march.status == .ok)
            let team = try #require((march.json["team"] as? [String: Any])?["findings"] as? [String], "\(march.text)")
            #expect(
                team.last
                    == "Coaching: Ben Adams, coached 1 Mar 2026 on agent pick-up within SLA. It took: agent pick-up within SLA 100% (40 of 40) in the 30 days since, from 0% (0 of 40) in the 30 days before.",
                "\(team)")
            // February's report comes before the coaching: no coaching line.
            let february = try await client.execute(uri: "/v1/reports/monthly?date=2026-02-15", method: .get, headers: app.headers(.read))
            #expect(((february.json["team"] as? [String: Any])?["findings"] as? [String])?.contains { $0.hasPrefix("Coaching:") } == false, "\(february.text)")
            // The weekly team meeting's report lists it while it is in its 30 days since (the week of
            // 2 March: 7 days each side), and not once they are long past (the week of 13 April).
            let week = try await client.execute(uri: "/v1/reports/weekly?date=2026-03-04", method: .get, headers: app.headers(.read))
            #expect(
                ((week.json["team"] as? [String: Any])?["findings"] as? [String])?.last
                    == "Coaching: Ben Adams, coached 1 Mar 2026 on agent pick-up within SLA. It took: agent pick-up within SLA 100% (40 of 40) in the 7 days since, from 0% (0 of 40) in the 7 days before.",
                "\(week.text)")
            app.clock.set(try Timestamp(rfc3339: "2026-04-21T12:00:00Z"))
            let later = try await client.execute(uri: "/v1/reports/weekly?date=2026-04-15", method: .get, headers: app.headers(.read))
            #expect(((later.json["team"] as? [String: Any])?["findings"] as? [String])?.contains { $0.hasPrefix("Coaching:") } == false, "\(later.text)")
        }
    }

    @Test("a session that cannot be recorded is refused naming the field, and nothing is stored")
    func refusals() async throws {
        let app = try await seeded()
        try await app.run { client in
            for (body, message) in [
                (#"{"agent": "ben", "day": "2026-03-01"}"#, "store_id: give the store the agent works at"),
                (#"{"store_id": "nowhere", "agent": "ben", "day": "2026-03-01"}"#, "store_id: 'nowhere' is not a configured store"),
                (#"{"store_id": "lkt", "day": "2026-03-01"}"#, "agent: give the agent's id, as their leads' events carry it"),
                (#"{"store_id": "lkt", "agent": "ben", "day": "1 March"}"#, "day: '1 March' is not a date; use YYYY-MM-DD"),
                (
                    #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-10"}"#,
                    "day: 2026-03-10 is after today (2026-03-09) at that store: record coaching once it happened"
                ),
                (#"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01", "focus": "revenue"}"#, "focus: 'revenue' is not one of agent_pickup_within_sla"),
                (#"{"store_id": "lkt", "agent": "ben", "day": 5}"#, "day: must be a string"),
                (
                    #"{"store_id": "lkt", "agent": "bne", "day": "2026-03-01"}"#,
                    "agent: 'bne' had no lead assigned at lkt in the year up to today; give the id their leads' events carry (the last 30 days': ana, ben)"
                ),
                ("not json", "the body is not JSON"),
            ] {
                let answer = try await post(client, app, body)
                #expect(answer.status == .badRequest && answer.errorMessage?.hasPrefix(message) == true, "\(body): \(answer.text)")
            }
            #expect(try await post(client, app, #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01"}"#, scope: .read).status == .forbidden)
            // A manager of another rooftop records nothing at Lakeside, and sees none of its sessions.
            let other = try await TokenIssuer(store: app.store, clock: app.clock).issue(scope: .manage, name: "rvc-manager", organisation: app.organisation, stores: ["rvc"])
            let elsewhere = try await client.execute(
                uri: "/v1/coaching", method: .post, headers: app.headers(bearer: other),
                body: ByteBuffer(string: #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01"}"#))
            #expect(elsewhere.status == .badRequest && elsewhere.errorMessage?.hasPrefix("store_id: ") == true && elsewhere.errorMessage?.contains("rvc") == true, "\(elsewhere.text)")
            #expect(try await app.store.coachingSessions(days: nil, store: nil).isEmpty)
            #expect(try await post(client, app, #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01"}"#).status == .created)
            let hidden = try await client.execute(uri: "/v1/coaching", method: .get, headers: app.headers(bearer: other))
            #expect((hidden.json["sessions"] as? [Any])?.isEmpty == true, "\(hidden.text)")
            let id = try #require(try await app.store.coachingSessions(days: nil, store: nil).first?.id)
            #expect(try await client.execute(uri: "/v1/coaching/\(id)", method: .delete, headers: app.headers(bearer: other)).status == .notFound)
            let moved = try await client.execute(
                uri: "/v1/coaching/\(id)", method: .put, headers: app.headers(bearer: other),
                body: ByteBuffer(string: #"{"store_id": "rvc", "agent": "ben", "day": "2026-03-01"}"#))
            #expect(moved.status == .notFound, "Lakeside's session is not theirs to move: \(moved.text)")
            #expect(try await app.store.coachingSessions(days: nil, store: nil).first?.store == "lkt")
        }
    }

    @Test("a session is judged through its own store's today: the group's log read after the home store's midnight agrees with the store's own")
    func storeToday() async throws {
        let events = try CoachedWeeks.events(colleagues: ["ana"])
        var configuration = PitwallConfiguration(stores: [
            StoreProfile(id: "hq", name: "Head office", timeZone: TimeZone(identifier: "Europe/Berlin")!),
            StoreProfile(id: "lkt", name: "Lakeside", timeZone: TimeZone(identifier: "America/Chicago")!),
        ])
        configuration.roster = AgentRoster(agents: [RosterAgent(agentID: "ben", name: "Ben Adams", storeID: "lkt", shifts: .alwaysOpen)])
        let app = try await TestApp.make(configuration: configuration)
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
        // 03:00 on 10 March in Berlin, the home store's clock; still 9 March in Chicago.
        app.clock.set(try Timestamp(rfc3339: "2026-03-10T02:00:00Z"))
        try await app.run { client in
            #expect(try await post(client, app, #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01"}"#).status == .created)
            func ben(_ path: String) async throws -> [String: Any]? {
                let log = try await client.execute(uri: path, method: .get, headers: app.headers(.read))
                #expect(log.status == .ok, "\(log.text)")
                return (log.json["sessions"] as? [[String: Any]])?.first { $0["agent"] as? String == "ben" }
            }
            let group = try #require(try await ben("/v1/coaching"))
            let own = try #require(try await ben("/v1/coaching?store=lkt"))
            #expect(group["days"] as? Int == 8 && (group["since"] as? [String: Any])?["to"] as? String == "2026-03-09", "\(group)")
            #expect(group["days"] as? Int == own["days"] as? Int && group["words"] as? String == own["words"] as? String, "\(group) vs \(own)")
        }
    }

    @Test("a session recorded with the wrong day is edited in place: same id and recorder, judged on the new day, the old one in the audit log")
    func editing() async throws {
        let app = try await seeded()
        try await app.run { client in
            let recorded = try await post(client, app, #"{"store_id": "lkt", "agent": "ben", "day": "2026-02-20", "note": "Queue first"}"#)
            let id = try #require(recorded.json["id"] as? String)
            func put(_ path: String, _ body: String, _ scope: AccessScope = .manage) async throws -> LiveResponse {
                try await client.execute(uri: path, method: .put, headers: app.headers(scope), body: ByteBuffer(string: body))
            }
            func verdict() async throws -> String? {
                let log = try await client.execute(uri: "/v1/coaching", method: .get, headers: app.headers(.read))
                return ((log.json["sessions"] as? [[String: Any]])?.first { $0["id"] as? String == id })?["verdict"] as? String
            }
            #expect(try await verdict() != "took", "coached on 20 February, before the slow week")
            let ben = #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01", "focus": "agent_pickup_within_sla", "note": "Queue first"}"#
            #expect(try await put("/v1/coaching/\(id)", ben, .read).status == .forbidden)
            app.clock.set(try Timestamp(rfc3339: "2026-03-09T13:00:00Z"))
            let edited = try await put("/v1/coaching/\(id)", ben)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(edited.json["id"] as? String == id && edited.json["day"] as? String == "2026-03-01" && edited.json["agent_name"] as? String == "Ben Adams")
            #expect(try await verdict() == "took")
            let line = try #require(try await app.store.latestAuditEntries(limit: 5).first)
            #expect(line.action == "coaching.edited" && line.subject == id && line.actor == "manage-token")
            #expect(line.detail == "ben at lkt on 2026-03-01, agent_pickup_within_sla; was ben at lkt on 2026-02-20, agent_pickup_within_sla", "\(line.detail)")
            let refused = try await put("/v1/coaching/\(id)", ben.replacingOccurrences(of: #""agent": "ben""#, with: #""agent": "bne""#))
            #expect(refused.status == .badRequest && refused.errorMessage?.hasPrefix("agent: 'bne' had no lead assigned") == true, "\(refused.text)")
            #expect(try await app.store.coachingSessions(days: nil, store: nil).first?.agent == "ben")
            let unknown = try await put("/v1/coaching/coaching-nope", ben)
            #expect(unknown.status == .notFound && unknown.errorMessage == "no coaching session with id 'coaching-nope'", "\(unknown.text)")
            #expect(try await app.store.coachingSessions(days: nil, store: nil).count == 1)

            // On the page: the session's own form, filled as recorded, saved by a manager.
            let manager = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            let html = try await manager.get("/coaching").text
            #expect(html.contains(#"<form method="post" action="/coaching/\#(id)/edit" class="coaching-edit" aria-label="Edit the coaching of ben">"#), "\(html)")
            #expect(html.contains(#"<input type="date" name="day" required max="2026-03-09" value="2026-03-01">"#))
            #expect(html.contains(#"<option value="agent_pickup_within_sla" selected>"#) && html.contains(#"<input name="note" maxlength="500" value="Queue first">"#))
            let saved = try await manager.post(
                "/coaching/\(id)/edit", form: "csrf=\(manager.csrf)&back=/coaching&store_id=lkt&agent=ben&day=2026-03-01&focus=appointment_setting_rate&note=")
            #expect(saved.status == .seeOther && saved.headers[.location] == "/coaching?done=Coaching%20saved", "\(saved.text)")
            let now = try #require(try await app.store.coachingSessions(days: nil, store: nil).first)
            #expect(now.id == id && now.focus == .appointmentSettingRate && now.note == nil)
            #expect(try await manager.post("/coaching/coaching-nope/edit", form: "csrf=\(manager.csrf)&store_id=lkt&agent=ben&day=2026-03-01").status == .notFound)
            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            #expect(!(try await reader.get("/coaching").text).contains("/edit"))
            #expect(try await reader.post("/coaching/\(id)/edit", form: "csrf=\(reader.csrf)&store_id=lkt&agent=ben&day=2026-03-01").status == .forbidden)

            // A year on, Ben has had no lead for a year: his session's note can still be
            // corrected, but it cannot be moved to Ana, as quiet by then.
            app.clock.set(try Timestamp(rfc3339: "2027-04-01T12:00:00Z"))
            let corrected = try await put("/v1/coaching/\(id)", ben.replacingOccurrences(of: "Queue first", with: "Queue first, then callbacks"))
            #expect(corrected.status == .ok && corrected.json["note"] as? String == "Queue first, then callbacks", "\(corrected.text)")
            let moved = try await put("/v1/coaching/\(id)", ben.replacingOccurrences(of: #""agent": "ben""#, with: #""agent": "ana""#))
            #expect(moved.status == .badRequest && moved.errorMessage?.hasPrefix("agent: 'ana' had no lead assigned at lkt") == true, "\(moved.text)")
            #expect(try await app.store.coachingSessions(days: nil, store: nil).first?.agent == "ben")
        }
    }

    @Test("the page lists each session with its verdict; a manager records and removes one by form, a reader only reads")
    func page() async throws {
        let app = try await seeded()
        try await app.run { client in
            #expect(try await post(client, app, #"{"store_id": "lkt", "agent": "ben", "day": "2026-03-01", "note": "Queue first"}"#).status == .created)
            let manager = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            let html = try await manager.get("/coaching").text
            #expect(html.contains("<h1>Coaching log <span class=\"sub\">coached 10 Dec 2025 – 9 Mar 2026</span></h1>"), "\(html)")
            #expect(html.contains(#"data-agent="ben" data-verdict="took""#))
            #expect(html.contains(#"<span class="badge green">Took</span>"#))
            #expect(html.contains(#"<td class="num">0% (0 of 40)<span class="sample">21 Feb – 28 Feb 2026</span></td><td class="num">100% (40 of 40)<span class="sample">2 Mar – 9 Mar 2026</span></td>"#), "\(html)")
            #expect(html.contains(#"<p class="lead-count" data-coaching-summary>1 session: 1 took, 0 worse since, 0 without a clear change, 0 too early to tell.</p>"#))
            #expect(html.contains(#"<form method="post" action="/coaching" class="filters coaching-form""#))
            #expect(html.contains(#"<option value="ana">"#) && html.contains(#"<option value="ben">"#), "the agents of the last 30 days are suggested")

            let recorded = try await manager.post("/coaching", form: "csrf=\(manager.csrf)&back=/coaching&store_id=lkt&agent=ana&day=2026-03-08&focus=appointment_setting_rate&note=Ask+for+the+visit")
            #expect(recorded.status == .seeOther && recorded.headers[.location] == "/coaching?done=Coaching%20recorded")
            let after = try await manager.get("/coaching?done=Coaching%20recorded").text
            #expect(after.contains(#"data-agent="ana" data-verdict="too_early""#) && after.contains("Ask for the visit"))
            let future = try await manager.post("/coaching", form: "csrf=\(manager.csrf)&store_id=lkt&agent=ana&day=2026-03-20")
            #expect(future.status == .badRequest && future.text.contains("is after today"))

            let ana = try #require(try await app.store.coachingSessions(days: nil, store: nil).first { $0.agent == "ana" })
            #expect(ana.focus == .appointmentSettingRate && ana.recordedBy == "manage-token")
            let removed = try await manager.post("/coaching/\(ana.id)/remove", form: "csrf=\(manager.csrf)&back=/coaching")
            #expect(removed.status == .seeOther)
            #expect(try await app.store.coachingSessions(days: nil, store: nil).map(\.agent) == ["ben"])

            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let readOnly = try await reader.get("/coaching").text
            #expect(readOnly.contains(#"data-verdict="took""#) && !readOnly.contains(#"action="/coaching" class="filters coaching-form""#))
            #expect(readOnly.contains("Recording coaching needs a token with manage scope"))
            #expect(try await reader.post("/coaching", form: "csrf=\(reader.csrf)&store_id=lkt&agent=ana&day=2026-03-08").status == .forbidden)
            // The team page links to the log, marks the agents coached in the days it shows and,
            // for a manager, opens the log's form filled for each agent.
            let team = try await reader.get("/team?window=custom&from=2026-03-02&to=2026-03-09").text
            #expect(team.contains(#"<a href="/coaching" data-coaching-link>Coaching log</a>"#))
            #expect(team.contains(#"Ben Adams</a><span class="sample coached" data-coached>coached 1 Mar 2026</span></th>"#), "\(team)")
            #expect(!team.contains("log coaching"))
            let managed = try await manager.get("/team?window=custom&from=2026-03-02&to=2026-03-09").text
            #expect(managed.contains(#"<a class="sample coach" href="/coaching?store=lkt&amp;agent=ana">log coaching</a>"#), "\(managed)")
            let filled = try await manager.get("/coaching?store=lkt&agent=ana").text
            #expect(filled.contains(#"<option value="lkt" selected>"#) && filled.contains(#"name="agent" list="coaching-agents" required maxlength="200" value="ana""#))
        }
    }
}
