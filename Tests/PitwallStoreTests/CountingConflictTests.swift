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
