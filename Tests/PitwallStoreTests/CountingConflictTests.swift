import Foundation
import PitwallCore
import PitwallPostgres
import PitwallSQLite
import PitwallTestSupport
import Testing

/// Two writers on one database that disagree about a store's time zone: a server still on
/// its old configuration after another process recounted the store's days, and a command
/// run without the configuration file. Either would add changes counted in one zone to days
/// counted in another; each batch is refused whole instead, and goes in once sent to the
/// writer that agrees with the database.
@Suite("Writers with different configurations on one database")
struct CountingConflictTests {
    static let utc = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!)])
    static let losAngeles = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Los_Angeles")!)])

    /// A lead of store lkt, created `seconds` after 15:00 UTC on March 2 (36,000: 01:00 UTC on
    /// March 3, 17:00 on March 2 in Los Angeles).
    static func lead(_ id: LeadID, _ seconds: Double) -> Event {
        var make = EventFactory(lead: id)
        return make.created(seconds, store: "lkt")
    }

    static var backends: [String] { TestPostgres.address == nil ? ["sqlite"] : ["sqlite", "postgres"] }

    /// Opens writer after writer on one database, each with its own configuration.
    static func database(_ backend: String) async throws -> (open: @Sendable (PitwallConfiguration) async throws -> any PitwallStore, cleanUp: @Sendable () -> Void) {
        if backend == "postgres" {
            let database = try await TestPostgres.database()
            let organisation = OrganisationID("conflict-\(UUID().uuidString.lowercased())")
            try await database.createOrganisation(organisation, name: organisation.rawValue, at: Timestamp(millisecondsSinceEpoch: 0))
            return ({ try await PostgresStore.open(database, organisation: organisation, configuration: $0) }, {})
        }
        let folder = try TemporaryDirectory()
        let path = folder.file("pitwall.sqlite")
        return ({ try SQLiteStore(path: path, configuration: $0) }, { folder.remove() })
    }

    @Test(
        "a writer on an older configuration, or on none, has its batch refused whole, naming the store; the writer that agrees with the database takes the same batch",
        arguments: backends)
    func staleWriter(backend: String) async throws {
        let (open, cleanUp) = try await Self.database(backend)
        defer { cleanUp() }
        let ingestedAt = try Timestamp(rfc3339: "2026-03-03T02:00:00Z")
        let server = try await open(Self.utc)
        #expect(try await server.ingest([Self.lead("L1", 36_000)], at: ingestedAt) == [.accepted])

        // Another process moves the store to Los Angeles, recounting its days as it opens.
        let moved = try await open(Self.losAngeles)
        let late = Self.lead("L2", 36_600)
        await #expect(throws: RollupBasisConflict(store: "lkt", listed: true)) { try await server.ingest([late], at: ingestedAt) }
        #expect(try await moved.totals().events == 1, "nothing of the refused batch is stored")
        #expect(try await moved.ingest([late], at: ingestedAt) == [.accepted])
        let march2 = try #require(CivilDate(iso: "2026-03-02"))
        let march3 = try #require(CivilDate(iso: "2026-03-03"))
        #expect(try await moved.scorecard(KPIQuery(from: march2, to: march2)).result(.leadToSaleConversion)?.denominator == 2)
        #expect(try await moved.scorecard(KPIQuery(from: march3, to: march3)).result(.leadToSaleConversion)?.denominator == 0)

        // A command run without the configuration knows no zone for the store: refused too,
        // and the message says how to set it right.
        let bare = try await open(PitwallConfiguration())
        do {
            _ = try await bare.ingest([Self.lead("L3", 37_000)], at: ingestedAt)
            Issue.record("a writer that does not list the store was let in")
        } catch let conflict as RollupBasisConflict {
            #expect(conflict == RollupBasisConflict(store: "lkt", listed: false))
            #expect(conflict.description.contains("run with the configuration the servers use (--config)"), "\(conflict)")
        }
        #expect(try await moved.totals().events == 2)
    }

    @Test(
        "a store given an SLA of its own is recounted by it at the next open, and its leads are held to it from then on; the other stores stay as counted",
        arguments: backends)
    func storeSLA(backend: String) async throws {
        let (open, cleanUp) = try await Self.database(backend)
        defer { cleanUp() }
        var groupSLAs = PitwallConfiguration(stores: [
            StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!), StoreProfile(id: "usd", timeZone: TimeZone(identifier: "UTC")!),
        ])
        groupSLAs.responseTime.clock = .wall
        var ownSLA = groupSLAs
        ownSLA.responseTime.storeSLASeconds["usd"] = [.hot: 600]
        // A hot lead at each store, answered after 7 minutes: late by the group's 5, in time by 10.
        func answered(_ id: LeadID, store: StoreID, at seconds: Double) -> [Event] {
            var make = EventFactory(lead: id)
            return [make.created(seconds, store: store), make.sent(seconds + 420, message: "\(id.rawValue)-m")]
        }
        let ingestedAt = try Timestamp(rfc3339: "2026-03-02T20:00:00Z")
        let march2 = try #require(CivilDate(iso: "2026-03-02"))
        func attainment(_ store: any PitwallStore, _ id: StoreID) async throws -> (Double?, Double?) {
            let result = try await store.scorecard(KPIQuery(from: march2, to: march2, store: id)).result(.slaAttainment)
            return (result?.numerator, result?.denominator)
        }
        let before = try await open(groupSLAs)
        _ = try await before.ingest(answered("L1", store: "lkt", at: 0) + answered("U1", store: "usd", at: 0), at: ingestedAt)
        #expect(try await attainment(before, "usd") == (0, 1))

        let after = try await open(ownSLA)
        #expect(try await attainment(after, "usd") == (1, 1), "recounted by its own SLA")
        #expect(try await attainment(after, "lkt") == (0, 1))
        _ = try await after.ingest(answered("L2", store: "lkt", at: 600) + answered("U2", store: "usd", at: 600), at: ingestedAt)
        #expect(try await attainment(after, "usd") == (2, 2))
        #expect(try await attainment(after, "lkt") == (0, 2))
        // The writer still on the group's SLAs would count usd's leads by the wrong rule: refused.
        await #expect(throws: RollupBasisConflict(store: "usd", listed: true)) {
            try await before.ingest(answered("U3", store: "usd", at: 900), at: ingestedAt)
        }
    }

    @Test(
        "a store taken out of the configuration is refused until it is counted again in UTC; then its days are UTC days, and a writer that still has it in its zone is the one refused",
        arguments: backends)
    func storeTakenOut(backend: String) async throws {
        let (open, cleanUp) = try await Self.database(backend)
        defer { cleanUp() }
        let ingestedAt = try Timestamp(rfc3339: "2026-03-03T02:00:00Z")
        let listing = try await open(Self.losAngeles)
        #expect(try await listing.ingest([Self.lead("L1", 36_000)], at: ingestedAt) == [.accepted])

        let without = try await open(PitwallConfiguration(stores: [StoreProfile(id: "smf", timeZone: TimeZone(identifier: "America/Denver")!)]))
        await #expect(throws: RollupBasisConflict(store: "lkt", listed: false)) { try await without.ingest([Self.lead("L2", 36_600)], at: ingestedAt) }
        #expect(try await without.recountRollups(of: "lkt") == 1)
        #expect(try await without.ingest([Self.lead("L2", 36_600)], at: ingestedAt) == [.accepted])
        let march2 = try #require(CivilDate(iso: "2026-03-02"))
        let march3 = try #require(CivilDate(iso: "2026-03-03"))
        // 01:00 UTC on March 3: March 2 in Los Angeles, March 3 in UTC.
        #expect(try await without.scorecard(KPIQuery(from: march3, to: march3)).result(.leadToSaleConversion)?.denominator == 2)
        #expect(try await without.scorecard(KPIQuery(from: march2, to: march2)).result(.leadToSaleConversion)?.denominator == 0)
        await #expect(throws: RollupBasisConflict(store: "lkt", listed: true)) { try await listing.ingest([Self.lead("L3", 37_000)], at: ingestedAt) }
        #expect(try await without.totals().events == 2)
    }
}
