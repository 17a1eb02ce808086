extension AlertMonitor {
    /// Days of room left on the disk holding the database at the last weeks' pace
    /// (`StorageOutlook`): 0 once it is within its reserved last share, and at most
    /// `StorageOutlook.cappedDays` when the database is not growing. Nothing to measure where
    /// the disk cannot be seen (a PostgreSQL server's, a memory store).
    func diskFilling(rule: AlertRule, now: Timestamp) async throws -> [AlertSegment: AlertMeasurement] {
        let outlook = StorageOutlook(try await events.storageFootprint(leadsCreatedSince: StorageOutlook.paceStart(now: now)))
        guard let days = outlook.daysOfRoom else { return [:] }
        return [AlertSegment(store: nil): AlertMeasurement(value: days, bound: days, sample: 1, note: outlook.reason)]
    }
}
