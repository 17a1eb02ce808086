import Foundation
import PitwallCore
import PitwallTestSupport
import Testing

@Suite("pitwall storage")
struct StorageCommandTests {
    @Test("storage prints the database's size, its leads and its pace, and with --json the API's answer: the file's own size, every simulated lead")
    func storage() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let events = folder.file("week.ndjson")
        let config = folder.file("pitwall.yaml")
        let database = folder.file("p.sqlite")
        #expect(try await CommandRunner.run(["simulate", "--days", "7", "--seed", "3", "--out", events, "--config-out", config]).status == 0)
        #expect(try await CommandRunner.run(["import", events, "--db", database, "--config", config]).status == 0)
        // The leads, counted from the file apart from any of Pitwall's counting.
        let created = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").filter { $0.contains(#""type":"lead.created""#) }.count

        let answer = try await CommandRunner.run(["storage", "--db", database, "--config", config, "--json"])
        #expect(answer.status == 0, "\(answer.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.output.utf8)) as? [String: Any])
        let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: database)[.size] as? Int)
        #expect(json["backend"] as? String == "sqlite")
        // The file as the import left it, plus the few pages the command's own opening wrote to
        // the log before it read (the log takes disk all the same).
        let bytes = try #require(json["database_bytes"] as? Int)
        #expect(bytes >= fileSize && bytes <= fileSize + 16 * 4_096, "\(bytes) against a file of \(fileSize)")
        #expect(json["leads"] as? Int == created)
        // The simulated week is January 2026's, long before the last 28 days.
        #expect(json["recent_leads"] as? Int == 0 && json["growth_bytes_per_day"] as? Double == 0 && json["days_until_full"] is NSNull)

        let lines = try await CommandRunner.run(["storage", "--db", database, "--config", config])
        #expect(lines.status == 0)
        #expect(lines.output.contains("Database              \(StorageOutlook.bytes(bytes)) (sqlite)"), "\(lines.output)")
        #expect(lines.output.contains("Leads stored          \(KPIFormatting.grouped(Int64(created)))"))
        #expect(lines.output.contains("Leads a day           0.0 (the last 28 days)"))
        #expect(lines.output.contains("Disk lasts            –"))
        #expect(!lines.output.contains("Disk not seen from here"), "a SQLite file's disk is seen")
        #expect(lines.output.contains("\nNo backup is noted in this database (pitwall backup notes each it makes): a disk that fails takes every lead with it.\n"))
        #expect(lines.output.hasSuffix("\nNo restore drill is noted: pitwall restore --drill BACKUP restores a backup into a scratch file and checks its figures (the SOP rehearses disaster recovery monthly).\n"))

        // A backup is noted in the file it copied, and the storage outlook names it.
        let copy = folder.file("backup.sqlite")
        let backup = try await CommandRunner.run(["backup", "--out", copy, "--db", database, "--config", config])
        #expect(backup.status == 0, "\(backup.errors)")
        let after = try await CommandRunner.run(["storage", "--db", database, "--config", config, "--json"])
        let noted = try #require((try JSONSerialization.jsonObject(with: Data(after.output.utf8)) as? [String: Any])?["last_backup"] as? [String: Any])
        #expect(noted["file"] as? String == URL(fileURLWithPath: copy).standardizedFileURL.path)
        #expect(noted["bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: copy)[.size] as? Int))
        let written = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").count
        #expect(noted["events"] as? Int == written && noted["leads"] as? Int == created, "every simulated event and lead is in the copy")
        #expect((noted["seconds"] as? Double).map { $0 > 0 } == true)
        let said = try await CommandRunner.run(["storage", "--db", database, "--config", config])
        #expect(said.output.contains("Last backup ") && said.output.contains(" events, checked."), "\(said.output)")
    }
}

extension StorageCommandTests {
    @Test("restore --drill rehearses a backup in a scratch folder, leaves the live file alone, notes the drill there; a damaged backup exits 1 naming the figure")
    func drill() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let events = folder.file("week.ndjson")
        let config = folder.file("pitwall.yaml")
        let database = folder.file("p.sqlite")
        let copy = folder.file("backup.sqlite")
        let scratch = folder.file("scratch")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false)
        #expect(try await CommandRunner.run(["simulate", "--days", "7", "--seed", "5", "--out", events, "--config-out", config]).status == 0)
        #expect(try await CommandRunner.run(["import", events, "--db", database, "--config", config]).status == 0)
        #expect(try await CommandRunner.run(["backup", "--out", copy, "--db", database, "--config", config]).status == 0)
        let written = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").count

        let refused = try await CommandRunner.run(["restore", copy, "--drill", "--force", "--db", database, "--config", config])
        #expect(refused.status != 0 && refused.errors.contains("--force: a --drill replaces nothing"), "\(refused.errors)")

        let drill = try await CommandRunner.run(["restore", copy, "--drill", "--scratch", scratch, "--db", database, "--config", config])
        #expect(drill.status == 0, "\(drill.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(drill.output.utf8)) as? [String: Any])
        #expect(json["passed"] as? Bool == true && (json["mismatches"] as? [String])?.isEmpty == true)
        #expect(json["events"] as? Int == written, "every simulated event restored")
        #expect((json["figures_compared"] as? Int ?? 0) >= 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        let storage = try await CommandRunner.run(["storage", "--db", database, "--config", config, "--json"])
        let noted = try #require((try JSONSerialization.jsonObject(with: Data(storage.output.utf8)) as? [String: Any])?["last_restore_drill"] as? [String: Any])
        #expect(noted["backup_file"] as? String == URL(fileURLWithPath: copy).standardizedFileURL.path && noted["passed"] as? Bool == true)
        let said = try await CommandRunner.run(["storage", "--db", database, "--config", config])
        #expect(said.output.contains("Last restore drill just now: \(URL(fileURLWithPath: copy).standardizedFileURL.path) ("), "\(said.output)")

        // Python's sqlite3 adds a sale to one day's counters of the backup: no SQLite check sees that.
        let damaged = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE rollup SET cohort_sales = cohort_sales + 1 WHERE (dimension, day, store_id, value) = "
                    + "(SELECT dimension, day, store_id, value FROM rollup WHERE dimension = 'all' AND leads > 0 ORDER BY day, store_id LIMIT 1)\"); c.commit()",
                copy,
            ])
        #expect(damaged.status == 0, "\(String(decoding: damaged.errors, as: UTF8.self))")
        let failed = try await CommandRunner.run(["restore", copy, "--drill", "--scratch", scratch, "--db", database, "--config", config])
        #expect(failed.status == 1)
        #expect(failed.errors.contains("lead_to_sale_conversion: "), "\(failed.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
        let after = try await CommandRunner.run(["storage", "--db", database, "--config", config])
        #expect(after.output.contains("counted again from its leads (lead_to_sale_conversion: "), "\(after.output)")
    }
}
