extension AlertMonitor {
    /// Days of room left on the disk holding the database at the last weeks' pace
    /// (`StorageOutlook`): 0 once it is within its reserved last share, and at most
    /// `StorageOutlook.cappedDays` when the database is not growing. Nothing to measure where
    /// the disk cannot be seen (a PostgreSQL server's, a memory store).
    static func diskFilling(_ outlook: StorageOutlook) -> [AlertSegment: AlertMeasurement] {
        guard let days = outlook.daysOfRoom else { return [:] }
        return [AlertSegment(store: nil): AlertMeasurement(value: days, bound: days, sample: 1, note: outlook.reason)]
    }
}
