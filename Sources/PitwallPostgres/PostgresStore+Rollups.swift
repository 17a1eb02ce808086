import Foundation
import Logging
import PitwallCore
import PostgresNIO

extension PostgresStore: KPIRollupStore {
    public func rollupRows(
        dimension: SegmentDimension, value: String?, days: ClosedRange<Int64>, store: StoreID?, counters: RollupCounterSelection
    ) async throws -> [RollupRow] {
        // A few counters over many rows (the outlook's year, the spend page's): the response
        // times' sketches are most of a row's bytes, so they stay in the database.
        let onlyCounters = if case .only = counters { true } else { false }
        let found: [(Int64, String, String, [Int64], Data, Data)]
        if let store {
            found = try await rows(
                """
                SELECT day, store_id, value, counters, CASE WHEN \(onlyCounters) THEN ''::bytea ELSE response_times END, \
                CASE WHEN \(onlyCounters) THEN ''::bytea ELSE pickup_times END FROM rollup \
                WHERE organisation_id = \(organisationID) AND dimension = \(dimension.rawValue) AND store_id = \(store.rawValue) \
                AND day BETWEEN \(days.lowerBound) AND \(days.upperBound) AND (\(value)::text IS NULL OR value = \(value))
                """, as: (Int64, String, String, [Int64], Data, Data).self)
        } else {
            found = try await rows(
                """
                SELECT day, store_id, value, counters, CASE WHEN \(onlyCounters) THEN ''::bytea ELSE response_times END, \
                CASE WHEN \(onlyCounters) THEN ''::bytea ELSE pickup_times END FROM rollup \
                WHERE organisation_id = \(organisationID) AND dimension = \(dimension.rawValue) AND day BETWEEN \(days.lowerBound) AND \(days.upperBound) \
                AND (\(value)::text IS NULL OR value = \(value))
                """, as: (Int64, String, String, [Int64], Data, Data).self)
        }
        return found.map { day, store, value, counters, responseTimes, pickupTimes in
            RollupRow(
                cell: RollupCell(dimension: dimension, value: value, store: StoreID(store), day: day), counters: Self.padded(counters),
                responseTimes: responseTimes, pickupTimes: pickupTimes)
        }
    }

    public func storesWithLeads() async throws -> [StoreID] {
        try await rows("SELECT store_id FROM rollup_zone WHERE organisation_id = \(organisationID) ORDER BY store_id", as: String.self)
            .map { StoreID($0) }
    }

    /// Counters in the core's current order: a row written before a counter was added lacks it.
    static func padded(_ counters: [Int64]) -> [Int64] {
        let count = RollupCounter.allCases.count
        return counters.count >= count ? Array(counters.prefix(count)) : counters + Array(repeating: 0, count: count - counters.count)
    }

    /// Adds `delta` to the stored cells; a cell that comes to zero is deleted.
    func applyRollupDelta(_ delta: [RollupCell: RollupMetrics], on connection: PostgresConnection) async throws {
        guard !delta.isEmpty else { return }
        var current: [RollupCell: RollupMetrics] = [:]
        let cells = Array(delta.keys)
        for (dimension, day, store, value, counters, responseTimes, pickupTimes) in try await rows(
            """
            SELECT r.dimension, r.day, r.store_id, r.value, r.counters, r.response_times, r.pickup_times FROM rollup r
            JOIN unnest(\(cells.map(\.dimension.rawValue))::text[], \(cells.map(\.day))::bigint[], \(cells.map(\.store.rawValue))::text[], \
            \(cells.map(\.value))::text[]) AS k(dimension, day, store_id, value)
            ON r.dimension = k.dimension AND r.day = k.day AND r.store_id = k.store_id AND r.value = k.value
            WHERE r.organisation_id = \(organisationID)
            """, as: (String, Int64, String, String, [Int64], Data, Data).self, on: connection)
        {
            guard let dimension = SegmentDimension(rawValue: dimension) else { continue }
            current[RollupCell(dimension: dimension, value: value, store: StoreID(store), day: day)] = RollupMetrics(
                counters: Self.padded(counters), responseTimes: QuantileSketch(encoded: responseTimes) ?? QuantileSketch(),
                pickupTimes: QuantileSketch(encoded: pickupTimes) ?? QuantileSketch())
        }
        var save = RowInsert(
            into: "rollup",
            columns: [
                ("organisation_id", "text"), ("dimension", "text"), ("day", "bigint"), ("store_id", "text"), ("value", "text"),
                ("counters", "bigint[]"), ("response_times", "bytea"), ("pickup_times", "bytea"),
            ],
            then: "ON CONFLICT (organisation_id, dimension, day, store_id, value) DO UPDATE SET counters = excluded.counters, "
                + "response_times = excluded.response_times, pickup_times = excluded.pickup_times")
        var emptied: [RollupCell] = []
        for (cell, change) in delta {
            var metrics = current[cell] ?? RollupMetrics()
            metrics.add(change)
            if metrics.isZero {
                if current[cell] != nil { emptied.append(cell) }
                continue
            }
            save.add { row in
                row.append(organisationID)
                row.append(cell.dimension.rawValue)
                row.append(cell.day)
                row.append(cell.store.rawValue)
                row.append(cell.value)
                row.append(metrics.counters)
                row.append(metrics.responseTimes.encoded)
                row.append(metrics.pickupTimes.encoded)
            }
        }
        try await run(save.finished(), on: connection)
        if !emptied.isEmpty {
            try await database.query(
                """
                DELETE FROM rollup r USING unnest(\(emptied.map(\.dimension.rawValue))::text[], \(emptied.map(\.day))::bigint[], \
                \(emptied.map(\.store.rawValue))::text[], \(emptied.map(\.value))::text[]) AS k(dimension, day, store_id, value)
                WHERE r.organisation_id = \(organisationID) AND r.dimension = k.dimension AND r.day = k.day AND r.store_id = k.store_id \
                AND r.value = k.value
                """, on: connection)
        }
    }

