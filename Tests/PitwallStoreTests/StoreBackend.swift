import Foundation
import PitwallCore
import PitwallPostgres
import PitwallSQLite
import PitwallTestSupport

/// Every store implementation the contract suite runs against. PostgreSQL joins when
/// `PITWALL_TEST_POSTGRES` names a database (`.ci/run` starts one and sets it).
enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case memory
    case sqlite
    case postgres

    static var allCases: [StoreBackend] {
        TestPostgres.address == nil ? [.memory, .sqlite] : [.memory, .sqlite, .postgres]
    }

    var description: String { rawValue }

    /// A fresh, empty store, and a way to clean up after it. Each PostgreSQL store is a new
    /// organisation in the shared test database, which also proves organisations apart.
    func make(
        configuration: PitwallConfiguration = PitwallConfiguration()
    ) async throws -> (store: any PitwallStore, cleanUp: @Sendable () -> Void) {
        switch self {
        case .memory:
            return (MemoryStore(configuration: configuration), {})
        case .sqlite:
            let folder = try TemporaryDirectory()
            return (try SQLiteStore(path: folder.file("pitwall.sqlite"), configuration: configuration), { folder.remove() })
        case .postgres:
            let database = try await TestPostgres.database()
            let store = try await PostgresStore.open(
                database, organisation: OrganisationID("test-\(UUID().uuidString.lowercased())"), configuration: configuration,
                registeringAt: Timestamp(millisecondsSinceEpoch: 0))
            return (store, {})
        }
    }
}
