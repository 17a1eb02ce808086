import Crypto
import Foundation
import PitwallCore
import PitwallSQLite
import PitwallTestSupport
import Testing

/// The binary against the group database: organisations, tokens, import and the scorecard,
/// and the same KPIs as from a SQLite file with the same events.
@Suite("pitwall command line on PostgreSQL", .serialized, .enabled(if: TestPostgres.address != nil))
struct PostgresCommandLineTests {
    @Test("org create, token create --org, import and kpi --org; the scorecard equals SQLite's; a mistyped org is refused, not created")
    func organisationWorkflow() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = TestPostgres.address!
        let organisation = "cli-\(UUID().uuidString.lowercased().prefix(8))"
        let created = try await CommandRunner.run(["org", "create", "--id", organisation, "--name", "Lakeside Auto Group", "--db", database])
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.trimmingCharacters(in: .whitespacesAndNewlines) == organisation)
        let again = try await CommandRunner.run(["org", "create", "--id", organisation, "--db", database])
        #expect(again.status != 0)
        #expect(again.errors.contains("an organisation '\(organisation)' already exists"))

        let token = try await CommandRunner.run(["token", "create", "--scope", "read", "--org", organisation, "--db", database])
        #expect(token.status == 0, "\(token.errors)")
        #expect(token.output.hasPrefix("pw_"))
        let typo = try await CommandRunner.run(["token", "create", "--scope", "read", "--org", organisation + "x", "--db", database])
        #expect(typo.status != 0)
        #expect(typo.errors.contains("there is no organisation '\(organisation)x'"))

        let simulated = try await CommandRunner.run(["simulate", "--days", "4", "--seed", "5", "--stores", "2", "--config-out", folder.file("group.yaml")])
        let file = folder.file("events.ndjson")
        try simulated.output.write(toFile: file, atomically: true, encoding: .utf8)
        let lines = simulated.output.split(separator: "\n").count
        let imported = try await CommandRunner.run(["import", file, "--db", database, "--org", organisation, "--config", folder.file("group.yaml")])
        #expect(imported.status == 0, "\(imported.errors)")
        // Warnings may follow: the simulator's web forms drop a phone digit now and then.
        #expect(imported.output.hasPrefix(#"{"accepted":\#(lines),"duplicates":0,"rejected":[]"#), "\(imported.output.prefix(200))")
        let sqlite = try await CommandRunner.run(["import", file, "--db", folder.file("p.sqlite"), "--config", folder.file("group.yaml")])
        #expect(sqlite.status == 0)

        let window = ["--from", "2026-01-05", "--to", "2026-01-08", "--group-by", "source", "--json", "--config", folder.file("group.yaml")]
        let fromPostgres = try await CommandRunner.run(["kpi", "--db", database, "--org", organisation] + window)
        let fromSQLite = try await CommandRunner.run(["kpi", "--db", folder.file("p.sqlite")] + window)
        #expect(fromPostgres.status == 0, "\(fromPostgres.errors)")
        #expect(fromPostgres.output == fromSQLite.output)
        #expect(fromPostgres.output.contains(#""lead_to_sale_conversion""#))
    }

    @Test(
        "org configure gives an organisation its own stores and targets: kpi --org counts its leads in its stores' local days and judges them by its targets; a section the server keeps, or a wrong zone, is refused by line"
    )
    func organisationConfiguration() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = TestPostgres.address!
        let organisation = "conf-\(UUID().uuidString.lowercased().prefix(8))"
        #expect(try await CommandRunner.run(["org", "create", "--id", organisation, "--db", database]).status == 0)
        let none = try await CommandRunner.run(["org", "configuration", "--org", organisation, "--db", database])
        #expect(none.status != 0)
        #expect(none.errors.contains("'\(organisation)' has no configuration of its own"), "\(none.errors)")

        let serverWide = folder.file("server-wide.yaml")
        try "stores:\n  - id: west\n    timezone: America/Los_Angeles\nserver:\n  port: 9000\n".write(toFile: serverWide, atomically: true, encoding: .utf8)
        let refused = try await CommandRunner.run(["org", "configure", "--org", organisation, "--config", serverWide, "--db", database])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("\(serverWide):4: server: is not set per organisation"), "\(refused.errors)")
        let wrongZone = folder.file("wrong-zone.yaml")
        try "stores:\n  - id: west\n    timezone: America/Los_Angles\n".write(toFile: wrongZone, atomically: true, encoding: .utf8)
        let misspelt = try await CommandRunner.run(["org", "configure", "--org", organisation, "--config", wrongZone, "--db", database])
        #expect(misspelt.status != 0)
        #expect(misspelt.errors.contains("\(wrongZone):3: stores[0].timezone: 'America/Los_Angles' is not a known IANA time zone"), "\(misspelt.errors)")
        let stillNone = try await CommandRunner.run(["org", "configuration", "--org", organisation, "--db", database])
        #expect(stillNone.errors.contains("has no configuration of its own"), "a refused file saves nothing")

        // Both leads come in on the evening of March 8 in Los Angeles, March 9 in UTC; one buys.
        let events = """
            {"id":"c1","type":"lead.created","occurred_at":"2026-03-09T05:30:00Z","lead_id":"L1","store_id":"west","source":"web"}
            {"id":"c2","type":"lead.created","occurred_at":"2026-03-09T06:30:00Z","lead_id":"L2","store_id":"west","source":"web"}
            {"id":"c3","type":"sale.closed","occurred_at":"2026-03-10T18:00:00Z","lead_id":"L1","sale_id":"S1","amount":31000}

            """
        try events.write(toFile: folder.file("events.ndjson"), atomically: true, encoding: .utf8)
        let imported = try await CommandRunner.run(["import", folder.file("events.ndjson"), "--db", database, "--org", organisation, "--format", "json"])
        #expect(imported.output.hasPrefix(#"{"accepted":3,"#), "\(imported.output) \(imported.errors)")
        // Until the organisation says where its store is, the store's days are UTC days.
        let beforeConfiguring = try await CommandRunner.run(["kpi", "--db", database, "--org", organisation, "--from", "2026-03-08", "--to", "2026-03-08", "--json"])
        #expect(beforeConfiguring.output.contains(#""lead_to_sale_conversion":{"value":null,"numerator":0,"denominator":0,"#))

        let own = """
            # Lakeside's West Coast store, and a bar it set itself.
            stores:
              - id: west
                name: Lakeside West
                timezone: America/Los_Angeles
            kpis:
              lead_to_sale_conversion:
                target_min: 0.6
                changed_on: 2026-03-01
                reason: Our buyers come ready.

            """
        let ownPath = folder.file("lakeside.yaml")
        try own.write(toFile: ownPath, atomically: true, encoding: .utf8)
        let saved = try await CommandRunner.run(["org", "configure", "--org", organisation, "--config", ownPath, "--db", database])
        #expect(saved.status == 0, "\(saved.errors)")
        #expect(saved.output.hasPrefix("saved version 1 of the configuration of '\(organisation)': west (America/Los_Angeles)\n"), "\(saved.output)")
        #expect(saved.output.contains("\nits own: KPI targets and SLA policy; from the server's file: notification channels, alert rules\n"), "\(saved.output)")
        let listed = try await CommandRunner.run(["org", "list", "--db", database])
        let line = listed.output.split(separator: "\n").first { $0.hasPrefix(organisation + " ") }.map(String.init)
        #expect(line?.contains("  version 1 of ") == true && line?.hasSuffix(": west (America/Los_Angeles)") == true, "\(listed.output)")
        #expect(listed.output.hasPrefix("ORGANISATION"))
        let shown = try await CommandRunner.run(["org", "configuration", "--org", organisation, "--db", database])
        #expect(shown.output.hasPrefix("# version 1, saved "))
        #expect(shown.output.hasSuffix(own), "printed as saved, comments and all")

        // Configured afterwards: the stored leads are counted again in Los Angeles days.
        let eighth = try await CommandRunner.run(["kpi", "--db", database, "--org", organisation, "--from", "2026-03-08", "--to", "2026-03-08", "--json"])
        #expect(eighth.status == 0, "\(eighth.errors)")
        #expect(
            eighth.output.contains(#""lead_to_sale_conversion":{"value":0.5,"numerator":1,"denominator":2,"#), "\(eighth.output.prefix(400))")
        #expect(eighth.output.contains(#""target":{"min":0.6"#), "the organisation's own target")
        #expect(!eighth.output.contains(#""lead_to_sale_conversion":{"value":0.5,"numerator":1,"denominator":2,"unit":"ratio","target":{"min":0.08"#))
        let ninth = try await CommandRunner.run(["kpi", "--db", database, "--org", organisation, "--from", "2026-03-09", "--to", "2026-03-09", "--json"])
        #expect(ninth.output.contains(#""lead_to_sale_conversion":{"value":null,"numerator":0,"denominator":0,"#), "\(ninth.output.prefix(300))")
    }

    @Test("kpi --org without dates ends its window on today where the organisation's stores are, from its stored configuration, not the file's")
    func organisationsToday() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = TestPostgres.address!
        let organisation = "today-\(UUID().uuidString.lowercased().prefix(8))"
        #expect(try await CommandRunner.run(["org", "create", "--id", organisation, "--db", database]).status == 0)
        // A zone whose date is not UTC's at this hour: twelve hours behind in the UTC morning, fourteen ahead after noon.
        let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour!
        let zone = hour < 12 ? "Etc/GMT+12" : "Pacific/Kiritimati"
        try "stores:\n  - id: far\n    timezone: \(zone)\n".write(toFile: folder.file("far.yaml"), atomically: true, encoding: .utf8)
        #expect(try await CommandRunner.run(["org", "configure", "--org", organisation, "--config", folder.file("far.yaml"), "--db", database]).status == 0)
        func today() -> String { StoreProfile(id: StoreID("far"), timeZone: TimeZone(identifier: zone)!).calendar.localDate(of: Timestamp(Date())).description }

        let before = today()
        let scorecard = try await CommandRunner.run(["kpi", "--db", database, "--org", organisation, "--json"])
        let after = today()
        #expect(scorecard.status == 0, "\(scorecard.errors)")
        #expect(scorecard.output.contains(#""to":"\#(before)""#) || scorecard.output.contains(#""to":"\#(after)""#), "\(zone): \(scorecard.output.prefix(120))")
        let export = try await CommandRunner.run(["export", "--db", database, "--org", organisation])
        #expect(export.status == 0, "\(export.errors)")
    }

    /// Half the events reach the organisation first (an earlier copy that stopped half-way),
    /// then the whole file is copied, then copied again.
    @Test("copy moves a SQLite file into an organisation without losing or doubling an event, signed-in browsers with it, and a second run changes nothing")
    func copyFromSQLite() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = TestPostgres.address!
        let organisation = "copy-\(UUID().uuidString.lowercased().prefix(8))"
        #expect(try await CommandRunner.run(["org", "create", "--id", organisation, "--db", database]).status == 0)
        let simulated = try await CommandRunner.run(["simulate", "--days", "3", "--seed", "8", "--stores", "2", "--config-out", folder.file("group.yaml")])
        let lines = simulated.output.split(separator: "\n")
        try simulated.output.write(toFile: folder.file("all.ndjson"), atomically: true, encoding: .utf8)
        try (lines.prefix(lines.count / 2).joined(separator: "\n") + "\n").write(toFile: folder.file("half.ndjson"), atomically: true, encoding: .utf8)
        let file = folder.file("dealer.sqlite")
        let config = ["--config", folder.file("group.yaml")]
        #expect(try await CommandRunner.run(["import", folder.file("all.ndjson"), "--db", file] + config).status == 0)
        let token = try await CommandRunner.run(["token", "create", "--scope", "read", "--db", file])
        #expect(token.status == 0)
        // A browser signed in with that token until tomorrow, and one whose session ran out an hour ago.
        let secret = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenHash = SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
        let now = Timestamp(Date())
        let signedIn = StoredSession(idHash: String(repeating: "a", count: 64), tokenHash: tokenHash, expiresAt: now.adding(seconds: 86_400))
        do {
            let store = try SQLiteStore(path: file)
            try await store.saveSession(signedIn)
            try await store.saveSession(StoredSession(idHash: String(repeating: "b", count: 64), tokenHash: tokenHash, expiresAt: now.adding(seconds: -3_600)))
            // And a coaching session the manager recorded.
            try await store.recordCoaching(
                CoachingSession(
                    id: "coaching-1", store: "lkt", agent: "lkt-agent-1", day: CivilDate(iso: "2026-01-06")!, focus: .leadResponseRate, note: "Open with a question",
                    recordedBy: "manager", recordedAt: now))
            // And a change the marketing team recorded, of every store.
            try await store.recordChange(
                ProcessChange(
                    id: "change-1", day: CivilDate(iso: "2026-01-06")!, store: nil, segment: nil, figure: .leadResponseRate, title: "Shorter first text",
                    note: nil, recordedBy: "marketing", recordedAt: now))
            // And a delay an agent reported, fixed by that change.
            try await store.recordDelay(
                ReportedDelay(
                    id: "delay-1", store: "lkt", agent: "lkt-agent-1", day: CivilDate(iso: "2026-01-06")!, step: "Re-typing the lead into the DMS",
                    minutes: 4, share: 1, change: "change-1", note: nil, recordedBy: "manager", recordedAt: now))
            try store.close()
        }
        #expect(try await CommandRunner.run(["import", folder.file("half.ndjson"), "--db", database, "--org", organisation] + config).status == 0)

        let first = try await CommandRunner.run(["copy", "--from", "sqlite:" + file, "--to", database, "--org", organisation, "--batch-size", "700"] + config)
        #expect(first.status == 0, "\(first.errors)")
        #expect(
            first.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"events_in_file":\#(lines.count),"copied":\#(lines.count - lines.count / 2),"already_there":\#(lines.count / 2),"conflicts":0,"tokens":1,"sessions":1,"held_callbacks":0,"coaching_sessions":1,"changes":1,"reported_delays":1,"events_in_organisation":\#(lines.count)}"#)
        let second = try await CommandRunner.run(["copy", "--from", file, "--to", database, "--org", organisation] + config)
        #expect(
            second.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"events_in_file":\#(lines.count),"copied":0,"already_there":\#(lines.count),"conflicts":0,"tokens":0,"sessions":0,"held_callbacks":0,"coaching_sessions":0,"changes":0,"reported_delays":0,"events_in_organisation":\#(lines.count)}"#)

        let window = ["kpi", "--from", "2026-01-05", "--to", "2026-01-07", "--group-by", "agent", "--json"] + config
        let fromFile = try await CommandRunner.run(window + ["--db", file])
        let fromOrganisation = try await CommandRunner.run(window + ["--db", database, "--org", organisation])
        #expect(fromFile.status == 0 && fromOrganisation.status == 0)
        #expect(fromOrganisation.output == fromFile.output)
        // The coaching log reads the same from either, the session copied whole.
        let log = ["coaching", "--to", "2026-01-07", "--json"] + config
        let logFromFile = try await CommandRunner.run(log + ["--db", file])
        let logFromOrganisation = try await CommandRunner.run(log + ["--db", database, "--org", organisation])
        #expect(logFromFile.status == 0 && logFromOrganisation.output == logFromFile.output, "\(logFromOrganisation.errors)")
        #expect(logFromFile.output.contains(#""note":"Open with a question""#), "\(logFromFile.output)")
        let changes = ["changes", "--to", "2026-01-07", "--json"] + config
        let changesFromFile = try await CommandRunner.run(changes + ["--db", file])
        let changesFromOrganisation = try await CommandRunner.run(changes + ["--db", database, "--org", organisation])
        #expect(changesFromFile.status == 0 && changesFromOrganisation.output == changesFromFile.output, "\(changesFromOrganisation.errors)")
        #expect(changesFromFile.output.contains(#""title":"Shorter first text""#), "\(changesFromFile.output)")
    }

    @Test("an unreachable database is named with the reason at once")
    func unreachable() async throws {
        let result = try await CommandRunner.run(["migrate", "--db", "postgres://pitwall@127.0.0.1:1/nowhere"])
        #expect(result.status != 0)
        #expect(result.errors.contains("cannot reach PostgreSQL at postgres://pitwall@127.0.0.1:1/nowhere"))
        #expect(result.errors.contains("refused"))
    }
}