    /// Notes the zone (and response rule) each store's rollups are counted in.
    /// Notes the basis the change was counted under, and refuses it (the transaction rolls
    /// back) for a store whose rollups another server has counted under another configuration
    /// since this one opened the organisation, or that a configuration listing it counted
    /// when this one does not. One statement: the bases as they were, read under the
    /// organisation's lock, so no recount can slip in between.
    func recordZonesChecking(_ stores: Set<StoreID>, on connection: PostgresConnection) async throws {
        guard !stores.isEmpty else { return }
        let ids = stores.sorted().map(\.rawValue)
        let bases = ids.map { resolver.basis(of: StoreID($0)) }
        for (store, recorded) in try await rows(
            """
            WITH recorded AS (SELECT store_id, zone FROM rollup_zone WHERE organisation_id = \(organisationID) AND store_id = ANY(\(ids))), \
            saved AS (INSERT INTO rollup_zone (organisation_id, store_id, zone) \
            SELECT \(organisationID), s, z FROM unnest(\(ids)::text[], \(bases)::text[]) AS t(s, z) \
            ON CONFLICT (organisation_id, store_id) DO UPDATE SET zone = excluded.zone) \
            SELECT store_id, zone FROM recorded
            """, as: (String, String).self, on: connection)
        {
            if let conflict = resolver.countingConflict(of: StoreID(store), recorded: recorded) { throw conflict }
        }
    }

    func recordZones(of stores: Set<StoreID>, on connection: PostgresConnection) async throws {
        var save = RowInsert(
            into: "rollup_zone", columns: [("organisation_id", "text"), ("store_id", "text"), ("zone", "text")],
            then: "ON CONFLICT (organisation_id, store_id) DO UPDATE SET zone = excluded.zone")
        for store in stores.sorted() {
            save.add { row in
                row.append(organisationID)
                row.append(store.rawValue)
                row.append(resolver.basis(of: store))
            }
        }
        try await run(save.finished(), on: connection)
    }

    /// Recounts the rollups of every configured store whose recorded basis (zone and response
    /// rule) differs from the configured one. Every write notes the basis of the stores it
    /// counts (this schema was born with rollups), so the notes list every store with leads
    /// and the lead table need not be scanned at each start.
    func rebuildRollupsWhereZonesChanged() async throws {
        let recorded = try await rows("SELECT store_id, zone FROM rollup_zone WHERE organisation_id = \(organisationID)", as: (String, String).self)
        let due = recorded.filter { store, zone in resolver.needsRecount(of: StoreID(store), recorded: zone) }.map { StoreID($0.0) }
        guard !due.isEmpty else { return }
        let logger = Logger(label: "pitwall.postgres")
        let started = Date()
        logger.notice("\(RollupRecountNotice.starting(due))", metadata: ["organisation": "\(organisation.rawValue)"])
        for store in due {
            _ = try await database.writing(for: organisation) { connection in
                try await rebuildRollups(of: store, on: connection)
            }
        }
        logger.notice("\(RollupRecountNotice.finished(due, seconds: Date().timeIntervalSince(started)))", metadata: ["organisation": "\(organisation.rawValue)"])
    }

    public func recountRollups(of store: StoreID) async throws -> Int {
        try await database.writing(for: organisation) { connection in try await rebuildRollups(of: store, on: connection) }
    }

    @discardableResult
    func rebuildRollups(of store: StoreID, on connection: PostgresConnection) async throws -> Int {
        try await database.query(
            "DELETE FROM rollup WHERE organisation_id = \(organisationID) AND store_id = \(store.rawValue)", on: connection)
        var totals: [RollupCell: RollupMetrics] = [:]
        var after = ""
        var counted = 0
        // A few thousand leads at a time, in key order.
        while true {
            let chunk = try await loadRecords(
                where: "store_id = $2 AND lead_id > $3 AND lead_id IN (SELECT lead_id FROM lead WHERE organisation_id = $1 AND store_id = $2 AND lead_id > $3 ORDER BY lead_id LIMIT 2000)",
                on: connection, binding: { bindings in
                    bindings.append(store.rawValue)
                    bindings.append(after)
                })
            guard let last = chunk.map(\.state.leadID.rawValue).max() else { break }
            after = last
            counted += chunk.count
            for records in chunk { records.dailyContributions(resolver: resolver)?.file(into: &totals) }
        }
        try await applyRollupDelta(totals, on: connection)
        try await recordZones(of: [store], on: connection)
        return counted
    }
}
