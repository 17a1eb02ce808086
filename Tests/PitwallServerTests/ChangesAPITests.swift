import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallTestSupport
import Testing

@testable import PitwallServer

@Suite("The change log: /v1/changes and the dashboard's /changes")
struct ChangesAPITests {
    /// Two weeks at two stores, 40 leads of each source a week at each. Every lead gets the
    /// AI's text; Lakeside's Facebook leads answer 10 of 40 the week of 22 February and 30 of
    /// 40 the week of 1 March (the change); every other group answers 10 of 40 both weeks.
    func seeded(configuration: PitwallConfiguration = PitwallConfiguration(), now: String = "2026-03-09T12:00:00Z") async throws -> TestApp {
        var events: [Event] = []
        for week in ["2026-02-23T15:00:00Z", "2026-03-02T15:00:00Z"] {
            let base = try Timestamp(rfc3339: week)
            for store in ["lkt", "rvc"] {
                for source in ["facebook", "website"] {
                    let answering = store == "lkt" && source == "facebook" && week.hasPrefix("2026-03") ? 30 : 10
                    for index in 0..<40 {
                        let id = "\(week.prefix(10))-\(store)-\(source)-\(index)"
                        var make = EventFactory(lead: LeadID(id), base: base.adding(seconds: Double(index) * 60))
                        events += [make.created(0, store: StoreID(store), source: source), make.sent(20, message: "\(id)-ai")]
                        if index < answering { events.append(make.received(300, message: "\(id)-reply")) }
                    }
                }
            }
        }
        let app = try await TestApp.make(configuration: configuration)
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
        app.clock.set(try Timestamp(rfc3339: now))
        return app
    }

    @Test("a store's change is judged through its own store's today: the group's log read after the home store's midnight agrees with the store's own")
    func storeToday() async throws {
        // 03:00 on 10 March in Berlin, the home store's clock; still 9 March in Chicago.
        let app = try await seeded(
            configuration: PitwallConfiguration(stores: [
                StoreProfile(id: "hq", name: "Head office", timeZone: TimeZone(identifier: "Europe/Berlin")!),
                StoreProfile(id: "lkt", name: "Lakeside", timeZone: TimeZone(identifier: "America/Chicago")!),
                StoreProfile(id: "rvc", name: "Riverside", timeZone: TimeZone(identifier: "America/Chicago")!),
            ]), now: "2026-03-10T02:00:00Z")
        try await app.run { client in
            #expect(try await post(client, app, Self.facebookAtLakeside).status == .created)
            func change(_ path: String) async throws -> [String: Any]? {
                let log = try await client.execute(uri: path, method: .get, headers: app.headers(.read))
                #expect(log.status == .ok, "\(log.text)")
                return (log.json["changes"] as? [[String: Any]])?.first
            }
            let group = try #require(try await change("/v1/changes"))
            let own = try #require(try await change("/v1/changes?store=lkt"))
            #expect(group["days"] as? Int == 8 && (group["since"] as? [String: Any])?["to"] as? String == "2026-03-09", "\(group)")
            #expect(group["days"] as? Int == own["days"] as? Int && group["words"] as? String == own["words"] as? String, "\(group) vs \(own)")
        }
    }

