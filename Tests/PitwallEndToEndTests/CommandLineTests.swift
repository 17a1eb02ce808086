import Crypto
import Foundation
import PitwallCore
import PitwallSQLite
import PitwallTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `pitwall` binary, driven the way the README tells people to use it.
@Suite("pitwall command line", .serialized)
struct CommandLineTests {
    @Test("simulate twice gives the same bytes; importing twice gives the same store, all duplicates the second time")
    func simulateAndImport() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let first = try await CommandRunner.run(["simulate", "--days", "7", "--seed", "1"])
        let second = try await CommandRunner.run(["simulate", "--days", "7", "--seed", "1"])
        #expect(first.status == 0)
        #expect(first.output == second.output)
        let lines = first.output.split(separator: "\n").count
        #expect(lines > 10_000)

        let file = folder.file("week.ndjson")
        try first.output.write(toFile: file, atomically: true, encoding: .utf8)
        let database = folder.file("pitwall.sqlite")
        let imported = try await CommandRunner.run(["import", file, "--db", database])
        #expect(imported.status == 0, "\(imported.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(imported.output.utf8)) as? [String: Any])
        #expect(report["accepted"] as? Int == lines && report["duplicates"] as? Int == 0 && (report["rejected"] as? [Any])?.isEmpty == true)
        // The simulator's web forms drop a digit now and then, as customers do.
        let warnings = try #require(report["warnings"] as? [[String: Any]])
        #expect(!warnings.isEmpty)
        #expect(warnings.allSatisfy { ($0["warning"] as? String)?.hasPrefix("contact.phone: a North American number has 10 digits after +1") == true })
        // The progress line ends saying the whole file is in (a file's size gives the share).
        #expect(imported.errors.contains("imported \(lines.formatted()) events ("), "\(imported.errors)")
        #expect(imported.errors.hasSuffix("; all of the file)\n"), "\(imported.errors)")
        let again = try await CommandRunner.run(["import", file, "--db", database])
        #expect(again.output.hasPrefix(#"{"accepted":0,"duplicates":\#(lines),"rejected":[],"warnings":["#))
    }

    @Test("import stores the good lines, reports the bad ones by line and exits 1")
    func importWithBadLines() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.file("mixed.ndjson")
        try """
            {"id":"e1","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"L","store_id":"s","source":"web"}
            {"id":"e2","type":"lead.created","occurred_at":"yesterday","lead_id":"L2","store_id":"s","source":"web"}

            {"id":"e3","type":"sale.closed","occurred_at":"2026-03-09T15:00:00Z","lead_id":"L","sale_id":"s1","amount":-5}
            {"id":"e4","type":"lead.assigned","occurred_at":"2026-03-02T15:00:09Z","lead_id":"L","agent_id":"maria"}
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run(["import", file, "--db", folder.file("p.sqlite"), "--batch-size", "2"])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["accepted"] as? Int == 2)
        let rejected = try #require(report["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["line"] as? Int } == [2, 4])
        #expect(rejected.map { $0["index"] as? Int } == [1, 2])
        #expect((rejected[1]["error"] as? String)?.hasPrefix("amount: must be greater than 0") == true)

        // For a person at a terminal: the counts in words, each refusal on its own line.
        let again = try await CommandRunner.run(["import", file, "--db", folder.file("p.sqlite"), "--format", "text"])
        #expect(again.status == 1)
        let lines = again.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 5 && lines[4].isEmpty, "\(again.output)")
        #expect(lines.first == "4 events read: 0 stored, 2 already stored before, 2 refused.")
        #expect(lines.dropFirst().first == "Refused (left out; everything else was stored):")
        #expect(lines.dropFirst(2).first?.hasPrefix("  line 2 (id e2): occurred_at: ") == true)
        #expect(lines.dropFirst(3).first == "  line 4 (id e3): amount: must be greater than 0, got -5")
    }

    @Test("a file that is one JSON array is imported in batches of its elements: a garbled event is refused by its number, the rest stored")
    func importArrayInBatches() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.file("export.json")
        try """
            [
              {"id":"e1","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"L","store_id":"s","source":"web, \\"paid\\" [x]"},
              {"id":"e2","type":"lead.created","occurred_at":"2026-03-02T15:01:00Z","lead_id":"L2" "store_id":"s","source":"web"},
              {"id":"e3","type":"sale.closed","occurred_at":"2026-03-09T15:00:00Z","lead_id":"L","sale_id":"s1","amount":-5},
              {"id":"e4","type":"lead.assigned","occurred_at":"2026-03-02T15:00:09Z","lead_id":"L","agent_id":"maria"},
              {"id":"e5","type":"lead.assigned","occurred_at":"2026-03-02T15:02:09Z","lead_id":"L2","agent_id":"maria"}
            ]
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run(["import", file, "--db", folder.file("a.sqlite"), "--batch-size", "2"])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["accepted"] as? Int == 3)
        let rejected = try #require(report["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["index"] as? Int } == [1, 2])
        #expect((rejected[0]["error"] as? String)?.hasPrefix("event 2 of the array is not valid JSON (expected ',' or '}'") == true, "\(rejected)")
        #expect((rejected[1]["error"] as? String)?.hasPrefix("amount: must be greater than 0") == true)
        #expect(rejected[1]["id"] as? String == "e3")

        // Cut short: what arrived is stored, and the report says the file may be incomplete.
        let cut = folder.file("cut.json")
        try #"[{"id":"c1","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"C","store_id":"s","source":"web"},{"id":"c2","ty"#
            .write(toFile: cut, atomically: true, encoding: .utf8)
        let partial = try await CommandRunner.run(["import", cut, "--db", folder.file("c.sqlite"), "--format", "text"])
        #expect(partial.status == 1)
        #expect(partial.output.hasPrefix("3 events read: 1 stored, 2 refused."), "\(partial.output)")
        #expect(partial.output.contains("entry 2: event 2 of the array is not valid JSON"))
        #expect(partial.output.contains("entry 3: the file ends before the array's closing ']': it may have been cut short"))
    }

    @Test("import lists the leads whose phone or e-mail fails the door checks by line, stores them as sent, exits 0; past 1,000 it counts them")
    func importWarnsAboutContacts() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.file("contacts.ndjson")
        func lead(_ number: Int, phone: String) -> String {
            #"{"id":"c\#(number)","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"L\#(number)","store_id":"s","source":"web","contact":{"phone":"\#(phone)","email":"a\#(number)@example.com"}}"#
        }
        try [lead(1, phone: "+13126087712"), lead(2, phone: "(312) 555-0150"), "", lead(3, phone: "+13124115678")]
            .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let database = folder.file("p.sqlite")
        let result = try await CommandRunner.run(["import", file, "--db", database, "--batch-size", "2"])
        #expect(result.status == 0, "\(result.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["accepted"] as? Int == 3)
        let warnings = try #require(report["warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["line"] as? Int } == [2, 4])
        #expect(warnings.map { $0["id"] as? String } == ["c2", "c3"])
        #expect(warnings.first?["warning"] as? String == "contact.phone: 555-0150 is reserved for fiction, not a real number")
        #expect(report["warnings_not_listed"] == nil)

        // A year of history from a bad source lists the first thousand and counts the rest.
        let many = folder.file("many.ndjson")
        try (1...1_003).map { lead(100 + $0, phone: "+13124115678") }.joined(separator: "\n").write(toFile: many, atomically: true, encoding: .utf8)
        let big = try await CommandRunner.run(["import", many, "--db", database, "--batch-size", "400"])
        #expect(big.status == 0, "\(big.errors)")
        let bigReport = try #require(try JSONSerialization.jsonObject(with: Data(big.output.utf8)) as? [String: Any])
        #expect((bigReport["warnings"] as? [Any])?.count == 1_000)
        #expect(bigReport["warnings_not_listed"] as? Int == 3)
    }

    @Test("import FILE.xml reads ADF leads: stores the good prospects, names the refused one, exits 1; --store picks the rooftop")
    func importADF() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.file("leads.xml")
        try ADFSamples.oneWithoutContact.write(toFile: file, atomically: true, encoding: .utf8)
        let database = folder.file("p.sqlite")
        let result = try await CommandRunner.run(["import", file, "--db", database, "--store", "lkt"])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["accepted"] as? Int == 2)
        #expect((report["rejected"] as? [[String: Any]])?.map { $0["prospect"] as? Int } == [2])
        let again = try await CommandRunner.run(["import", file, "--db", database, "--store", "lkt"])
        #expect((try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])?["duplicates"] as? Int == 2)

        let broken = folder.file("broken.xml")
        try ADFSamples.malformed.write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try await CommandRunner.run(["import", broken, "--db", database])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("broken.xml: line "))
    }

    @Test("import FILE.csv --mapping MAP.yaml: a CRM export with a BOM and quoted commas; bad rows named; again is all duplicates; a bad mapping names its line")
    func importCSV() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = folder.file("pitwall.yaml")
        try "stores: [{id: lkt, name: Lakeside Toyota, timezone: America/Chicago}]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let mapping = folder.file("crm.yaml")
        try """
            kind: leads
            date_format: "MM/dd/yyyy HH:mm"
            columns: {lead_id: Lead ID, created_at: Created, source: Lead Source, first_name: First, last_name: Last, phone: Mobile, tier: Rating}
            fixed: {store_id: lkt}
            translations:
              tier: {Hot: hot, Warm: warm, Cold: cold}
            """.write(toFile: mapping, atomically: true, encoding: .utf8)
        let file = folder.file("crm-export.csv")
        try ("\u{FEFF}Lead ID,Created,Lead Source,First,Last,Mobile,Rating\r\n"
            + "A-1,03/02/2026 09:15,CarGurus,Ana,\"Lopez, Jr.\",(312) 867-5309,Hot\r\n"
            + "A-2,03/02/2026 25:00,Website,Sam,Lee,312-290-1234,Warm\r\n"
            + "A-3,03/02/2026 10:40,Website,Kim,Park,312-555-0150,Cold\r\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let database = folder.file("p.sqlite")
        let first = try await CommandRunner.run(["import", file, "--mapping", mapping, "--db", database, "--config", config])
        #expect(first.status == 1, "\(first.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(report["rows"] as? Int == 3)
        #expect(report["accepted"] as? Int == 2)
        let rejected = try #require(report["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["row"] as? Int } == [3])
        #expect(rejected.first?["error"] as? String == "column 'Created' (created_at): '03/02/2026 25:00' does not match the date format MM/dd/yyyy HH:mm")
        #expect((report["warnings"] as? [[String: Any]])?.first?["row"] as? Int == 4)
        let again = try await CommandRunner.run(["import", file, "--mapping", mapping, "--db", database, "--config", config])
        #expect((try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])?["duplicates"] as? Int == 2)

        // Saved in a legacy encoding (é as the single byte E9): refused whole, naming the line.
        let latin1 = folder.file("latin1.csv")
        var bytes = Array("Lead ID,Created,Lead Source,First,Last,Mobile,Rating\r\nB-1,03/02/2026 09:15,Web,Ana,Lopez,,\r\nB-2,03/02/2026 09:20,Web,Jos".utf8)
        bytes += [0xE9] + Array(",Park,,\r\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: latin1))
        let legacy = try await CommandRunner.run(["import", latin1, "--mapping", mapping, "--db", database, "--config", config])
        #expect(legacy.status != 0)
        #expect(legacy.errors.contains("latin1.csv: line 3 is not UTF-8 text; nothing was imported"), "\(legacy.errors)")
        // The same name in UTF-8, last in a file without a final line break, is fine.
        let utf8 = folder.file("utf8.csv")
        try "Lead ID,Created,Lead Source,First,Last,Mobile,Rating\r\nB-3,03/02/2026 09:20,Web,José".write(toFile: utf8, atomically: true, encoding: .utf8)
        let fine = try await CommandRunner.run(["import", utf8, "--mapping", mapping, "--db", database, "--config", config])
        #expect(fine.status == 0, "\(fine.errors)")

        try "kind: leads\ncolumns: {lead_id: Lead ID}\nfixd: {source: x}\n".write(toFile: mapping, atomically: true, encoding: .utf8)
        let badMapping = try await CommandRunner.run(["import", file, "--mapping", mapping, "--db", database])
        #expect(badMapping.status != 0)
        #expect(badMapping.errors.contains("crm.yaml:3: fixd: unknown key"), "\(badMapping.errors)")
        #expect(badMapping.errors.contains("fixd"))
        let noMapping = try await CommandRunner.run(["import", file, "--db", database])
        #expect(noMapping.errors.contains("--mapping: a CSV file needs a mapping file"))
    }

    @Test("kpi, spend, team, sla-review, coaching, changes, delays, outreach, outlook and report print readable text, and with --json the same JSON as the API")
    func kpi() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let events = folder.file("week.ndjson")
        let config = folder.file("pitwall.yaml")
        let database = folder.file("p.sqlite")
        #expect(try await CommandRunner.run(["simulate", "--days", "7", "--seed", "2", "--out", events, "--config-out", config]).status == 0)
        #expect(try await CommandRunner.run(["import", events, "--db", database, "--config", config]).status == 0)

        let arguments = ["kpi", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config]
        let table = try await CommandRunner.run(arguments + ["--group-by", "tier"])
        #expect(table.status == 0, "\(table.errors)")
        #expect(table.output.contains("Lead-to-sale conversion"))
        #expect(table.output.contains("tier: hot"))
        let json = try await CommandRunner.run(arguments + ["--json"]).output.trimmingCharacters(in: .whitespacesAndNewlines)

        let token = try await CommandRunner.run(["token", "create", "--scope", "read", "--db", database, "--config", config]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try RunningCommand(["serve", "--db", database, "--config", config, "--port", "0"])
        let line = try await server.line(containing: "Pitwall is listening on http://")
        let base = String(line[try #require(line.range(of: "http://")).lowerBound...])
        var request = URLRequest(url: try #require(URL(string: "\(base)/v1/kpis?from=2026-01-05&to=2026-01-11")))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (body, _) = try await URLSession.shared.data(for: request)
        #expect(String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == json)
        // A window by name reads the same days on both: the month before this one.
        let named = try await CommandRunner.run(["kpi", "--window", "last_month", "--db", database, "--config", config, "--json"])
        var namedRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/kpis?window=last_month")))
        namedRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (namedAnswer, _) = try await URLSession.shared.data(for: namedRequest)
        #expect(named.status == 0 && named.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: namedAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(named.errors)")
        #expect(named.output.contains(#""from":""#) && !named.output.contains(#""from":"2026-01-05""#))
        let both = try await CommandRunner.run(["kpi", "--window", "7d", "--from", "2026-01-05", "--db", database, "--config", config])
        #expect(both.status != 0 && both.errors.contains("--window: give either window or from and to, not both"), "\(both.errors)")
        // Narrowed to one source, the same on both; the table says what it is of.
        let website = try await CommandRunner.run(arguments + ["--source", "website", "--compare", "previous", "--json"])
        var websiteRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/kpis?from=2026-01-05&to=2026-01-11&source=website&compare=previous")))
        websiteRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (websiteAnswer, _) = try await URLSession.shared.data(for: websiteRequest)
        #expect(website.status == 0 && website.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: websiteAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(website.errors)")
        #expect(website.output.contains(#""store":null,"source":"website""#))
        let websiteTable = try await CommandRunner.run(arguments + ["--source", "website"])
        #expect(websiteTable.output.hasPrefix("Scorecard 2026-01-05 to 2026-01-11, all stores, only source website"), "\(websiteTable.output)")
        // A source no lead has had is said under the heading, not left to read as a quiet week.
        let misspeltSource = try await CommandRunner.run(arguments + ["--source", "websiet"])
        #expect(misspeltSource.status == 0 && misspeltSource.output.contains("\nNo lead had source 'websiet' at any store in the year up to today"), "\(misspeltSource.output)")
        #expect(!websiteTable.output.contains("No lead had"))
        let mixed = try await CommandRunner.run(arguments + ["--source", "website", "--group-by", "agent"])
        #expect(mixed.status != 0 && mixed.errors.contains("--group-by: with source=website, group by store, day, week or month"), "\(mixed.errors)")
        // pitwall spend prints what GET /v1/spend answers, by source and by campaign.
        for (option, parameter) in [([String](), ""), (["--by", "campaign"], "&group_by=campaign")] {
            let spend = try await CommandRunner.run(["spend", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config, "--json"] + option)
            var asked = URLRequest(url: try #require(URL(string: "\(base)/v1/spend?from=2026-01-05&to=2026-01-11\(parameter)")))
            asked.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (answer, _) = try await URLSession.shared.data(for: asked)
            #expect(spend.status == 0 && spend.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(spend.errors)")
        }
        // pitwall team prints what GET /v1/team answers (set beside the week before), and a table a store by name.
        let team = try await CommandRunner.run(
            ["team", "--from", "2026-01-05", "--to", "2026-01-11", "--compare", "previous", "--db", database, "--config", config, "--json"])
        var teamRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/team?from=2026-01-05&to=2026-01-11&compare=previous")))
        teamRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (teamAnswer, _) = try await URLSession.shared.data(for: teamRequest)
        #expect(team.status == 0 && team.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: teamAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(team.errors)")
        #expect(team.output.contains(#""agents":[{"store":"#) && team.output.contains(#""previous":{"from":"2025-12-29","to":"2026-01-04"}"#), "\(team.output.prefix(300))")
        let teamTable = try await CommandRunner.run(["team", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config])
        #expect(teamTable.output.hasPrefix("Agents side by side, leads of 2026-01-05 to 2026-01-11, all stores"), "\(teamTable.output)")
        #expect(teamTable.output.contains("\nLakeside Toyota\n") && teamTable.output.contains("Appointment setting rate"), "\(teamTable.output)")
        // pitwall sla-review prints what GET /v1/sla/review answers, and what to do above a table.
        let review = try await CommandRunner.run(["sla-review", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config, "--json"])
        var reviewRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/sla/review?from=2026-01-05&to=2026-01-11")))
        reviewRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (reviewAnswer, _) = try await URLSession.shared.data(for: reviewRequest)
        #expect(review.status == 0 && review.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: reviewAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(review.errors)")
        #expect(review.output.contains(#""before":{"from":"2025-12-29","to":"2026-01-04"}"#), "\(review.output.prefix(300))")
        let reviewTable = try await CommandRunner.run(["sla-review", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config])
        #expect(reviewTable.output.hasPrefix("SLA review, 5 Jan – 11 Jan 2026 (beside 29 Dec 2025 – 4 Jan 2026), all stores"), "\(reviewTable.output)")
        #expect(reviewTable.output.contains("\nWhere ") && reviewTable.output.contains("What to do"), "\(reviewTable.output)")
        // pitwall coaching prints what GET /v1/coaching answers, with a session the API recorded.
        let manager = try await CommandRunner.run(["token", "create", "--scope", "manage", "--db", database, "--config", config]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var record = URLRequest(url: try #require(URL(string: "\(base)/v1/coaching")))
        record.httpMethod = "POST"
        record.setValue("Bearer \(manager)", forHTTPHeaderField: "Authorization")
        record.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let teamAgents = (try JSONSerialization.jsonObject(with: Data(team.output.utf8)) as? [String: Any])?["agents"] as? [[String: Any]] ?? []
        let coachedAgent = try #require(teamAgents.first { $0["store"] as? String == "lkt" }?["agent"] as? String)
        record.httpBody = Data(#"{"store_id": "lkt", "agent": "\#(coachedAgent)", "day": "2026-01-08", "focus": "appointment_setting_rate"}"#.utf8)
        let (recorded, recordAnswer) = try await URLSession.shared.data(for: record)
        #expect((recordAnswer as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: recorded, as: UTF8.self))")
        let coaching = try await CommandRunner.run(["coaching", "--to", "2026-01-11", "--db", database, "--config", config, "--json"])
        var coachingRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/coaching?to=2026-01-11")))
        coachingRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (coachingAnswer, _) = try await URLSession.shared.data(for: coachingRequest)
        #expect(coaching.status == 0 && coaching.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: coachingAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(coaching.errors)")
        #expect(coaching.output.contains(#""agent":"\#(coachedAgent)""#) && coaching.output.contains(#""days":3"#), "\(coaching.output)")
        let coachingLines = try await CommandRunner.run(["coaching", "--to", "2026-01-11", "--db", database, "--config", config])
        #expect(coachingLines.output.contains(", coached 8 Jan 2026 on appointment setting rate. "), "\(coachingLines.output)")
        // pitwall changes prints what GET /v1/changes answers, with a change of every store the API recorded.
        var change = URLRequest(url: try #require(URL(string: "\(base)/v1/changes")))
        change.httpMethod = "POST"
        change.setValue("Bearer \(manager)", forHTTPHeaderField: "Authorization")
        change.setValue("application/json", forHTTPHeaderField: "Content-Type")
        change.httpBody = Data(#"{"title": "Shorter first text", "day": "2026-01-08", "figure": "lead_response_rate"}"#.utf8)
        let (changed, changeAnswer) = try await URLSession.shared.data(for: change)
        #expect((changeAnswer as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: changed, as: UTF8.self))")
        let changes = try await CommandRunner.run(["changes", "--to", "2026-01-11", "--db", database, "--config", config, "--json"])
        var changesRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/changes?to=2026-01-11")))
        changesRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (changesAnswer, _) = try await URLSession.shared.data(for: changesRequest)
        #expect(changes.status == 0 && changes.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: changesAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(changes.errors)")
        #expect(changes.output.contains(#""title":"Shorter first text""#) && changes.output.contains(#""days":3"#), "\(changes.output)")
        let changeLines = try await CommandRunner.run(["changes", "--to", "2026-01-11", "--db", database, "--config", config])
        #expect(changeLines.output.hasPrefix("Shorter first text (every store), 8 Jan 2026 on lead response rate. "), "\(changeLines.output)")
        // pitwall delays prints what GET /v1/delays answers, with a delay the API recorded and named that change's fix.
        let changeID = try #require((try JSONSerialization.jsonObject(with: changed) as? [String: Any])?["id"] as? String)
        var delay = URLRequest(url: try #require(URL(string: "\(base)/v1/delays")))
        delay.httpMethod = "POST"
        delay.setValue("Bearer \(manager)", forHTTPHeaderField: "Authorization")
        delay.setValue("application/json", forHTTPHeaderField: "Content-Type")
        delay.httpBody = Data(
            #"{"store_id": "lkt", "agent": "\#(coachedAgent)", "day": "2026-01-06", "step": "Re-typing the lead into the DMS", "minutes": 4, "change_id": "\#(changeID)"}"#.utf8)
        let (delayed, delayAnswer) = try await URLSession.shared.data(for: delay)
        #expect((delayAnswer as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: delayed, as: UTF8.self))")
        let delays = try await CommandRunner.run(["delays", "--to", "2026-01-11", "--db", database, "--config", config, "--json"])
        var delaysRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/delays?to=2026-01-11")))
        delaysRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (delaysAnswer, _) = try await URLSession.shared.data(for: delaysRequest)
        #expect(delays.status == 0 && delays.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: delaysAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(delays.errors)")
        #expect(delays.output.contains(#""status":"addressed""#) && delays.output.contains(#""reports":1"#), "\(delays.output)")
        let delayLines = try await CommandRunner.run(["delays", "--to", "2026-01-11", "--db", database, "--config", config])
        #expect(delayLines.output.hasPrefix("Re-typing the lead into the DMS"), "\(delayLines.output)")
        #expect(delayLines.output.contains("Addressed by 'Shorter first text' (8 Jan 2026): "), "\(delayLines.output)")
        // pitwall report prints what GET /v1/reports/{kind} answers.
        let weekly = try await CommandRunner.run(["report", "weekly", "--date", "2026-01-07", "--db", database, "--config", config, "--json"])
        var reportRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/reports/weekly?date=2026-01-07")))
        reportRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (reportAnswer, _) = try await URLSession.shared.data(for: reportRequest)
        #expect(weekly.status == 0 && weekly.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: reportAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(weekly.errors)")
        #expect(weekly.output.contains(#""from":"2026-01-05","to":"2026-01-11""#))
        // pitwall outreach prints what GET /v1/outreach answers, for the group and one source.
        for (option, parameter) in [([String](), ""), (["--source", "website"], "&source=website")] {
            let outreach = try await CommandRunner.run(["outreach", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config, "--json"] + option)
            var asked = URLRequest(url: try #require(URL(string: "\(base)/v1/outreach?from=2026-01-05&to=2026-01-11\(parameter)")))
            asked.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (answer, _) = try await URLSession.shared.data(for: asked)
            #expect(outreach.status == 0 && outreach.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(outreach.errors)")
            #expect(outreach.output.contains(#""template":"first-touch-question""#))
        }
        // pitwall outlook prints what GET /v1/outlook answers: a week of history is too little to forecast, and says so.
        let outlook = try await CommandRunner.run(["outlook", "--as-of", "2026-01-11", "--db", database, "--config", config, "--json"])
        var outlookRequest = URLRequest(url: try #require(URL(string: "\(base)/v1/outlook?as_of=2026-01-11")))
        outlookRequest.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (outlookAnswer, _) = try await URLSession.shared.data(for: outlookRequest)
        #expect(outlook.status == 0 && outlook.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(decoding: outlookAnswer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), "\(outlook.errors)")
        #expect(outlook.output.contains(#""not_forecast":[{"store":"#) && outlook.output.contains(#""days_of_history":8"#))
        #expect(try await server.stop() == 0)
        let outlookTable = try await CommandRunner.run(["outlook", "--as-of", "2026-01-11", "--period", "week", "--db", database, "--config", config])
        #expect(outlookTable.output.hasPrefix("12 Jan – 18 Jan 2026, all stores: forecast from the days through 2026-01-11 (0 done, 7 to go)"), "\(outlookTable.output)")
        #expect(outlookTable.output.contains("is not forecast: 8 days of history"))
        let badAsOf = try await CommandRunner.run(["outlook", "--as-of", "2026-02-30", "--db", database, "--config", config])
        #expect(badAsOf.status != 0 && badAsOf.errors.contains("--as-of: '2026-02-30' is not a date as YYYY-MM-DD"), "\(badAsOf.errors)")
        let outreachTable = try await CommandRunner.run(["outreach", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config])
        #expect(outreachTable.output.hasPrefix("Templated texts sent 2026-01-05 to 2026-01-11, all stores"), "\(outreachTable.output)")
        #expect(outreachTable.output.contains("A/B test exp-first-touch-question-vs-video, 7 days") && outreachTable.output.contains("first-touch-generic"))
        // The simulator's --config-out carries its templates' words, so the table sets out what they do.
        #expect(outreachTable.output.contains("What the words do") && outreachTable.output.contains("ask a question"), "\(outreachTable.output)")
        // The chase: each message's leads as the JSON counts them.
        let outreachJSON = try await CommandRunner.run(["outreach", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config, "--json"])
        let chase = try #require((try JSONSerialization.jsonObject(with: Data(outreachJSON.output.utf8)) as? [String: Any])?["chase"] as? [String: Any])
        let leads = try #require(chase["leads"] as? Int)
        #expect(outreachTable.output.contains("Chasing leads who have not answered (\(KPIFormatting.grouped(Int64(leads))) leads first texted by a template"))
        let firstSent = try #require((chase["messages"] as? [[String: Any]])?.first?["sent"] as? Int)
        #expect(outreachTable.output.split(separator: "\n").contains { $0.hasPrefix("1st ") && $0.contains(" \(KPIFormatting.grouped(Int64(firstSent))) ") })
        #expect(outreachTable.output.contains("Follow-up templates by the wait since the message before"))
        // The hand-off: the leads answered within 5 minutes while the store was open, as the JSON counts them.
        let handOff = try #require((try JSONSerialization.jsonObject(with: Data(outreachJSON.output.utf8)) as? [String: Any])?["hand_off"] as? [String: Any])
        let quick = try #require((handOff["open_hours"] as? [[String: Any]])?.first?["leads"] as? Int)
        #expect(outreachTable.output.contains("When a person should take over"))
        #expect(
            outreachTable.output.split(separator: "\n").contains { $0.hasPrefix("Under 5 minutes ") && $0.contains(" \(KPIFormatting.grouped(Int64(quick))) ") },
            "\(outreachTable.output)")
        let badSource = try await CommandRunner.run(["outreach", "--to", "2026-13-01", "--db", database, "--config", config])
        #expect(badSource.status != 0 && badSource.errors.contains("--to: '2026-13-01' is not a date"), "\(badSource.errors)")
        let spendTable = try await CommandRunner.run(["spend", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config])
        #expect(spendTable.output.hasPrefix("Spend and return by source, leads of 2026-01-05 to 2026-01-11, all stores"), "\(spendTable.output)")
        #expect(spendTable.output.contains("Per sale") && spendTable.output.contains("All sources") && spendTable.output.contains("free"))
        // The simulated group's file prices its messaging: the platform's return follows, store by store, by name.
        #expect(spendTable.output.contains("The AI messaging: cost and return") && spendTable.output.contains("Cost a car"), "\(spendTable.output)")
        #expect(spendTable.output.contains("\nLakeside Toyota "), "stores by name: \(spendTable.output)")
        let daily = try await CommandRunner.run(["report", "--date", "2026-01-06", "--db", database, "--config", config])
        #expect(daily.status == 0 && daily.output.hasPrefix("Daily report: All stores, Tue 6 Jan 2026\nCompared with Tue 30 Dec 2025"), "\(daily.output)")
        #expect(daily.output.contains("Needs attention") && daily.output.contains("Scorecard") && daily.output.contains("What to do"))
        let badKind = try await CommandRunner.run(["report", "quarterly", "--db", database, "--config", config])
        #expect(badKind.status != 0 && badKind.errors.contains("KIND: 'quarterly' is not one of daily, weekly, monthly"), "\(badKind.errors)")
        let badGrouping = try await CommandRunner.run(["spend", "--by", "tier", "--db", database, "--config", config])
        #expect(badGrouping.status != 0 && badGrouping.errors.contains(#"--by: spend is counted by source, campaign or store, got "tier""#), "\(badGrouping.errors)")

        let refused = try await CommandRunner.run(["kpi", "--from", "2026-01-40", "--db", database])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--from: '2026-01-40' is not a date"))
        // A mistyped store is said, with the stores there are, not printed as an empty scorecard.
        let storeIDs = try await CommandRunner.run(["kpi", "--group-by", "store", "--json", "--from", "2026-01-05", "--to", "2026-01-11", "--db", database, "--config", config])
        let first = try #require(storeIDs.output.firstMatch(of: /"store":"([^"]+)"/)).1
        let misspelt = try await CommandRunner.run(arguments + ["--store", first + "x"])
        #expect(misspelt.status != 0)
        #expect(misspelt.errors.contains("--store: no store '\(first)x'; known stores: \(first)"), "\(misspelt.errors)")
        #expect(misspelt.output.isEmpty)
        let exported = try await CommandRunner.run(["export", "--from", "2026-01-05", "--to", "2026-01-11", "--store", first + "x", "--db", database, "--config", config])
        #expect(exported.errors.contains("--store: no store '\(first)x'"), "\(exported.errors)")
        #expect(try await CommandRunner.run(arguments + ["--store", String(first)]).status == 0)
    }

    @Test("kpi's table says 'green, above target' for a figure beyond a band that counts as good, as the dashboard's badge does")
    func kpiAboveTarget() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let events = folder.file("one-sale.ndjson")
        let database = folder.file("p.sqlite")
        // The one sale's lead had the AI's text and answered it: all revenue AI-assisted, against 40% – 60%.
        try """
            {"id":"e1","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"L1","store_id":"lkt","source":"website"}
            {"id":"e2","type":"message.sent","occurred_at":"2026-03-02T15:00:30Z","lead_id":"L1","message_id":"m1","channel":"sms","sender":"ai"}
            {"id":"e3","type":"message.received","occurred_at":"2026-03-02T15:05:00Z","lead_id":"L1","message_id":"r1","channel":"sms","body":"Yes"}
            {"id":"e4","type":"sale.closed","occurred_at":"2026-03-03T15:00:00Z","lead_id":"L1","sale_id":"s1","amount":41000}

            """.write(toFile: events, atomically: true, encoding: .utf8)
        #expect(try await CommandRunner.run(["import", events, "--db", database]).status == 0)
        let table = try await CommandRunner.run(["kpi", "--from", "2026-03-01", "--to", "2026-03-07", "--db", database])
        #expect(table.status == 0, "\(table.errors)")
        let line = try #require(table.output.split(separator: "\n").first { $0.hasPrefix("AI-assisted sales revenue") })
        #expect(line.contains("100%") && line.contains("green, above target"), "\(line)")
        let sale = try #require(table.output.split(separator: "\n").first { $0.hasPrefix("Average sale value") })
        #expect(sale.contains("green") && !sale.contains("target "), "\(sale)")
    }

    @Test("kpi --compare says beside each change whether it is for the better or the worse, as the dashboard colours it")
    func kpiChangeDirection() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let events = folder.file("two-weeks.ndjson")
        let database = folder.file("p.sqlite")
        // Ten leads a week, an hour apart: answered in ten minutes the week before, in thirty
        // seconds this week; enough for the medians' intervals to stand apart.
        var lines: [String] = []
        for (week, day, answer) in [(0, "2026-02-24", "15:10:00"), (1, "2026-03-02", "15:00:30")] {
            for hour in 10..<20 {
                let lead = "L\(week)-\(hour)"
                lines.append(#"{"id":"\#(lead)-c","type":"lead.created","occurred_at":"\#(day)T\#(hour):00:00Z","lead_id":"\#(lead)","store_id":"lkt","source":"website"}"#)
                let sent = "\(hour):" + answer.dropFirst(3)
                lines.append(#"{"id":"\#(lead)-s","type":"message.sent","occurred_at":"\#(day)T\#(sent)Z","lead_id":"\#(lead)","message_id":"\#(lead)-m","channel":"sms","sender":"ai"}"#)
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: events, atomically: true, encoding: .utf8)
        #expect(try await CommandRunner.run(["import", events, "--db", database]).status == 0)
        let table = try await CommandRunner.run(["kpi", "--from", "2026-03-01", "--to", "2026-03-07", "--compare", "previous", "--db", database])
        #expect(table.status == 0, "\(table.errors)")
        let line = try #require(table.output.split(separator: "\n").first { $0.hasPrefix("Response time to leads") })
        // About nine and a half minutes faster (the median comes from a sketch, within 1 %).
        #expect(line.contains(" -9 min ") && line.hasSuffix(" s better"), "\(line)")
        // No reply either week: no change, and nothing said about its direction.
        let replies = try #require(table.output.split(separator: "\n").first { $0.hasPrefix("Lead response rate") })
        #expect(!replies.contains("better") && !replies.contains("worse"), "\(replies)")
        #expect(table.output.contains("\"better\", \"worse\": by the KPI's own target, said only where the change is larger than chance alone would make it"))
    }

    @Test("export writes one row per lead the scorecard counts, with the same answered leads and median, as CSV or NDJSON")
    func export() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let events = folder.file("days.ndjson")
        let config = folder.file("pitwall.yaml")
        let database = folder.file("p.sqlite")
        #expect(try await CommandRunner.run(["simulate", "--days", "3", "--seed", "4", "--out", events, "--config-out", config]).status == 0)
        #expect(try await CommandRunner.run(["import", events, "--db", database, "--config", config]).status == 0)
        let window = ["--from", "2026-01-05", "--to", "2026-01-06", "--db", database, "--config", config]

        let scorecard = try await CommandRunner.run(["kpi", "--json"] + window)
        let kpis = try #require((try JSONSerialization.jsonObject(with: Data(scorecard.output.utf8)) as? [String: Any])?["kpis"] as? [String: [String: Any]])
        let cohort = try #require(kpis["lead_to_sale_conversion"]?["denominator"] as? Int)
        let answered = try #require(kpis["first_response_time"]?["count"] as? Int)
        let median = try #require(kpis["first_response_time"]?["value"] as? Double)

        let ndjson = try await CommandRunner.run(["export", "--format", "ndjson"] + window)
        #expect(ndjson.status == 0, "\(ndjson.errors)")
        let rows = ndjson.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(cohort > 100)
        #expect(rows.count == cohort)
        let waits = rows.compactMap { $0["wall_seconds"] as? Double }.sorted()
        #expect(waits.count == answered)
        // The scorecard's median comes from a sketch within 1 %; the export has every value.
        #expect(abs(waits[(waits.count - 1) / 2] - median) <= median * 0.01)

        let csvFile = folder.file("times.csv")
        let csv = try await CommandRunner.run(["export", "--out", csvFile] + window)
        #expect(csv.status == 0)
        #expect(csv.errors.contains("Wrote \(KPIFormatting.grouped(Int64(cohort))) leads to \(csvFile)"), "\(csv.errors)")
        let text = try String(contentsOfFile: csvFile, encoding: .utf8)
        #expect(text.hasPrefix("lead_id,store_id,source,"))
        #expect(text.components(separatedBy: "\r\n").count == cohort + 2)  // header, rows, and the empty tail

        let refused = try await CommandRunner.run(["export", "--format", "xlsx", "--db", database])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("--format: 'xlsx' is not one of csv, ndjson"))
    }

    @Test("token create prints one token on one line; a bad scope is refused with the choices")
    func tokenCreate() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let created = try await CommandRunner.run(["token", "create", "--scope", "read", "--name", "wallboard", "--db", folder.file("p.sqlite")])
        #expect(created.status == 0)
        let lines = created.output.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("pw_") == true)
        let refused = try await CommandRunner.run(["token", "create", "--scope", "superuser", "--db", folder.file("p.sqlite")])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("ingest") && refused.errors.contains("admin"))

        // A store manager's token: a store the configuration lists is taken quietly, a misspelt one with a warning.
        try "stores:\n  - id: lkt\n    timezone: America/Chicago\n".write(toFile: folder.file("pitwall.yaml"), atomically: true, encoding: .utf8)
        let limited = ["token", "create", "--scope", "read", "--db", folder.file("p.sqlite"), "--config", folder.file("pitwall.yaml"), "--stores"]
        let quiet = try await CommandRunner.run(limited + ["lkt"])
        #expect(quiet.status == 0 && quiet.output.hasPrefix("pw_") && quiet.errors.isEmpty, "\(quiet.errors)")
        let misspelt = try await CommandRunner.run(limited + ["lkt,lkx"])
        #expect(misspelt.status == 0 && misspelt.output.hasPrefix("pw_"))
        #expect(misspelt.errors.contains("warning: --stores: 'lkx' is not a configured store and has no leads yet; the token sees nothing of it until it does (known stores: lkt)"), "\(misspelt.errors)")
    }

    @Test("token list shows ids, names, scopes and stores, never secrets; token revoke takes an id, a unique name or the secret, and refuses a shared name")
    func tokenListAndRevoke() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = ["--db", folder.file("p.sqlite")]
        #expect(try await CommandRunner.run(["token", "list"] + database).output.hasPrefix("No tokens yet"))
        let feed = try await CommandRunner.run(["token", "create", "--scope", "ingest", "--name", "crm-feed"] + database).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let desk = try await CommandRunner.run(["token", "create", "--scope", "read", "--name", "desk", "--stores", "lkt"] + database).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let wall = try await CommandRunner.run(["token", "create", "--scope", "read", "--name", "desk", "--expires-in-days", "30"] + database).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let forever = try await CommandRunner.run(["token", "create", "--scope", "read", "--expires-in-days", "0"] + database)
        #expect(forever.status == 64 && forever.errors.contains("--expires-in-days: 0 is not a number of days from 1 to 3650"), "\(forever.errors)")

        let table = try await CommandRunner.run(["token", "list"] + database)
        #expect(table.status == 0)
        let rows = table.output.split(separator: "\n").map(String.init)
        #expect(rows.count == 4)
        #expect(rows[0].hasPrefix("ID            NAME      SCOPE   STORES  CREATED                   EXPIRES                   LAST USED  REVOKED"))
        let expires = try #require(rows.first { $0.hasPrefix(Self.id(of: wall)) }?.split(separator: " ", omittingEmptySubsequences: true)[5])
        let created = try #require(rows.first { $0.hasPrefix(Self.id(of: wall)) }?.split(separator: " ", omittingEmptySubsequences: true)[4])
        #expect(try Timestamp(rfc3339: expires) == Timestamp(rfc3339: created).adding(seconds: 30 * 86_400))
        #expect(rows.contains { $0.hasPrefix("\(Self.id(of: desk))  desk      read    lkt     20") && $0.hasSuffix("  -") })
        #expect(!table.output.contains(feed) && !table.output.contains(Self.hash(of: feed)), "neither the secret nor its whole hash")

        let shared = try await CommandRunner.run(["token", "revoke", "desk"] + database)
        #expect(shared.status == 1)
        #expect(shared.errors.contains("2 tokens are named 'desk': give the id of the one to revoke ("), "\(shared.errors)")
        #expect(shared.errors.contains(Self.id(of: desk)) && shared.errors.contains(Self.id(of: wall)))
        let unknown = try await CommandRunner.run(["token", "revoke", "nobody"] + database)
        #expect(unknown.status == 1 && unknown.errors.contains("no token has the id or name 'nobody'; 'pitwall token list' shows the 3 there are"))

        let byName = try await CommandRunner.run(["token", "revoke", "crm-feed"] + database)
        #expect(byName.status == 0)
        #expect(byName.output.hasPrefix("Revoked token \(Self.id(of: feed)) ('crm-feed', ingest) at 20"), "\(byName.output)")
        let bySecret = try await CommandRunner.run(["token", "revoke", feed] + database)
        #expect(bySecret.status == 0 && bySecret.output.contains("was already revoked at"), "\(bySecret.output)")
        #expect(try await CommandRunner.run(["token", "revoke", Self.id(of: wall)] + database).status == 0)

        let json = try await CommandRunner.run(["token", "list", "--json"] + database).output
        let tokens = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["tokens"] as? [[String: Any]])
        let revoked = Dictionary(uniqueKeysWithValues: tokens.map { ($0["id"] as! String, !($0["revoked_at"] is NSNull)) })
        #expect(revoked == [Self.id(of: feed): true, Self.id(of: desk): false, Self.id(of: wall): true])
        // The audit log has each issue and each revocation once, by the command line.
        let store = try SQLiteStore(path: folder.file("p.sqlite"), configuration: PitwallConfiguration())
        let audit = try await store.auditLog(after: 0, limit: 100).map { "\($0.actor) \($0.action) \($0.subject) \($0.detail)" }
        try store.close()
        #expect(audit == [
            "command line token.issued \(Self.id(of: feed)) crm-feed: ingest, every store", "command line token.issued \(Self.id(of: desk)) desk: read, stores lkt",
            "command line token.issued \(Self.id(of: wall)) desk: read, every store, until \(expires)",
            "command line token.revoked \(Self.id(of: feed)) crm-feed: ingest, every store",
            "command line token.revoked \(Self.id(of: wall)) desk: read, every store, until \(expires)",
        ])
    }

    static func hash(of secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func id(of secret: String) -> String { String(hash(of: secret).prefix(12)) }

    @Test("a store moved to another time zone: the next command says on stderr that it recounts that store's KPI days, and how long it took; the one after says nothing")
    func recountIsAnnounced() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = folder.file("p.sqlite")
        let config = folder.file("pitwall.yaml")
        try "stores:\n  - id: s\n    timezone: UTC\n".write(toFile: config, atomically: true, encoding: .utf8)
        let lead = #"{"id":"e1","type":"lead.created","occurred_at":"2026-03-02T03:00:00Z","lead_id":"L","store_id":"s","source":"web"}"#
        #expect(try await CommandRunner.run(["import", "-", "--db", database, "--config", config], input: Data(lead.utf8)).status == 0)
        try "stores:\n  - id: s\n    timezone: America/Chicago\n".write(toFile: config, atomically: true, encoding: .utf8)
        let moved = try await CommandRunner.run(["kpi", "--from", "2026-03-01", "--to", "2026-03-01", "--db", database, "--config", config, "--json"])
        #expect(moved.status == 0, "\(moved.errors)")
        #expect(moved.errors.contains("Recounting the KPI rollups of store s: the time zone, the response rule or the figures kept changed"), "\(moved.errors)")
        #expect(moved.errors.contains("Recounted the KPI rollups of 1 store in "))
        // 03:00 UTC on the 2nd is 21:00 on the 1st in Chicago.
        #expect(moved.output.contains(#""lead_to_sale_conversion":{"value":0,"numerator":0,"denominator":1"#), "\(moved.output)")
        let again = try await CommandRunner.run(["kpi", "--from", "2026-03-01", "--to", "2026-03-01", "--db", database, "--config", config, "--json"])
        #expect(!again.errors.contains("Recount"), "\(again.errors)")
    }

    @Test("a store taken out of the configuration: its events are refused with the command that fixes it; recount refuses without --utc or for a store without leads, then counts it in UTC days and its events go in")
    func recountStoreTakenOut() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = folder.file("p.sqlite")
        let config = folder.file("pitwall.yaml")
        try "stores:\n  - id: s\n    timezone: America/Chicago\n  - id: t\n    timezone: UTC\n".write(toFile: config, atomically: true, encoding: .utf8)
        func lead(_ id: String, at time: String) -> Data {
            Data(#"{"id":"\#(id)-e1","type":"lead.created","occurred_at":"2026-03-02T\#(time)Z","lead_id":"\#(id)","store_id":"s","source":"web"}"#.utf8)
        }
        #expect(try await CommandRunner.run(["import", "-", "--db", database, "--config", config], input: lead("L1", at: "03:00:00")).status == 0)
        // The store is sold: taken out of the file.
        try "stores:\n  - id: t\n    timezone: UTC\n".write(toFile: config, atomically: true, encoding: .utf8)
        let late = try await CommandRunner.run(["import", "-", "--db", database, "--config", config], input: lead("L2", at: "04:00:00"))
        #expect(late.status != 0)
        #expect((late.output + late.errors).contains("or count its days in UTC from now on (pitwall recount --store s --utc)"), "\(late.output) \(late.errors)")

        let unsure = try await CommandRunner.run(["recount", "--store", "s", "--db", database, "--config", config])
        #expect(unsure.status != 0)
        #expect(unsure.errors.contains("--store: 's' is not in the configuration (it lists t), so its days would be counted in UTC, always open: add --utc to do that"), "\(unsure.errors)")
        let misspelt = try await CommandRunner.run(["recount", "--store", "x", "--utc", "--db", database, "--config", config])
        #expect(misspelt.status != 0)
        #expect(misspelt.errors.contains("--store: 'x' has no leads in this database (these have: s)"), "\(misspelt.errors)")
        #expect(!misspelt.errors.contains("Usage:"), "a store without leads is not a mistyped command line: \(misspelt.errors)")

        let recounted = try await CommandRunner.run(["recount", "--store", "s", "--utc", "--db", database, "--config", config])
        #expect(recounted.status == 0, "\(recounted.errors)")
        #expect(recounted.output.hasPrefix("store 's': 1 lead counted again in UTC days (not in the configuration), "), "\(recounted.output)")
        #expect(try await CommandRunner.run(["import", "-", "--db", database, "--config", config], input: lead("L2", at: "04:00:00")).status == 0)
        // 03:00 UTC on the 2nd was the 1st in Chicago; in UTC both leads are on the 2nd.
        let second = try await CommandRunner.run(["kpi", "--from", "2026-03-02", "--to", "2026-03-02", "--db", database, "--config", config, "--json"])
        #expect(second.output.contains(#""lead_to_sale_conversion":{"value":0,"numerator":0,"denominator":2"#), "\(second.output)")
        let first = try await CommandRunner.run(["kpi", "--from", "2026-03-01", "--to", "2026-03-01", "--db", database, "--config", config, "--json"])
        #expect(first.output.contains(#""lead_to_sale_conversion":{"value":null,"numerator":0,"denominator":0"#), "\(first.output)")
    }

    @Test("serve answers over HTTP with the tokens made by the CLI and stops cleanly on SIGTERM, leaving one file with everything")
    func serve() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let database = folder.file("p.sqlite")
        let token = try await CommandRunner.run(["token", "create", "--scope", "admin", "--db", database]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let config = folder.file("pitwall.yaml")
        try "stores:\n  - id: s\n    timezone: America/Chicago\n".write(toFile: config, atomically: true, encoding: .utf8)

        let server = try RunningCommand(["serve", "--db", database, "--config", config, "--port", "0"])
        let line = try await server.line(containing: "Pitwall is listening on http://")
        let base = String(line[try #require(line.range(of: "http://")).lowerBound...])

        var request = URLRequest(url: URL(string: "\(base)/v1/events")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(
            #"{"id":"e1","type":"lead.created","occurred_at":"2026-03-02T15:00:00Z","lead_id":"L","store_id":"s","source":"web"}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains(#""accepted":1"#))

        #expect(FileManager.default.fileExists(atPath: database + "-wal"))
        #expect(try await server.stop() == 0)
        // After a clean stop the event is in the file itself: the log was folded in and
        // removed, so copying the one file (as people do) copies everything.
        #expect(!FileManager.default.fileExists(atPath: database + "-wal"))
        let copy = folder.file("copy.sqlite")
        try FileManager.default.copyItem(atPath: database, toPath: copy)
        #expect(try await CommandRunner.run(["import", "-", "--db", copy], input: request.httpBody).output.contains(#""duplicates":1"#))
        let again = try await CommandRunner.run(["import", "-", "--db", database], input: request.httpBody)
        #expect(again.output.contains(#""duplicates":1"#))
    }

    @Test("a broken configuration stops start-up with the file, key and reason")
    func badConfiguration() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = folder.file("pitwall.yaml")
        try "stores:\n  - id: s\n    timezone: Mars/Olympus\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run(["serve", "--db", folder.file("p.sqlite"), "--config", config, "--port", "0"])
        #expect(result.status != 0)
        #expect(result.errors.contains("\(config):3: stores[0].timezone: 'Mars/Olympus' is not a known IANA time zone"))
    }

    @Test("a crash in the middle of an import leaves whole batches only; importing again completes the store exactly")
    func crashDuringImport() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.file("month.ndjson")
        #expect(try await CommandRunner.run(["simulate", "--days", "30", "--seed", "4", "--out", file]).status == 0)
        let crashed = folder.file("crashed.sqlite")
        let importing = try RunningCommand(["import", file, "--db", crashed, "--batch-size", "1000"])
        _ = try await importing.line(containing: "imported")
        #expect(try await importing.kill() != 0)

        // Whatever survived is a whole number of batches, and importing again finishes the job.
        let resumed = try await CommandRunner.run(["import", file, "--db", crashed, "--batch-size", "1000"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(resumed.output.utf8)) as? [String: Any])
        let survived = try #require(report["duplicates"] as? Int)
        #expect(survived > 0 && survived % 1000 == 0, "\(survived) events survived the crash")

        let clean = folder.file("clean.sqlite")
        #expect(try await CommandRunner.run(["import", file, "--db", clean]).status == 0)
        let resumedStore = try SQLiteStore(path: crashed)
        let cleanStore = try SQLiteStore(path: clean)
        #expect(try await resumedStore.totals() == cleanStore.totals())
        #expect(try await withoutIngestTimes(resumedStore.ledgerSnapshot()) == withoutIngestTimes(cleanStore.ledgerSnapshot()))
    }

    @Test("backup while an import is writing gives one consistent moment; restore brings it back, and importing again completes it exactly")
    func backupAndRestore() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = folder.file("month.ndjson")
        #expect(try await CommandRunner.run(["simulate", "--days", "30", "--seed", "6", "--out", file]).status == 0)
        let total = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count
        let live = folder.file("live.sqlite")
        let importing = try RunningCommand(["import", file, "--db", live, "--batch-size", "500"])
        _ = try await importing.line(containing: "imported")
        let backupFile = folder.file("backup.sqlite")
        let backup = try await CommandRunner.run(["backup", "--out", backupFile, "--db", live])
        #expect(backup.status == 0, "\(backup.errors)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(backup.output.utf8)) as? [String: Any])
        let saved = try #require(summary["events"] as? Int)
        #expect(saved > 0 && saved <= total)
        // One consistent moment: whole import transactions only.
        #expect(saved % 500 == 0 || saved == total, "\(saved) events in the backup")
        #expect((summary["schema"] as? [String])?.count == SQLiteStore.schemaVersions.count)
        _ = try await importing.line(containing: "\"accepted\"", within: 300)

        let restored = folder.file("restored.sqlite")
        let restore = try await CommandRunner.run(["restore", backupFile, "--db", restored])
        #expect(restore.status == 0, "\(restore.errors)")
        #expect(try await SQLiteStore(path: restored).totals().events == saved)
        // Nothing lost, nothing doubled: the rest of the file completes the restored copy.
        let completed = try await CommandRunner.run(["import", file, "--db", restored])
        #expect(completed.output.hasPrefix(#"{"accepted":\#(total - saved),"duplicates":\#(saved),"rejected":[]"#), "\(completed.output.prefix(200))")
        #expect(try await SQLiteStore(path: restored).ledgerSnapshot().leads.count == SQLiteStore(path: live).ledgerSnapshot().leads.count)

        // Refusals, each saying what to do.
        let again = try await CommandRunner.run(["backup", "--out", backupFile, "--db", live])
        #expect(again.status != 0 && again.errors.contains("exists; a backup never overwrites a file"))
        let overwrite = try await CommandRunner.run(["restore", backupFile, "--db", live])
        #expect(overwrite.status != 0 && overwrite.errors.contains("already holds a database; stop the server using it and pass --force"))
        #expect(try await CommandRunner.run(["restore", backupFile, "--db", live, "--force"]).status == 0)
        #expect(try await SQLiteStore(path: live).totals().events == saved)
        let notes = folder.file("notes.txt")
        try "not a database".write(toFile: notes, atomically: true, encoding: .utf8)
        let junk = try await CommandRunner.run(["restore", notes, "--db", folder.file("x.sqlite")])
        #expect(junk.status != 0 && junk.errors.contains("is not a readable SQLite database"), "\(junk.errors)")
        let migrate = try await CommandRunner.run(["migrate", "--db", restored])
        #expect(migrate.status == 0 && migrate.output.contains("v11: provider callbacks held until their lead is known"))
    }

    /// The two stores were filled at different wall-clock times; everything else must match.
    func withoutIngestTimes(_ snapshot: LedgerSnapshot) -> LedgerSnapshot {
        var copy = snapshot
        for index in copy.leads.indices { copy.leads[index].ingestedAt = nil }
        return copy
    }
}
