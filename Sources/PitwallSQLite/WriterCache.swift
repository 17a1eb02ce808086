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
        var leads = TwoGenerationCache<LeadID, LeadRecords>(capacity: 40_000)
        var cells = TwoGenerationCache<RollupCell, RollupMetrics>(capacity: 60_000)
        /// SQLite's `data_version` when the cache was last known to match the file: another
        /// process writing to the file changes it, and then nothing cached can be trusted.
        var dataVersion: Int64?
    }

    private let lock = NSLock()
    private var state = State()

    func withState<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