    func post(_ client: LiveClient, _ app: TestApp, _ body: String, scope: AccessScope = .manage, key: String? = nil) async throws -> LiveResponse {
        var headers = app.headers(scope)
        if let key { headers[IdempotentRequest.header] = key }
        return try await client.execute(uri: "/v1/changes", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static let facebookAtLakeside =
        #"{"title": "First text names the car", "day": "2026-03-01", "store_id": "lkt", "segment": "source", "segment_value": "facebook", "figure": "lead_response_rate", "note": "October's A/B winner"}"#

    @Test("each change is judged on the days since against as many before, the rest of the group beside it")
    func log() async throws {
        let app = try await seeded()
        try await app.run { client in
            let recorded = try await post(client, app, Self.facebookAtLakeside, key: "change-fb")
            #expect(recorded.status == .created, "\(recorded.text)")
            #expect((recorded.json["id"] as? String)?.hasPrefix("change-") == true && recorded.json["recorded_by"] as? String == "manage-token")
            #expect(recorded.json["segment"] as? String == "source" && recorded.json["segment_value"] as? String == "facebook")
            // A client's retry with the same key records nothing twice.
            let again = try await post(client, app, Self.facebookAtLakeside, key: "change-fb")
            #expect(again.status == .created && again.text == recorded.text)
            app.clock.set(try Timestamp(rfc3339: "2026-03-09T12:05:00Z"))
            let riverside = #"{"title": "Routing by shift", "day": "2026-03-01", "store_id": "rvc", "figure": "lead_response_rate"}"#
            #expect(try await post(client, app, riverside).status == .created)
            let everywhere = try await post(client, app, #"{"title": "Quiet hours moved", "day": "2026-03-09", "figure": "opt_out_rate"}"#)
            #expect(everywhere.status == .created && everywhere.json["store"] is NSNull && everywhere.json["segment"] is NSNull, "\(everywhere.text)")
            #expect(try await app.store.processChanges(days: nil, store: nil).count == 3)

            let answer = try await client.execute(uri: "/v1/changes", method: .get, headers: app.headers(.read))
            #expect(answer.status == .ok)
            #expect(answer.json["from"] as? String == "2025-12-10" && answer.json["to"] as? String == "2026-03-09", "the 90 days up to today")
            let changes = try #require(answer.json["changes"] as? [[String: Any]])
            #expect(changes.map { $0["title"] as? String } == ["Quiet hours moved", "Routing by shift", "First text names the car"], "the newest first")
            let facebook = changes[2]
            #expect(facebook["verdict"] as? String == "better" && facebook["days"] as? Int == 8 && facebook["judged_net_of_rest"] as? Bool == true
                && facebook["moved_with_rest"] as? Bool == false)
            let before = facebook["before"] as? [String: Any] ?? [:], since = facebook["since"] as? [String: Any] ?? [:]
            #expect(before["from"] as? String == "2026-02-21" && before["to"] as? String == "2026-02-28")
            #expect(before["numerator"] as? Double == 10 && before["denominator"] as? Double == 40)
            #expect(since["from"] as? String == "2026-03-02" && since["to"] as? String == "2026-03-09" && since["numerator"] as? Double == 30)
            #expect((since["rest"] as? [String: Any])?["numerator"] as? Double == 10 && (since["rest"] as? [String: Any])?["denominator"] as? Double == 40)
            #expect(facebook["rest"] as? String == "source facebook at the other stores")
            // Up 50 points, against the rest's 0: net of the rest, +50 points.
            #expect(abs((facebook["net_change"] as? Double ?? 0) - 0.5) < 1e-12, "\(facebook)")
            #expect(
                facebook["words"] as? String
                    == "Better since, net of source facebook at the other stores: lead response rate 75% (30 of 40) in the 8 days since, from 25% (10 of 40) in the 8 days before. "
                    + "Source facebook at the other stores over the same days: 25% (10 of 40), from 25% (10 of 40); net of them, +50 pts, past chance.")
            // Riverside's routing moved nothing; Lakeside, its rest, rose with its Facebook leads.
            #expect(changes[1]["verdict"] as? String == "no_clear_change" && changes[1]["rest"] as? String == "the other stores")
            #expect(((changes[1]["since"] as? [String: Any])?["rest"] as? [String: Any])?["numerator"] as? Double == 40)
            #expect(changes[0]["verdict"] as? String == "too_early" && changes[0]["since"] is NSNull && changes[0]["rest"] is NSNull)
            #expect(answer.json["summary"] as? [String: Int] == ["better": 1, "worse": 0, "no_clear_change": 1, "too_early": 1])
            // A store's log holds its changes and every store's, not another store's.
            let lakeside = try await client.execute(uri: "/v1/changes?store=lkt", method: .get, headers: app.headers(.read))
            #expect((lakeside.json["changes"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Quiet hours moved", "First text names the car"])
            let february = try await client.execute(uri: "/v1/changes?from=2026-02-01&to=2026-02-28", method: .get, headers: app.headers(.read))
            #expect((february.json["changes"] as? [Any])?.isEmpty == true)
            let badDate = try await client.execute(uri: "/v1/changes?from=March", method: .get, headers: app.headers(.read))
            #expect(badDate.status == .badRequest && badDate.errorMessage?.hasPrefix("from") == true, "\(badDate.text)")

            // Removing one recorded by mistake: gone from the log, then 404.
            let id = try #require(changes[0]["id"] as? String)
            #expect(try await client.execute(uri: "/v1/changes/\(id)", method: .delete, headers: app.headers(.read)).status == .forbidden)
            #expect(try await client.execute(uri: "/v1/changes/\(id)", method: .delete, headers: app.headers(.manage)).status == .ok)
            #expect(try await client.execute(uri: "/v1/changes/\(id)", method: .delete, headers: app.headers(.manage)).status == .notFound)
            #expect(try await app.store.processChanges(days: nil, store: nil).count == 2)
            #expect(try await app.store.latestAuditEntries(limit: 5).first?.action == "change.removed")
        }
    }

    @Test("a change recorded with the wrong day is edited in place: same id and recorder, judged on the new day, the old one in the audit log")
    func editing() async throws {
        let app = try await seeded()
        try await app.run { client in
            let mistyped = Self.facebookAtLakeside.replacingOccurrences(of: "2026-03-01", with: "2026-03-05")
            let recorded = try await post(client, app, mistyped)
            let id = try #require(recorded.json["id"] as? String)
            func put(_ path: String, _ body: String, _ scope: AccessScope = .manage) async throws -> LiveResponse {
                try await client.execute(uri: path, method: .put, headers: app.headers(scope), body: ByteBuffer(string: body))
            }
            func verdict() async throws -> String? {
                let log = try await client.execute(uri: "/v1/changes", method: .get, headers: app.headers(.read))
                return ((log.json["changes"] as? [[String: Any]])?.first { $0["id"] as? String == id })?["verdict"] as? String
            }
            #expect(try await verdict() != "better", "no Facebook lead at Lakeside since 5 March")

            app.clock.set(try Timestamp(rfc3339: "2026-03-09T13:00:00Z"))
            #expect(try await put("/v1/changes/\(id)", Self.facebookAtLakeside, .read).status == .forbidden)
            let edited = try await put("/v1/changes/\(id)", Self.facebookAtLakeside)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(edited.json["id"] as? String == id && edited.json["day"] as? String == "2026-03-01" && edited.json["recorded_by"] as? String == "manage-token")
            #expect(try await verdict() == "better")
            let changes = try await app.store.processChanges(days: nil, store: nil)
            let firstRecorded = try Timestamp(rfc3339: "2026-03-09T12:00:00Z")
            #expect(changes.count == 1 && changes[0].recordedAt == firstRecorded, "recorded when it was first recorded")
            let line = try #require(try await app.store.latestAuditEntries(limit: 5).first)
            #expect(line.action == "change.edited" && line.subject == id && line.actor == "manage-token")
            #expect(
                line.detail == "First text names the car (lkt, source facebook on 2026-03-01, lead_response_rate); "
                    + "was First text names the car (lkt, source facebook on 2026-03-05, lead_response_rate)", "\(line.detail)")

            // A field that cannot be is named, and the change stays as it was; an unknown id is 404.
            let refused = try await put("/v1/changes/\(id)", Self.facebookAtLakeside.replacingOccurrences(of: "lead_response_rate", with: "revenue"))
            #expect(refused.status == .badRequest && refused.errorMessage?.hasPrefix("figure:") == true, "\(refused.text)")
            #expect(try await app.store.processChanges(days: nil, store: nil).first?.figure == .leadResponseRate)
            let unknown = try await put("/v1/changes/change-nope", Self.facebookAtLakeside)
            #expect(unknown.status == .notFound && unknown.errorMessage == "no change with id 'change-nope'", "\(unknown.text)")
            #expect(try await app.store.processChanges(days: nil, store: nil).count == 1, "an edit of an unknown id records nothing")

            // On the page: the fields as recorded in the change's own form, saved by a manager.
            let manager = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            let html = try await manager.get("/changes").text
            #expect(html.contains(#"<form method="post" action="/changes/\#(id)/edit" class="change-edit" aria-label="Edit First text names the car">"#), "\(html)")
            #expect(html.contains(#"<input type="date" name="day" required max="2026-03-09" value="2026-03-01">"#))
            #expect(html.contains(#"<option value="source" selected>Source</option>"#) && html.contains(#"<input name="segment_value" list="change-segment-values" maxlength="200" value="facebook">"#))
            #expect(html.contains(#"<input name="note" maxlength="500" value="October&#39;s A/B winner">"#))
            let saved = try await manager.post(
                "/changes/\(id)/edit",
                form: "csrf=\(manager.csrf)&back=/changes&title=First+text+names+the+car&day=2026-03-01&store_id=lkt&segment=&segment_value=&figure=appointment_setting_rate&note=")
            #expect(saved.status == .seeOther && saved.headers[.location] == "/changes?done=Change%20saved", "\(saved.text)")
            let now = try #require(try await app.store.processChanges(days: nil, store: nil).first)
            #expect(now.id == id && now.segment == nil && now.figure == .appointmentSettingRate && now.note == nil)
            let stale = try await manager.post("/changes/change-nope/edit", form: "csrf=\(manager.csrf)&title=X&day=2026-03-01&figure=lead_response_rate")
            #expect(stale.status == .notFound)
            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            #expect(!(try await reader.get("/changes").text).contains("/edit"))
            #expect(try await reader.post("/changes/\(id)/edit", form: "csrf=\(reader.csrf)&title=X&day=2026-03-01&figure=lead_response_rate").status == .forbidden)

            // A year on, Facebook has had no Lakeside lead for a year: the change's note can still
            // be corrected, but it cannot be moved to another source as quiet.
            #expect(try await put("/v1/changes/\(id)", Self.facebookAtLakeside).status == .ok)
            app.clock.set(try Timestamp(rfc3339: "2027-04-01T12:00:00Z"))
            let corrected = try await put("/v1/changes/\(id)", Self.facebookAtLakeside.replacingOccurrences(of: "October's", with: "November's"))
            #expect(corrected.status == .ok && corrected.json["note"] as? String == "November's A/B winner", "\(corrected.text)")
            let moved = try await put("/v1/changes/\(id)", Self.facebookAtLakeside.replacingOccurrences(of: "facebook", with: "website"))
            #expect(moved.status == .badRequest && moved.errorMessage?.hasPrefix("segment_value: no lead had source 'website' at lkt") == true, "\(moved.text)")
            #expect(try await app.store.processChanges(days: nil, store: nil).first?.segment?.value == "facebook")
        }
    }

