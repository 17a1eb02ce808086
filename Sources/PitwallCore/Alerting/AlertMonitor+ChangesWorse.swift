extension AlertMonitor {
    /// Each change of the log that took effect in the rule's last `window.days` days (today
    /// included, in the home store's days), judged as the change log judges it today: 1 when
    /// clearly worse since, else 0. One alert a change, so undoing one resolves only it; a
    /// change of every store is watched whichever stores the rule names.
    func changesWorse(stores: [StoreProfile], rule: AlertRule, now: Timestamp, maturity: MaturityBasis?) async throws -> [AlertSegment: AlertMeasurement] {
        guard let changes else { return [:] }
        let today = configuration.today(store: nil, at: now)
        let days = today.adding(days: 1 - rule.window.days)...today
        let configuration = configuration
        let reading = try await ChangeLogReading(
            days, store: nil, log: changes, rollups: rollups, configuration: configuration, maturity: maturity,
            storeToday: { configuration.today(store: $0, at: now) })
        let watched = Set(stores.map(\.id))
        var result: [AlertSegment: AlertMeasurement] = [:]
        for outcome in reading.review.outcomes where outcome.change.store.map(watched.contains) ?? true {
            let worse = outcome.verdict == .worse
            result[AlertSegment(store: outcome.change.store, breakdown: "change=\(outcome.change.id)")] = AlertMeasurement(
                value: worse ? 1 : 0, bound: worse ? 1 : 0, sample: 1, note: worse ? reading.undoAdvice(outcome) : reading.finding(outcome))
        }
        return result
    }

    /// What a segment seen before and not now reads. For a change: clear, since it was removed
    /// from the log (recorded by mistake, or undone) or took effect before the rule's window;
    /// left as "no data" its alert would fire for ever. For the rest: no data.
    static func gone(from rule: AlertRule) -> AlertMeasurement {
        guard rule.subject == .changesWorse else { return AlertMeasurement(value: nil, bound: nil, sample: 0) }
        return AlertMeasurement(
            value: 0, bound: 0, sample: 1,
            note: "No longer watched: removed from the change log, or took effect more than \(rule.window.days) days ago")
    }
}
