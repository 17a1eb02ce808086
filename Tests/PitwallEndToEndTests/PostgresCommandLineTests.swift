import Foundation
import PitwallTestSupport
import Testing

/// The binary against the group database: organisations, tokens, import and the scorecard,
/// and the same KPIs as from a SQLite file with the same events.
@Suite("pitwall command line on PostgreSQL", .serialized, .enabled(if: TestPostgres.address != nil))
struct PostgresCommandLineTests {
    @Test("org create, token create --org, import and kpi --org; the scorecard equals SQLite's; a mistyped org is refused, not created")
    func organisationWorkflow() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = TestPostgres.address!
        let organisation = "cli-\(UUID().uuidString.lowercased().prefix(8))"
        let created = try CommandRunner.run(["org", "create", "--id", organisation, "--name", "Lakeside Auto Group", "--db", database])
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.trimmingCharacters(in: .whitespacesAndNewlines) == organisation)
        let again = try CommandRunner.run(["org", "create", "--id", organisation, "--db", database])
        #expect(again.status != 0)
        #expect(again.errors.contains("an organisation '\(organisation)' already exists"))

        let token = try CommandRunner.run(["token", "create", "--scope", "read", "--org", organisation, "--db", database])
        #expect(token.status == 0, "\(token.errors)")
        #expect(token.output.hasPrefix("pw_"))
        let typo = try CommandRunner.run(["token", "create", "--scope", "read", "--org", organisation + "x", "--db", database])
        #expect(typo.status != 0)
        #expect(typo.errors.contains("there is no organisation '\(organisation)x'"))

        let simulated = try CommandRunner.run(["simulate", "--days", "4", "--seed", "5", "--stores", "2", "--config-out", folder.file("group.yaml")])
        let file = folder.file("events.ndjson")
        try simulated.output.write(toFile: file, atomically: true, encoding: .utf8)
        let lines = simulated.output.split(separator: "\n").count
        let imported = try CommandRunner.run(["import", file, "--db", database, "--org", organisation, "--config", folder.file("group.yaml")])
        #expect(imported.status == 0, "\(imported.errors)")
        // Warnings may follow: the simulator's web forms drop a phone digit now and then.
        #expect(imported.output.hasPrefix(#"{"accepted":\#(lines),"duplicates":0,"rejected":[]"#), "\(imported.output.prefix(200))")
        let sqlite = try CommandRunner.run(["import", file, "--db", folder.file("p.sqlite"), "--config", folder.file("group.yaml")])
        #expect(sqlite.status == 0)

        let window = ["--from", "2026-01-05", "--to", "2026-01-08", "--group-by", "source", "--json", "--config", folder.file("group.yaml")]
        let fromPostgres = try CommandRunner.run(["kpi", "--db", database, "--org", organisation] + window)
        let fromSQLite = try CommandRunner.run(["kpi", "--db", folder.file("p.sqlite")] + window)
        #expect(fromPostgres.status == 0, "\(fromPostgres.errors)")
        #expect(fromPostgres.output == fromSQLite.output)
        #expect(fromPostgres.output.contains(#""lead_to_sale_conversion""#))
    }

    /// Half the events reach the organisation first (an earlier copy that stopped half-way),
    /// then the whole file is copied, then copied again.
    @Test("copy moves a SQLite file into an organisation without losing or doubling an event, and a second run changes nothing")
    func copyFromSQLite() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = TestPostgres.address!
        let organisation = "copy-\(UUID().uuidString.lowercased().prefix(8))"
        #expect(try CommandRunner.run(["org", "create", "--id", organisation, "--db", database]).status == 0)
        let simulated = try CommandRunner.run(["simulate", "--days", "3", "--seed", "8", "--stores", "2", "--config-out", folder.file("group.yaml")])
        let lines = simulated.output.split(separator: "\n")
        try simulated.output.write(toFile: folder.file("all.ndjson"), atomically: true, encoding: .utf8)
        try (lines.prefix(lines.count / 2).joined(separator: "\n") + "\n").write(toFile: folder.file("half.ndjson"), atomically: true, encoding: .utf8)
        let file = folder.file("dealer.sqlite")
        let config = ["--config", folder.file("group.yaml")]
        #expect(try CommandRunner.run(["import", folder.file("all.ndjson"), "--db", file] + config).status == 0)
        #expect(try CommandRunner.run(["token", "create", "--scope", "read", "--db", file]).status == 0)
        #expect(try CommandRunner.run(["import", folder.file("half.ndjson"), "--db", database, "--org", organisation] + config).status == 0)

        let first = try CommandRunner.run(["copy", "--from", "sqlite:" + file, "--to", database, "--org", organisation, "--batch-size", "700"] + config)
        #expect(first.status == 0, "\(first.errors)")
        #expect(
            first.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"events_in_file":\#(lines.count),"copied":\#(lines.count - lines.count / 2),"already_there":\#(lines.count / 2),"conflicts":0,"tokens":1,"held_callbacks":0,"events_in_organisation":\#(lines.count)}"#)
        let second = try CommandRunner.run(["copy", "--from", file, "--to", database, "--org", organisation] + config)
        #expect(
            second.output.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"events_in_file":\#(lines.count),"copied":0,"already_there":\#(lines.count),"conflicts":0,"tokens":0,"held_callbacks":0,"events_in_organisation":\#(lines.count)}"#)

        let window = ["kpi", "--from", "2026-01-05", "--to", "2026-01-07", "--group-by", "agent", "--json"] + config
        let fromFile = try CommandRunner.run(window + ["--db", file])
        let fromOrganisation = try CommandRunner.run(window + ["--db", database, "--org", organisation])
        #expect(fromFile.status == 0 && fromOrganisation.status == 0)
        #expect(fromOrganisation.output == fromFile.output)
    }

    @Test("an unreachable database is named with the reason at once")
    func unreachable() throws {
        let result = try CommandRunner.run(["migrate", "--db", "postgres://pitwall@127.0.0.1:1/nowhere"])
        #expect(result.status != 0)
        #expect(result.errors.contains("cannot reach PostgreSQL at postgres://pitwall@127.0.0.1:1/nowhere"))
        #expect(result.errors.contains("refused"))
    }
}
