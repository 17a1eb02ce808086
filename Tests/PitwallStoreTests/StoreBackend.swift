import PitwallCore
import PitwallSQLite
import PitwallTestSupport

/// Every store implementation the contract suite runs against.
enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case memory
    case sqlite

    var description: String { rawValue }

    /// A fresh, empty store, and a way to clean up after it.
    func make(
        configuration: PitwallConfiguration = PitwallConfiguration()
    ) throws -> (store: any PitwallStore, cleanUp: @Sendable () -> Void) {
        switch self {
        case .memory:
            return (MemoryStore(configuration: configuration), {})
        case .sqlite:
            let folder = try TemporaryDirectory()
            return (try SQLiteStore(path: folder.file("pitwall.sqlite"), configuration: configuration), { folder.remove() })
        }
    }
}
