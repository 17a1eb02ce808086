import Foundation
import PitwallCore
@testable import PitwallPostgres
import PitwallSimulator
import PitwallTestSupport
import PostgresNIO
import Testing

/// What only the group database must do: several servers on one database, organisations
/// that never see each other, migrations that two servers may start at once.
@Suite("PostgreSQL group database", .enabled(if: TestPostgres.address != nil || TestPostgres.isRequired))
struct PostgresStoreTests {
    @Test("CI runs the PostgreSQL store: the database named by PITWALL_TEST_POSTGRES answers")
    func configured() async throws {
        #expect(StoreBackend.allCases.contains(.postgres))
        let database = try await TestPostgres.database()
        #expect(try await database.appliedVersions() == PostgresDatabase.schemaVersions)
    }

    @Test("the leads waiting for their agent, texted and opted out, or not answered yet can be read through their own indexes, not through every lead of the window")
    func liveIndexes() async throws {
        let database = try await TestPostgres.database()
        let window = "SELECT state FROM lead WHERE organisation_id = 'o' AND created_at >= 0"
        let awaiting = try await database.indexPlan(of: "\(window) AND (\(PostgresStore.awaitingAgentCondition))")
        #expect(awaiting.contains { $0.contains("lead_awaiting_agent") }, "\(awaiting)")
        let optedOut = try await database.indexPlan(of: "\(window) AND (\(PostgresStore.textedAndOptedOutCondition))")
        #expect(optedOut.contains { $0.contains("lead_texted_and_opted_out") }, "\(optedOut)")
        // The queue: the never answered and the answered since, through the index of first
        // responses, on a week of a group where nearly every lead was answered long ago. Which
        // index serves an organisation depends on the statistics, so the plan is asked for on
        // such a week (20,000 leads, 20 answered after the instant), in a transaction that
        // rolls them back: on an organisation with no leads any index of it would do, and the
        // planner's choice then said nothing (it once chose lead_by_created in CI).
        let week = OrganisationID("plan-\(UUID().uuidString.lowercased())").rawValue
        let unanswered = try await database.indexPlan(
            of: "SELECT state FROM lead WHERE organisation_id = '\(week)' AND created_at >= 0 AND (\(PostgresStore.unansweredCondition(at: "19980")))",
            after: [
                """
                INSERT INTO lead (organisation_id, lead_id, created_at, answered, first_response_at, state, records)
                SELECT '\(week)', 'L' || n, n, true, n, '{}', '{}' FROM generate_series(1, 20000) AS n
                """,
                "ANALYZE lead",
            ])
        #expect(unanswered.contains { $0.contains("lead_by_first_response") }, "\(unanswered)")
    }

