import Foundation
import GRDB
import Logging
import PitwallCore

extension SQLiteStore: KPIRollupStore {
    static let rollupColumns = RollupCounter.allCases.map(\.column).joined(separator: ", ")
    /// The columns of the counters the KPIs read, for the scorecard's reads.
    static let kpiRollupColumns = (RollupCounter.allCases.prefix(RollupCounterSelection.kpis.prefixCount!) + RollupCounterSelection.kpis.tail)
        .map(\.column).joined(separator: ", ")

    /// What a read selects after the cell: the response and pick-up times, and the counters
    /// asked for. A read of a few counters needs neither distribution (NULLs in their place).
    static func selectedColumns(_ selection: RollupCounterSelection) -> String {
        switch selection {
        case .kpis: "response_times, pickup_times, " + kpiRollupColumns
        case .all: "response_times, pickup_times, " + rollupColumns
        case .only(let counters): (["NULL", "NULL"] + counters.map(\.column)).joined(separator: ", ")
        }
    }
    static let saveRollupSQL =
        "INSERT OR REPLACE INTO rollup (dimension, day, store_id, value, \(rollupColumns), response_times, pickup_times) VALUES (?, ?, ?, ?, "
        + Array(repeating: "?", count: RollupCounter.allCases.count + 2).joined(separator: ", ") + ")"

    public func rollupRows(
        dimension: SegmentDimension, value: String?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow] {
        try await pool.read { db in
            var sql = "SELECT day, store_id, value, \(Self.selectedColumns(counters)) FROM rollup WHERE dimension = ? AND day BETWEEN ? AND ?"
            var arguments: StatementArguments = [dimension.rawValue, days.lowerBound, days.upperBound]
            if let store {
                sql += " AND store_id = ?"
                arguments += [store.rawValue]
            }
            // Tested on the key before a counter is read: one source of nine costs a ninth.
            if let value {
                sql += " AND value = ?"
                arguments += [value]
            }
            // A month of hourly cells is 14,400 rows: read straight off SQLite, not through GRDB's Row.
            let only: [RollupCounter]? = if case .only(let list) = counters { list } else { nil }
            let prefix = counters.prefixCount ?? 0
            let unread = [Int64](repeating: 0, count: RollupCounter.allCases.count - prefix)
            // Read after the prefix (or alone, for `only`), each into its own place.
            let scattered = (only ?? counters.tail).enumerated().map { (column: Int32(5 + prefix + $0.offset), counter: $0.element.rawValue) }
            return try db.allDirect(sql, arguments: arguments) { row in
                var values = (5..<5 + Int32(prefix)).map(row.int64) + unread
                for (column, counter) in scattered { values[counter] = row.int64(column) }
                return RollupRow(
                    cell: RollupCell(dimension: dimension, value: row.string(2), store: StoreID(row.string(1)), day: row.int64(0)),
                    counters: values, responseTimes: only == nil ? row.data(3) : Data(), pickupTimes: only == nil ? row.data(4) : Data())
            }
        }
    }

    public func storesWithLeads() async throws -> [StoreID] {
        try await pool.read { db in
            // Every store whose leads are counted has its counting zone noted: one row a store,
            // where a DISTINCT over the leads reads an index entry per lead.
            try String.fetchAll(db, sql: "SELECT store_id FROM rollup_zone ORDER BY store_id").map { StoreID($0) }
        }
    }

    /// Adds `delta` to the stored cells; a cell that comes to zero is deleted.
    static func applyRollupDelta(_ delta: [RollupCell: RollupMetrics], to db: Database, cache: inout WriterCache.State) throws {
        guard !delta.isEmpty else { return }
        let select = try DirectStatement(
            db, sql: "SELECT \(rollupColumns), response_times, pickup_times FROM rollup WHERE dimension = ? AND day = ? AND store_id = ? AND value = ?")
        let save = try DirectStatement(db, sql: saveRollupSQL)
        let remove = try DirectStatement(db, sql: "DELETE FROM rollup WHERE dimension = ? AND day = ? AND store_id = ? AND value = ?")
        let counterCount = Int32(RollupCounter.allCases.count)
        for (cell, change) in delta {
            let bindKey = { (row: inout ParameterBinder) in
                row.bind(cell.dimension.rawValue)
                row.bind(cell.day)
                row.bind(cell.store.rawValue)
                row.bind(cell.value)
            }
            // Most cells a large import touches are new: the lookup that finds nothing must be cheap.
            var metrics =
                try cache.cells.value(for: cell)
                ?? select.firstRow(bindKey) { row in
                    RollupMetrics(
                        counters: (0..<counterCount).map(row.int64),
                        responseTimes: QuantileSketch(encoded: row.data(counterCount)) ?? QuantileSketch(),
                        pickupTimes: QuantileSketch(encoded: row.data(counterCount + 1)) ?? QuantileSketch())
                }
                ?? RollupMetrics()
            metrics.add(change)
            cache.cells.store(metrics, for: cell)
            if metrics.isZero {
                try remove.run(bindKey)
            } else {
                try save.run { row in
                    row.bind(cell.dimension.rawValue)
                    row.bind(cell.day)
                    row.bind(cell.store.rawValue)
                    row.bind(cell.value)
                    for counter in metrics.counters { row.bind(counter) }
                    row.bind(metrics.responseTimes.encoded)
                    row.bind(metrics.pickupTimes.encoded)
                }
            }
        }
    }

