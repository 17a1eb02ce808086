extension AlertMonitor {
    /// Hours since the latest backup noted in the database (`pitwall backup`), for the whole
    /// server. Nothing to measure until a first backup is noted: a server nobody backs up with
    /// `pitwall backup` (PostgreSQL's, a memory store, one backed up another way) has no
    /// schedule to fall behind, and the storage outlook already says so.
    static func backupOverdue(_ outlook: StorageOutlook, now: Timestamp) -> [AlertSegment: AlertMeasurement] {
        guard let run = outlook.footprint.lastBackup else { return [:] }
        let hours = max(run.at.seconds(until: now), 0) / 3_600
        return [AlertSegment(store: nil): AlertMeasurement(value: hours, bound: hours, sample: 1, note: outlook.backupNote(now: now))]
    }
}
