import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PitwallCore
import PitwallServer
import PitwallTestSupport
import Testing

@Suite("GET /v1/system/storage")
struct StorageAPITests {
    @Test("admin only; the database's size, the leads' pace, and for SQLite the disk it is on, also at /metrics")
    func storage() async throws {
        let app = try await TestApp.make()
        // The test's folder is gone once the server stops; its parent is on the same disk.
        let parent = (app.folder.path as NSString).deletingLastPathComponent
        let (json, scrape, text): ([String: Any], String, String) = try await app.run { client in
            // Two leads within the last 28 days of the clock (5 January 2026), one before.
            let batch = [
                SampleEvents.created("e1", lead: "L-1", at: "2026-01-01T15:00:00Z"),
                SampleEvents.created("e2", lead: "L-2", at: "2026-01-04T15:00:00Z"),
                SampleEvents.created("e3", lead: "L-3", at: "2025-11-01T15:00:00Z"),
                SampleEvents.sent("e4", lead: "L-1", at: "2026-01-01T15:00:40Z"),
            ].joined(separator: ",")
            let posted = try await client.execute(uri: "/v1/events", method: .post, headers: app.headers(.ingest), body: ByteBuffer(string: "[\(batch)]"))
            #expect(posted.status == .ok || posted.status == .accepted, "\(posted.text)")
            for scope in [AccessScope.read, .manage, .ingest] {
                let refused = try await client.execute(uri: "/v1/system/storage", method: .get, headers: app.headers(scope))
                #expect(refused.status == .forbidden)
                #expect(refused.errorMessage?.contains("'admin' scope") == true, "\(scope): \(refused.text)")
            }
            let response = try await client.execute(uri: "/v1/system/storage", method: .get, headers: app.headers(.admin))
            #expect(response.status == .ok)
            let scrape = try await client.execute(uri: "/metrics", method: .get) { $0.text }
            return (response.json, scrape, response.text)
        }
        // The answer as the published document describes it, checked by jsonschema.
        let openAPI = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PitwallServer/Resources/openapi.yaml").path
        let validated = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import json,sys,yaml,jsonschema; s=yaml.safe_load(open(sys.argv[1]))['components']['schemas']['StorageOutlook']; "
                    + "jsonschema.Draft202012Validator(s).validate(json.loads(sys.stdin.read())); print('valid')",
                openAPI,
            ], input: Data(text.utf8))
        #expect(validated.status == 0, "\(String(decoding: validated.output + validated.errors, as: UTF8.self))")
        #expect(json["leads"] as? Int == 3)
        #expect(json["recent_leads"] as? Int == 2)
        #expect(json["recent_days"] as? Int == 28)
        #expect((json["leads_per_day"] as? Double).map { abs($0 - 2.0 / 28) < 1e-9 } == true)
        #expect((json["database_bytes"] as? Int ?? 0) > 0)
        #expect(!(json["reason"] as? String ?? "").isEmpty)
        #expect(scrape.contains("pitwall_database_bytes "))
        if json["backend"] as? String == "sqlite" {
            // The disk's size as Python's standard library reads it, apart from Foundation's.
            let checked = try await ChildProcess.run(
                URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import shutil,sys; print(shutil.disk_usage(sys.argv[1]).total)", parent])
            let total = Int(String(decoding: checked.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(json["disk_total_bytes"] as? Int == total)
            #expect((json["disk_free_bytes"] as? Int ?? 0) > 0)
            #expect(["green", "yellow", "red"].contains(json["status"] as? String ?? ""))
            #expect(json["days_until_full"] is Double)
            #expect(scrape.contains("pitwall_disk_free_bytes "))
        } else {
            #expect(json["backend"] as? String == "postgresql")
            #expect(json["disk_free_bytes"] is NSNull && json["bytes_per_lead"] is NSNull)
            #expect(json["status"] as? String == "none")
        }
    }
}

extension StorageAPITests {
    @Test("a live server notes its database's size once a day; three weeks of sizes make the growth measured, on the API and the wall")
    func dailySizes() async throws {
        var configured = try await TestApp.make()
        configured.settings.storageSizeInterval = .milliseconds(20)
        let app = configured
        let today = StorageSize.day(of: app.clock.now())
        try await app.run { client in
            let noted = { @Sendable () async throws -> [String] in
                let json = try await client.execute(uri: "/v1/system/storage", method: .get, headers: app.headers(.admin)).json
                return (json["sizes"] as? [[String: Any]] ?? []).compactMap { $0["day"] as? String }
            }
            // A deadline, not a wait: the first round runs as the server starts.
            let first = try await eventually(within: .seconds(60)) { try await noted().isEmpty ? nil : try await noted() }
            #expect(first == [today.description])
            // Rounds every 20 ms note nothing more the same day; the next day by the clock, one more.
            app.clock.advance(seconds: 86_400)
            let second = try await eventually(within: .seconds(60)) { try await noted().count >= 2 ? try await noted() : nil }
            #expect(second == [today.description, today.adding(days: 1).description])

            // Twenty days before (as a server running all along would have noted them): 22 days, 15 weeks.
            for back in 1...20 {
                #expect(try await app.store.noteStorageSize(at: app.clock.now().adding(seconds: -Double(back + 1) * 86_400)))
            }
            let json = try await client.execute(uri: "/v1/system/storage", method: .get, headers: app.headers(.admin)).json
            #expect(json["growth_basis"] as? String == "measured")
            let measured = json["measured_growth"] as? [String: Any]
            #expect(measured?["weeks"] as? Int == 15 && measured?["days"] as? Int == 21)
            #expect((json["sizes"] as? [Any])?.count == 22)
            let wall = try await DashboardBrowserSession.open(client, token: app.tokens[.admin]!).get("/").text
            #expect(wall.contains(#"<div class="spark" data-chart="sizes"><svg"#), "\(wall)")
            #expect(wall.contains("(measured)</dd>"))
        }
    }
}
