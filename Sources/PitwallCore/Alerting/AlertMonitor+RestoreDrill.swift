extension AlertMonitor {
    /// Days since the latest restore drill noted in the database, for the whole server. A
    /// drill that failed is judged at the rule's worst level whatever its age (its value stays
    /// its age, its bound is put past the threshold): a backup that does not restore is the
    /// emergency the drills exist to find. Nothing to measure until a first drill is noted.
    static func restoreDrillOverdue(_ outlook: StorageOutlook, rule: AlertRule, now: Timestamp) -> [AlertSegment: AlertMeasurement] {
        guard let drill = outlook.footprint.lastDrill else { return [:] }
        let days = max(drill.at.seconds(until: now), 0) / 86_400
        let worst = rule.critical ?? rule.warning ?? 0
        let bound = drill.passed ? days : max(days, worst + 1)
        return [AlertSegment(store: nil): AlertMeasurement(value: days, bound: bound, sample: 1, note: outlook.drillNote(now: now))]
    }
}