    /// Refuses a change for a store whose rollups another process has counted under another
    /// configuration since this one opened the file (or that a configuration listing it
    /// counted, when this one does not).
    static func checkCounting(of stores: Set<StoreID>, resolver: LocalDayResolver, in db: Database) throws {
        guard !stores.isEmpty else { return }
        for row in try Row.fetchAll(db, sql: "SELECT store_id, zone FROM rollup_zone") {
            let store = StoreID(row[0] as String)
            guard stores.contains(store) else { continue }
            if let conflict = resolver.countingConflict(of: store, recorded: row[1]) { throw conflict }
        }
    }

    /// Notes the zone each store's rollups are counted in.
    static func recordZones(of stores: Set<StoreID>, resolver: LocalDayResolver, in db: Database) throws {
        let save = try db.cachedStatement(sql: "INSERT OR REPLACE INTO rollup_zone (store_id, zone) VALUES (?, ?)")
        for store in stores { try save.execute(arguments: [store.rawValue, resolver.basis(of: store)]) }
    }

    /// Recounts the rollups of every configured store whose recorded basis (zone and response
    /// rule) differs from the configured one, and of any store that has none recorded, as
    /// after the upgrade that introduced rollups.
    func rebuildRollupsWhereZonesChanged() throws {
        try pool.write { db in
            let recorded = Dictionary(
                try Row.fetchAll(db, sql: "SELECT store_id, zone FROM rollup_zone").map { ($0[0] as String, $0[1] as String) },
                uniquingKeysWith: { first, _ in first })
            let stores = try String.fetchAll(db, sql: "SELECT DISTINCT store_id FROM lead WHERE store_id IS NOT NULL").map { StoreID($0) }
            let due = stores.filter { resolver.needsRecount(of: $0, recorded: recorded[$0.rawValue]) }
            guard !due.isEmpty else { return }
            let logger = Logger(label: "pitwall.sqlite")
            let started = Date()
            logger.notice("\(RollupRecountNotice.starting(due))")
            for store in due { try Self.rebuildRollups(of: store, resolver: resolver, in: db) }
            logger.notice("\(RollupRecountNotice.finished(due, seconds: Date().timeIntervalSince(started)))")
        }
    }

    public func recountRollups(of store: StoreID) async throws -> Int {
        let resolver = self.resolver
        let cache = self.cache
        // The writer's cached cells of the store are counted the old way: forgotten with the rest.
        defer { cache.reset() }
        return try await pool.write { db in try Self.rebuildRollups(of: store, resolver: resolver, in: db) }
    }

    @discardableResult
    static func rebuildRollups(of store: StoreID, resolver: LocalDayResolver, in db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM rollup WHERE store_id = ?", arguments: [store.rawValue])
        var totals: [RollupCell: RollupMetrics] = [:]
        let leadIDs = try String.fetchAll(db, sql: "SELECT lead_id FROM lead WHERE store_id = ? ORDER BY lead_id", arguments: [store.rawValue])
        // A few thousand leads at a time, each chunk loaded with five range queries.
        var start = 0
        while start < leadIDs.count {
            let chunk = leadIDs[start..<min(start + 2_000, leadIDs.count)]
            start += chunk.count
            let leads = try loadRecords(
                ofLeadsWhere: "store_id = ? AND lead_id >= ? AND lead_id <= ?", arguments: [store.rawValue, chunk.first!, chunk.last!], from: db)
            for records in leads { records.dailyContributions(resolver: resolver)?.file(into: &totals) }
        }
        var cache = WriterCache.State(size: .live)
        try applyRollupDelta(totals, to: db, cache: &cache)
        try recordZones(of: [store], resolver: resolver, in: db)
        return leadIDs.count
    }
}