    @Test("a change that cannot be recorded is refused naming the field, and nothing is stored")
    func refusals() async throws {
        let app = try await seeded()
        try await app.run { client in
            for (body, message) in [
                (#"{"day": "2026-03-01", "figure": "lead_response_rate"}"#, "title: say what changed, in a line"),
                (#"{"title": "X", "figure": "lead_response_rate"}"#, "day: give the day the change took effect, as YYYY-MM-DD"),
                (#"{"title": "X", "day": "2026-03-10", "figure": "lead_response_rate"}"#, "day: 2026-03-10 is after today (2026-03-09): record a change once it is made"),
                (#"{"title": "X", "day": "2026-03-01", "store_id": "nowhere", "figure": "lead_response_rate"}"#, "store_id: 'nowhere' is not a configured store"),
                (#"{"title": "X", "day": "2026-03-01", "segment": "source", "figure": "lead_response_rate"}"#, "segment_value: give the source the change applies to"),
                (#"{"title": "X", "day": "2026-03-01", "segment": "hour", "segment_value": "09", "figure": "lead_response_rate"}"#, "segment: 'hour' is not one of source"),
                (#"{"title": "X", "day": "2026-03-01"}"#, "figure: name the figure the change should move: one of lead_to_sale_conversion"),
                (#"{"title": "X", "day": "2026-03-01", "figure": "average_sale_value"}"#, "figure: 'average_sale_value' is not one of"),
                (
                    #"{"title": "X", "day": "2026-03-01", "store_id": "lkt", "segment": "source", "segment_value": "facebok", "figure": "lead_response_rate"}"#,
                    "segment_value: no lead had source 'facebok' at lkt in the year up to today (the last 30 days': facebook, website)"
                ),
                (#"{"title": 5, "day": "2026-03-01", "figure": "lead_response_rate"}"#, "title: must be a string"),
                ("not json", "the body is not JSON"),
            ] {
                let answer = try await post(client, app, body)
                #expect(answer.status == .badRequest && answer.errorMessage?.hasPrefix(message) == true, "\(body): \(answer.text)")
            }
            #expect(try await app.store.processChanges(days: nil, store: nil).isEmpty)
            #expect(try await post(client, app, Self.facebookAtLakeside, scope: .read).status == .forbidden)
            // A manager of Riverside records only Riverside's changes, and sees only those and every store's.
            let other = try await TokenIssuer(store: app.store, clock: app.clock).issue(scope: .manage, name: "rvc-manager", organisation: app.organisation, stores: ["rvc"])
            for (body, message) in [
                (Self.facebookAtLakeside, "store_id: 'lkt' is not one of this token's stores (rvc)"),
                (#"{"title": "X", "day": "2026-03-01", "figure": "lead_response_rate"}"#, "store_id: a token limited to stores (rvc) must name one of them: it cannot record a change of every store"),
            ] {
                let refused = try await client.execute(uri: "/v1/changes", method: .post, headers: app.headers(bearer: other), body: ByteBuffer(string: body))
                #expect(refused.status == .badRequest && refused.errorMessage == message, "\(refused.text)")
            }
            #expect(try await app.store.processChanges(days: nil, store: nil).isEmpty)
            #expect(try await post(client, app, Self.facebookAtLakeside).status == .created)
            #expect(try await post(client, app, #"{"title": "Every store", "day": "2026-03-02", "figure": "lead_response_rate"}"#).status == .created)
            let own = #"{"title": "Riverside's own", "day": "2026-03-03", "store_id": "rvc", "figure": "sla_attainment"}"#
            let recorded = try await client.execute(uri: "/v1/changes", method: .post, headers: app.headers(bearer: other), body: ByteBuffer(string: own))
            #expect(recorded.status == .created, "\(recorded.text)")
            let seen = try await client.execute(uri: "/v1/changes", method: .get, headers: app.headers(bearer: other))
            #expect((seen.json["changes"] as? [[String: Any]])?.map { $0["title"] as? String } == ["Riverside's own", "Every store"], "\(seen.text)")
            let all = try await app.store.processChanges(days: nil, store: nil)
            for change in all where change.store != "rvc" {
                #expect(try await client.execute(uri: "/v1/changes/\(change.id)", method: .delete, headers: app.headers(bearer: other)).status == .notFound)
                // Nor edited into one of Riverside's: Lakeside's is not seen, every store's not theirs.
                let edit = try await client.execute(uri: "/v1/changes/\(change.id)", method: .put, headers: app.headers(bearer: other), body: ByteBuffer(string: own))
                #expect(edit.status == .notFound, "\(edit.text)")
            }
            let riversides = try #require(all.first { $0.store == "rvc" })
            let moved = try await client.execute(
                uri: "/v1/changes/\(riversides.id)", method: .put, headers: app.headers(bearer: other), body: ByteBuffer(string: Self.facebookAtLakeside))
            #expect(moved.status == .badRequest && moved.errorMessage == "store_id: 'lkt' is not one of this token's stores (rvc)", "\(moved.text)")
            #expect(try await app.store.processChanges(days: nil, store: nil) == all, "nothing edited")
        }
    }

    @Test("the page lists each change with its verdict and the rest beside it; a manager records and removes by form, a reader only reads")
    func page() async throws {
        let app = try await seeded()
        try await app.run { client in
            #expect(try await post(client, app, Self.facebookAtLakeside).status == .created)
            let manager = try await DashboardBrowserSession.open(client, token: app.tokens[.manage]!)
            let html = try await manager.get("/changes").text
            #expect(html.contains("<h1>Changes made <span class=\"sub\">10 Dec 2025 – 9 Mar 2026</span></h1>"), "\(html)")
            #expect(html.contains(#"data-verdict="better""#) && html.contains(#"<span class="badge green">Better since</span>"#))
            #expect(html.contains(#"First text names the car <span class="sample">source facebook at lkt</span><span class="sample note">October&#39;s A/B winner</span>"#), "\(html)")
            #expect(html.contains(#"<td class="num">25% (10 of 40)<span class="sample">21 Feb – 28 Feb 2026</span></td><td class="num">75% (30 of 40)<span class="sample">2 Mar – 9 Mar 2026</span></td>"#), "\(html)")
            #expect(html.contains(#"<span class="sample rest">source facebook at the other stores: 25% (10 of 40), from 25% (10 of 40); net of them, +50 pts, past chance</span>"#), "\(html)")
            #expect(html.contains(#"<a href="/kpis/lead_response_rate?window=custom&amp;from=2026-02-21&amp;to=2026-03-09&amp;compare=off&amp;store=lkt&amp;source=facebook">"#), "\(html)")
            #expect(html.contains(#"<p class="lead-count" data-changes-summary>1 change: 1 better since, 0 worse since, 0 without a clear change, 0 too early to tell.</p>"#))
            #expect(html.contains(#"<option value="facebook">"#) && html.contains(#"<option value="website">"#), "the sources of the last 30 days are suggested")

            let recorded = try await manager.post(
                "/changes", form: "csrf=\(manager.csrf)&back=/changes&title=Website+leads+called+first&day=2026-03-08&store_id=&segment=source&segment_value=website&figure=appointment_setting_rate&note=")
            #expect(recorded.status == .seeOther && recorded.headers[.location] == "/changes?done=Change%20recorded", "\(recorded.text)")
            let website = try #require(try await app.store.processChanges(days: nil, store: nil).first { $0.title == "Website leads called first" })
            #expect(website.store == nil && website.segment == ProcessChange.Segment(dimension: .source, value: "website") && website.note == nil)
            #expect(website.figure == .appointmentSettingRate && website.recordedBy == "manage-token")
            let after = try await manager.get("/changes?done=Change%20recorded").text
            #expect(after.contains(#"data-change="\#(website.id)" data-verdict="too_early""#) && after.contains("source website at every store"))
            let future = try await manager.post("/changes", form: "csrf=\(manager.csrf)&title=Later&day=2026-03-20&figure=lead_response_rate")
            #expect(future.status == .badRequest && future.text.contains("is after today"))
            let removed = try await manager.post("/changes/\(website.id)/remove", form: "csrf=\(manager.csrf)&back=/changes")
            #expect(removed.status == .seeOther)
            #expect(try await app.store.processChanges(days: nil, store: nil).map(\.title) == ["First text names the car"])

            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!)
            let readOnly = try await reader.get("/changes").text
            #expect(readOnly.contains(#"data-verdict="better""#) && !readOnly.contains(#"class="filters changes-form""#) && !readOnly.contains("Remove</button>"))
            #expect(readOnly.contains("Recording a change needs a token with manage scope"))
            #expect(try await reader.post("/changes", form: "csrf=\(reader.csrf)&title=X&day=2026-03-08&figure=lead_response_rate").status == .forbidden)
            // The figure's page marks the change on its trend, for the change's store and segment,
            // for every store, and not for another segment or another figure.
            for (path, marked) in [
                ("/kpis/lead_response_rate?window=custom&from=2026-02-21&to=2026-03-09&store=lkt&source=facebook", true),
                ("/kpis/lead_response_rate?window=custom&from=2026-02-21&to=2026-03-09", true),
                ("/kpis/lead_response_rate?window=custom&from=2026-02-21&to=2026-03-09&source=website", false),
                ("/kpis/lead_response_rate?window=custom&from=2026-02-21&to=2026-03-09&store=rvc", false),
                ("/kpis/lead_response_rate?window=custom&from=2026-03-02&to=2026-03-09", false),
                ("/kpis/appointment_setting_rate?window=custom&from=2026-02-21&to=2026-03-09", false),
            ] {
                let page = try await reader.get(path).text
                #expect(page.contains(#"<g class="marker" data-index="8"><title>1 Mar: First text names the car (source facebook at lkt)</title>"#) == marked, "\(path)")
                #expect(page.contains("data-changes-marked>A dashed upright line marks each change made to this figure on these days (1 change);") == marked, "\(path)")
            }
            let scorecard = try await reader.get("/kpis").text
            #expect(scorecard.contains(#"<a href="/changes" data-changes-link>Changes made</a>"#))
        }
    }
    @Test("the weekly report lists the changes still in their 30 days since, judged at the week's end; the daily report has none")
    func reports() async throws {
        let app = try await seeded()
        try await app.run { client in
            #expect(try await post(client, app, Self.facebookAtLakeside).status == .created)
            let weekly = try await client.execute(uri: "/v1/reports/weekly?date=2026-03-04", method: .get, headers: app.headers(.read))
            #expect(weekly.status == .ok)
            let changes = try #require(weekly.json["changes"] as? [String: Any], "\(weekly.text)")
            #expect(changes["from"] as? String == "2026-01-31" && changes["to"] as? String == "2026-03-08")
            #expect(
                changes["findings"] as? [String]
                    == [
                        "First text names the car (source facebook at lkt), 1 Mar 2026 on lead response rate. Better since, net of source facebook at the other stores: lead response rate 75% "
                            + "(30 of 40) in the 7 days since, from 25% (10 of 40) in the 7 days before. Source facebook at the other stores over the "
                            + "same days: 25% (10 of 40), from 25% (10 of 40); net of them, +50 pts, past chance."
                    ])
            // The week that ends on the change's day lists it too early to tell; the week before, not at all.
            let ending = try await client.execute(uri: "/v1/reports/weekly?date=2026-02-25", method: .get, headers: app.headers(.read))
            #expect(
                (ending.json["changes"] as? [String: Any])?["findings"] as? [String]
                    == ["First text names the car (source facebook at lkt), 1 Mar 2026 on lead response rate. Too early to tell: the days since begin the day after the change."],
                "\(ending.text)")
            let earlier = try await client.execute(uri: "/v1/reports/weekly?date=2026-02-18", method: .get, headers: app.headers(.read))
            #expect((earlier.json["changes"] as? [String: Any])?["findings"] as? [String] == [], "\(earlier.text)")
            let daily = try await client.execute(uri: "/v1/reports/daily?date=2026-03-04", method: .get, headers: app.headers(.read))
            #expect(daily.json["changes"] is NSNull)
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/reports?kind=weekly&date=2026-03-04").text
            #expect(page.contains("<h2>Changes made</h2>") && page.contains("Better since, net of source facebook at the other stores: lead response rate 75%"), "\(page)")
        }
    }
    @Test("a change clearly worse since, net of the rest, is in the weekly report's 'What to do': undo it, or find out why")
    func undo() async throws {
        // North's website leads answer 30 of 40 the week of 22 February and 10 of 40 after the
        // change of 1 March; South's, 10 of 40 both weeks.
        let events = try ReplyWeeks.events([
            (start: "2026-02-23T15:00:00Z", replying: [(store: "north", count: 30), (store: "south", count: 10)]),
            (start: "2026-03-02T15:00:00Z", replying: [(store: "north", count: 10), (store: "south", count: 10)]),
        ])
        let app = try await TestApp.make(configuration: PitwallConfiguration())
        _ = try await app.store.ingest(events, at: try Timestamp(rfc3339: "2026-03-05T00:00:00Z"))
        app.clock.set(try Timestamp(rfc3339: "2026-03-09T12:00:00Z"))
        try await app.run { client in
            #expect(try await post(client, app, #"{"title": "Longer first text", "day": "2026-03-01", "store_id": "north", "figure": "lead_response_rate"}"#).status == .created)
            let weekly = try await client.execute(uri: "/v1/reports/weekly?date=2026-03-04", method: .get, headers: app.headers(.read))
            let advice = (weekly.json["recommendations"] as? [[String: Any]] ?? []).filter { ($0["page"] as? String)?.hasPrefix("/changes") == true }
            #expect(
                advice.map { $0["text"] as? String } == [
                    "Since 'Longer first text' (north, 1 Mar 2026), lead response rate 25% (10 of 40) in the 7 days since, from 75% (30 of 40) in the 7 days before, "
                        + "clearly worse net of the other stores: undo it, or find out why."
                ], "\(weekly.text)")
            #expect((weekly.json["changes"] as? [String: Any])?["findings"] as? [String] == [
                "Longer first text (north), 1 Mar 2026 on lead response rate. Worse since, net of the other stores: lead response rate 25% (10 of 40) in the 7 days since, from 75% "
                    + "(30 of 40) in the 7 days before. The other stores over the same days: 25% (10 of 40), from 25% (10 of 40); net of them, -50 pts, past chance."
            ])

            // The server's alert round says it too, at once, and the alerts page names it.
            try await app.dependencies.alertWatch().evaluate(now: app.clock.now())
            let alerts = try await client.execute(uri: "/v1/alerts", method: .get, headers: app.headers(.read))
            let worse = (alerts.json["alerts"] as? [[String: Any]] ?? []).filter { $0["rule_id"] as? String == "change_worse" }
            #expect(worse.count == 1 && worse.first?["condition"] as? String == "firing" && worse.first?["severity"] as? String == "warning", "\(alerts.text)")
            #expect((worse.first?["segment"] as? String)?.hasPrefix("store=north,change=change-") == true)
            let undo = "Since 'Longer first text' (north, 1 Mar 2026), lead response rate 25% (10 of 40) in the 8 days since, from 75% (30 of 40) in the 8 days before, "
                + "clearly worse net of the other stores: undo it, or find out why."
            #expect(worse.first?["note"] as? String == undo)
            let page = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/alerts").text
            #expect(page.contains("A change made things worse") && page.contains(undo.replacingOccurrences(of: "'", with: "&#39;")), "\(page)")
        }
    }
}
