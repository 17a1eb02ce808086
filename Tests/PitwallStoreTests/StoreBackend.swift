import PitwallCore
import PitwallSQLite
import PitwallTestSupport

/// Every store implementation the contract suite runs against.
enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case memory
    case sqlite

    var description: String { rawValue }

    /// A fresh, empty store, and a way to clean up after it.
    func make() throws -> (store: any EventStore & AccessTokenStore, cleanUp: @Sendable () -> Void) {
        switch self {
        case .memory:
            return (MemoryStore(), {})
        case .sqlite:
            let folder = try TemporaryDirectory()
            return (try SQLiteStore(path: folder.file("pitwall.sqlite")), { folder.remove() })
        }
    }
}
