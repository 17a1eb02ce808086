import Foundation
import PitwallCore

/// Records the single writer touched recently, so a batch about leads the previous batches
/// touched does not read them back from the file. Two generations: a lookup finds an entry
/// in either and moves it to the newer one; when the newer one is full it becomes the older
/// one and the oldest entries are dropped, which keeps the most recently used half at least.
struct TwoGenerationCache<Key: Hashable, Value> {
    private var newer: [Key: Value] = [:]
    private var older: [Key: Value] = [:]
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func value(for key: Key) -> Value? {
        if let value = newer[key] { return value }
        guard let value = older.removeValue(forKey: key) else { return nil }
        store(value, for: key)
        return value
    }

    mutating func store(_ value: Value, for key: Key) {
        if newer.count >= capacity / 2, newer[key] == nil {
            older = newer
            newer = [:]
            newer.reserveCapacity(capacity / 2)
        }
        newer[key] = value
    }

    mutating func removeAll() {
        newer = [:]
        older = [:]
    }
}

/// What the writer keeps between batches. Only used inside the writer's transactions, which
/// GRDB runs one at a time on its writer queue; the lock guards it all the same, so a
/// mistake shows as waiting rather than as a data race. (`@unchecked` because the state is
/// used together with the non-Sendable database connection, which the compiler cannot
/// follow through a `Mutex`.)
final class WriterCache: @unchecked Sendable {
    struct State {
        let size: WriterCacheSize
        var leads: TwoGenerationCache<LeadID, LeadRecords>
        var cells: TwoGenerationCache<RollupCell, RollupMetrics>
        /// SQLite's `data_version` when the cache was last known to match the file: another
        /// process writing to the file changes it, and then nothing cached can be trusted.
        var dataVersion: Int64?
        /// Write transactions this process ran on the file: an import working a batch ahead
        /// knows by it whether anything else was written in between.
        var transactions = 0

        init(size: WriterCacheSize) {
            self.size = size
            leads = TwoGenerationCache(capacity: size.leads)
            cells = TwoGenerationCache(capacity: size.rollupCells)
        }
    }

    private let lock = NSLock()
    private var state: State

    init(size: WriterCacheSize) {
        state = State(size: size)
    }

    /// Forgets everything, as after a transaction that rolled back.
    func reset() {
        withState { $0 = State(size: $0.size) }
    }

    func withState<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}

/// How much the single writer keeps in memory between batches: recently touched leads,
/// rollup cells, and SQLite's page cache for its connection.
public struct WriterCacheSize: Sendable {
    public var leads: Int
    public var rollupCells: Int
    public var pageCacheKiB: Int

    public init(leads: Int, rollupCells: Int, pageCacheKiB: Int) {
        self.leads = leads
        self.rollupCells = rollupCells
        self.pageCacheKiB = pageCacheKiB
    }

    /// A server: live traffic touches the last days' leads, which a few thousand entries
    /// hold, and the server's memory stays flat however old the leads its events reach
    /// (a cell with its response-time sketch takes about 4 KB, a lead about 3 KB).
    public static let live = WriterCacheSize(leads: 8_000, rollupCells: 12_000, pageCacheKiB: 16_384)

    /// An import of history: every lead keeps getting events for weeks after it came, and
    /// re-reading it is what makes a large import slow; a few hundred MB is the price.
    public static let bulkImport = WriterCacheSize(leads: 40_000, rollupCells: 60_000, pageCacheKiB: 65_536)
}
