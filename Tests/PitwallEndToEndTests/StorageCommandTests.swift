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
        #expect(lines.output.hasSuffix("No backup is noted in this database (pitwall backup notes each it makes): a disk that fails takes every lead with it.\n"))

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
