import Foundation
import HTTPTypes
import HummingbirdTesting
import PitwallCore
import PitwallSQLite
import PitwallTestSupport
import Testing

@Suite("Status page: Pitwall's database")
struct StatusStorageTileTests {
    @Test("an admin's wall shows the database's size, growth and disk beside the messaging system; a read session's does not")
    func storageTile() async throws {
        let app = try await TestApp.make()
        let now = app.clock.now().rfc3339
        _ = try await app.store.ingest(try EventBatchDecoder.decode(Data("[\(SampleEvents.created("e1", lead: "L-1", at: now))]".utf8)), at: app.clock.now())
        let sqlite = app.store is SQLiteStore
        if sqlite {
            let run = BackupRun(at: app.clock.now().adding(seconds: -7_200), file: "/backups/p.sqlite", bytes: 81_920, seconds: 0.4, events: 1, leads: 1)
            #expect(try SQLiteStore.recordBackup(run, in: app.folder.file("pitwall.sqlite")))
        }
        try await app.run { client in
            let admin = try await DashboardBrowserSession.open(client, token: app.tokens[.admin]!).get("/").text
            #expect(admin.contains(#"data-store="storage""#))
            #expect(admin.contains(sqlite ? "Pitwall&#39;s database (SQLite)" : "Pitwall&#39;s database (PostgreSQL)"), "\(admin)")
            #expect(admin.contains(#"<div data-figure="database_bytes"><dt>Size</dt><dd>"#))
            if sqlite {
                #expect(admin.contains(#"data-store="storage" data-status="green""#) || admin.contains(#"data-store="storage" data-status="yellow""#)
                    || admin.contains(#"data-store="storage" data-status="red""#))
                #expect(admin.contains("of the disk&#39;s") || admin.contains("The disk fills in"))
                #expect(admin.contains(#"<div data-figure="last_backup"><dt>Last backup</dt><dd>2 h ago</dd>"#))
                #expect(admin.contains("<li>Last backup 2 h ago: 82 kB in 400 ms, 1 event, checked.</li>"))
            } else {
                #expect(admin.contains(#"data-store="storage" data-status="grey""#))
                #expect(admin.contains("PostgreSQL keeps the data on its own server"))
                #expect(admin.contains("pg_dump"))
            }
            let reader = try await DashboardBrowserSession.open(client, token: app.tokens[.read]!).get("/").text
            #expect(reader.contains(#"data-store="system""#))
            #expect(!reader.contains(#"data-store="storage""#))
        }
    }
}
