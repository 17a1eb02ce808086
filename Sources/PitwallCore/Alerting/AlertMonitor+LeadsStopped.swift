extension AlertMonitor {
    /// Per store, the leads its usual pace for these hours would have brought since its last
    /// one. A store without enough history (the rule's minimum sample of leads) has no data.
    /// With `each: source`, per source of each store: its usual share of the store's pace since
    /// its own last lead, so a broken integration shows while the store's other sources still
    /// arrive. A store silent as a whole gives its sources no reading: the store's rule says it.
    func leadsStopped(stores: [StoreProfile], rule: AlertRule, now: Timestamp) async throws -> [AlertSegment: AlertMeasurement] {
        guard let leads else { return [:] }
        var result: [AlertSegment: AlertMeasurement] = [:]
        let earliest = now.adding(milliseconds: -Int64(LeadPace.longestSpanDays) * Timestamp.millisecondsPerDay)
        let threshold = rule.warning ?? rule.critical
        for store in stores {
            let last = try await leads.latestLeadArrival(at: store.id, since: earliest)
            // Learned from the weeks before the silence began, not through it: a silence that
            // crossed midnight would otherwise teach its own empty hours, and read itself as
            // less unusual the longer it lasts.
            let window = rule.window.dates(today: store.calendar.localDate(of: min(last ?? earliest, now)))
            let bySource = rule.scope == .eachStoreAnd(.source)
            let key = LeadPaceCache.Key(
                organisation: TenantScope.organisation, store: store.id, calendarVersion: store.calendarVersion, days: window.from...window.to,
                hour: now.millisecondsSinceEpoch.floorDivided(by: 3_600_000), bySource: bySource)
            let pace = try await paces.pace(for: key) {
                let days = window.from.daysSinceEpoch...window.to.daysSinceEpoch
                let pace = LeadPace(rows: try await rollups.rollupRows(dimension: .hour, days: days, store: store.id), days: window.from...window.to, store: store)
                return bySource ? pace.withSources(try await rollups.rollupRows(dimension: .source, days: days, store: store.id)) : pace
            }
            let expected = pace.expectedLeads(from: last ?? earliest, to: now, reaching: threshold)
            guard bySource else {
                var measurement = AlertMeasurement(
                    value: expected.leads, bound: expected.leads, sample: pace.leadsSeen,
                    note: Self.silence(of: nil, since: last, expected: expected.leads, at: store, now: now))
                measurement.badSince = expected.reachedAt
                result[AlertSegment(store: store.id)] = measurement
                continue
            }
            if let threshold, expected.leads > threshold { continue }
            for (source, seen) in pace.leadsBySource {
                let sourceLast = try await leads.latestLeadArrival(at: store.id, source: source, since: earliest)
                let share = Double(seen) / Double(max(pace.leadsSeen, 1))
                let missed = pace.expectedLeads(from: sourceLast ?? earliest, to: now, reaching: threshold.map { $0 / share })
                var measurement = AlertMeasurement(
                    value: missed.leads * share, bound: missed.leads * share, sample: seen,
                    note: Self.silence(of: source, since: sourceLast, expected: missed.leads * share, at: store, now: now))
                measurement.badSince = missed.reachedAt
                result[AlertSegment(store: store.id, breakdown: "source=\(source)")] = measurement
            }
        }
        return result
    }

    /// "No lead since 3 Mar 2026 10:42 CST (2 h 5 min); about 6.1 would have come in at this
    /// store's usual pace for those hours"; for a source, "No lead from facebook_ads since ...
    /// at its usual share of this store's pace for those hours".
    static func silence(of source: String?, since last: Timestamp?, expected: Double, at store: StoreProfile, now: Timestamp) -> String {
        let pace = "about \(KPIFormatting.decimal(expected, places: 1)) would have come in at "
            + (source == nil ? "this store's usual pace for those hours" : "its usual share of this store's pace for those hours")
        let what = source.map { "No lead from \($0)" } ?? "No lead"
        guard let last else { return "\(what) in the last \(LeadPace.longestSpanDays) days; \(pace)" }
        let silent = KPIFormatting.duration(seconds: Double(max(now.millisecondsSinceEpoch - last.millisecondsSinceEpoch, 0) / 60_000 * 60))
        return "\(what) since \(clockTime(last, on: store)) (\(silent)); \(pace)"
    }
}