    /// Two servers (two connection pools) take overlapping, shuffled batches of one simulated
    /// stream at the same time, as a load balancer and a client's retries would hand them out.
    @Test("two servers ingesting overlapping batches at once store each event once and count what one server counts")
    func twoServers() async throws {
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 5, seed: 31, storeCount: 3))
        var simulated: [Event] = []
        simulator.run { simulated.append($0) }
        let events = simulated
        let now = simulator.settings.end
        let configuration = simulator.configuration

        let (single, cleanUp) = try await StoreBackend.sqlite.make(configuration: configuration)
        defer { cleanUp() }
        for start in stride(from: 0, to: events.count, by: 500) { _ = try await single.ingest(Array(events[start..<min(start + 500, events.count)]), at: now) }

        let organisation = OrganisationID("two-servers-\(UUID().uuidString.lowercased())")
        let shared = try await TestPostgres.database()
        let second = try PostgresDatabase(url: TestPostgres.address!, maximumConnections: 4)
        let accepted = try await second.withRunning {
            let servers = [
                try await PostgresStore.open(shared, organisation: organisation, configuration: configuration, registeringAt: now),
                try await PostgresStore.open(second, organisation: organisation, configuration: configuration, registeringAt: now),
            ]
            // Each server gets every event, in its own order and batch sizes: every event is offered twice.
            return try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, server) in servers.enumerated() {
                    var random = SeededRandom(seed: UInt64(40 + index))
                    let order = events.shuffled(using: &random)
                    group.addTask {
                        var accepted = 0
                        var start = 0
                        while start < order.count {
                            let size = 150 + start % 400
                            let outcome = try await server.ingest(Array(order[start..<min(start + size, order.count)]), at: now)
                            #expect(!outcome.contains(.conflict))
                            accepted += outcome.filter { $0 == .accepted }.count
                            start += size
                        }
                        return accepted
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(accepted == events.count)

        let store = try await PostgresStore.open(shared, organisation: organisation, configuration: configuration, registeringAt: now)
        #expect(try await store.totals() == single.totals())
        #expect(try await store.ledgerSnapshot() == single.ledgerSnapshot())
        let start = CivilDate(year: 2026, month: 1, day: 5)!
        for groupBy in [nil, KPIGrouping.source, .agent, .day] {
            let query = KPIQuery(from: start, to: start.adding(days: 4), groupBy: groupBy)
            #expect(try await store.scorecard(query).json == single.scorecard(query).json)
        }
    }

    @Test("two organisations with the same lead and event ids keep their own events, leads, KPIs and tokens")
    func organisationsApart() async throws {
        let database = try await TestPostgres.database()
        let now = Timestamp(millisecondsSinceEpoch: 1_767_600_000_000)
        let first = try await PostgresStore.open(database, organisation: OrganisationID("apart-a-\(UUID().uuidString)"), registeringAt: now)
        let second = try await PostgresStore.open(database, organisation: OrganisationID("apart-b-\(UUID().uuidString)"), registeringAt: now)
        let created = Event(
            id: "e1", occurredAt: now, leadID: "L1",
            payload: .leadCreated(LeadCreated(storeID: "north", source: "web")))
        let other = Event(
            id: "e1", occurredAt: now, leadID: "L1",
            payload: .leadCreated(LeadCreated(storeID: "south", source: "phone")))
        #expect(try await first.ingest([created], at: now) == [.accepted])
        // The same id in another organisation is that organisation's first copy, not a conflict.
        #expect(try await second.ingest([other], at: now) == [.accepted])
        #expect(try await first.leadRecords("L1")?.state.profile?.storeID == "north")
        #expect(try await second.leadRecords("L1")?.state.profile?.storeID == "south")
        #expect(try await first.storesWithLeads() == ["north"])
        #expect(try await second.storesWithLeads() == ["south"])

        try await first.saveToken(AccessToken(name: "a", scope: .admin, secretHash: "hash-\(UUID())", createdAt: now))
        let token = AccessToken(name: "b", scope: .read, secretHash: "hash-\(UUID())", createdAt: now, organisation: second.organisation)
        try await second.saveToken(token)
        #expect(try await second.token(secretHash: token.secretHash) == token)
        #expect(try await first.token(secretHash: token.secretHash) == nil)
    }

    @Test("upgrading to v15 reads how each lead's agent was told from its deciding hand-off, stored when the field was unknown")
    func notifiedViaUpgrade() async throws {
        let database = try await TestPostgres.database()
        let organisation = OrganisationID("told-\(UUID().uuidString.lowercased())")
        let store = try await PostgresStore.open(database, organisation: organisation, registeringAt: .init(millisecondsSinceEpoch: 0))
        let base = try Timestamp(rfc3339: "2026-06-10T15:00:00Z")
        var make = EventFactory(lead: "OLD", base: base)
        var other = EventFactory(lead: "TWICE", base: base)
        _ = try await store.ingest(
            [
                make.created(0, store: "utc1"),
                Event(id: "OLD-assigned", occurredAt: base.adding(seconds: 30), leadID: "OLD", payload: .leadAssigned(agent: "maria"), extras: ["notified_via": .string(" Push ")]),
                other.created(0, store: "utc1"),
                // Handed over again later without a word: the later hand-off decides, and said nothing.
                Event(id: "TWICE-1", occurredAt: base.adding(seconds: 30), leadID: "TWICE", payload: .leadAssigned(agent: "maria"), extras: ["notified_via": .string("sms")]),
                Event(id: "TWICE-2", occurredAt: base.adding(seconds: 90), leadID: "TWICE", payload: .leadAssigned(agent: "ben")),
            ], at: base.adding(seconds: 3_600))
        #expect(try await store.leadRecords("OLD")?.state.notifiedVia == nil, "an unknown field when stored")
        let upgrade = try #require(PostgresSchema.versions.first { $0.name.hasPrefix("v15:") }?.statements.first)
        try await database.execute(upgrade + " AND l.organisation_id = '\(organisation.rawValue)'")
        #expect(try await store.leadRecords("OLD")?.state.notifiedVia == "push")
        #expect(try await store.leadRecords("TWICE")?.state.notifiedVia == nil)
    }

    @Test("the audit log refuses to be edited in PostgreSQL too")
    func auditAppendOnly() async throws {
        let database = try await TestPostgres.database()
        let store = try await PostgresStore.open(database, organisation: OrganisationID("audit-\(UUID().uuidString)"), registeringAt: .init(millisecondsSinceEpoch: 0))
        var changes = EscalationChanges()
        changes.audit = [AuditEntry(at: .init(millisecondsSinceEpoch: 1), actor: "pitwall", action: "test", subject: "s", detail: "")]
        try await store.record(changes)
        #expect(try await store.auditLog(after: 0, limit: 10).map(\.sequence) == [1])
        await #expect(throws: PostgresStoreError.self) {
            try await database.execute("UPDATE audit_log SET detail = 'edited' WHERE organisation_id = '\(store.organisation.rawValue)'")
        }
    }

    /// Every batch's rows go as one statement of column arrays; what comes out of the table
    /// must be what went in, whatever the value (quotes, braces and commas are what an array's
    /// text form would have to escape; NULL in every kind of column).
    @Test("rows inserted as column arrays come back as given: text, JSON, numbers, flags, bytes, number lists and NULLs; a conflict updates")
    func rowsAsColumnArrays() async throws {
        let database = try await TestPostgres.database()
        let table = "row_insert_\(UUID().uuidString.lowercased().prefix(8))"
        try await database.execute(
            "CREATE TABLE \(table) (k text PRIMARY KEY, t text, j jsonb, n bigint, b boolean, bytes bytea, counts bigint[])")
        func insert(_ rows: [(String, String?, String?, Int64?, Bool?, Data?, [Int64]?)]) -> RowInsert {
            var insert = RowInsert(
                into: table,
                columns: [("k", "text"), ("t", "text"), ("j", "jsonb"), ("n", "bigint"), ("b", "boolean"), ("bytes", "bytea"), ("counts", "bigint[]")],
                then: "ON CONFLICT (k) DO UPDATE SET t = excluded.t, n = excluded.n RETURNING k")
            for (k, t, j, n, b, bytes, counts) in rows {
                insert.add { row in
                    row.append(k)
                    row.append(t)
                    row.append(j)
                    row.append(n)
                    row.append(b)
                    row.append(bytes)
                    if let counts { row.append(counts) } else { row.append(nil as String?) }
                }
            }
            return insert
        }
        let awkward = #"O'Brien, "quoted" {braces} \ é 🚗"#
        let first = insert([
            ("a", awkward, #"{"x": [1, "two", null]}"#, Int64.min, true, Data([0, 255, 10, 0]), [1, -2, 3_000_000_000]),
            ("b", nil, nil, nil, nil, nil, nil),
            ("c", "", "[]", 0, false, Data(), []),
        ])
        #expect(first.rowCount == 3 && first.finished().count == 1)
        #expect(insert([]).finished().isEmpty)
        var returned: [String] = []
        for statement in first.finished() { returned += try await database.rows(statement, as: String.self) }
        #expect(returned.sorted() == ["a", "b", "c"])
        for statement in insert([("b", "now given", nil, 7, nil, nil, nil)]).finished() { try await database.query(statement) }

        let stored = try await database.rows(
            PostgresQuery(unsafeSQL: "SELECT k, t, j::text, n, b, bytes, counts FROM \(table) ORDER BY k"),
            as: (String, String?, String?, Int64?, Bool?, Data?, [Int64]?).self)
        try await database.execute("DROP TABLE \(table)")
        #expect(stored.count == 3)
        #expect(stored[0].1 == awkward && stored[0].2 == #"{"x": [1, "two", null]}"# && stored[0].3 == Int64.min)
        #expect(stored[0].4 == true && stored[0].5 == Data([0, 255, 10, 0]) && stored[0].6 == [1, -2, 3_000_000_000])
        #expect(stored[1].1 == "now given" && stored[1].2 == nil && stored[1].3 == 7 && stored[1].4 == nil && stored[1].5 == nil && stored[1].6 == nil)
        #expect(stored[2].1 == "" && stored[2].2 == "[]" && stored[2].3 == 0 && stored[2].4 == false && stored[2].6 == [])
    }

    @Test("servers starting together on an empty database apply each schema version once")
    func concurrentMigrations() async throws {
        let admin = try await TestPostgres.database()
        let name = "pitwall_migrate_\(UUID().uuidString.lowercased().prefix(8))"
        try await admin.execute("CREATE DATABASE \(name)")
        let address = TestPostgres.address!.replacingOccurrences(of: "/pitwall_test", with: "/\(name)")
        let servers = try (0..<3).map { _ in try PostgresDatabase(url: address, maximumConnections: 2) }
        // Each returns what it applied and what it then finds applied.
        let outcomes = try await withThrowingTaskGroup(of: ([String], [String]).self) { group in
            for server in servers {
                group.addTask { try await server.withRunning { (try await server.migrate(), try await server.appliedVersions()) } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.map(\.0).filter { !$0.isEmpty } == [PostgresDatabase.schemaVersions])
        #expect(outcomes.allSatisfy { $0.1 == PostgresDatabase.schemaVersions })
        try await admin.execute("DROP DATABASE \(name)")
    }
}
