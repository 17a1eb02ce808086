extension AlertMonitor {
    /// Per store and channel watched, the share of its `latest` messages sent in the rule's
    /// window (which ends some minutes ago, so every one has had time for its receipt) that no
    /// delivery verdict has followed, bounded as any rate. A store that sent nothing on a
    /// channel in the window has no reading for it.
    func receiptsMissing(
        stores: [StoreProfile], channels: Set<Channel>, latest: Int, rule: AlertRule, now: Timestamp
    ) async throws -> [AlertSegment: AlertMeasurement] {
        guard let leads else { return [:] }
        let span = rule.window.span(endingAt: now)
        let sent = try await leads.sentMessageReceipts(sentFrom: span.from, before: span.before)
        let gaps = DeliveryReceiptGap.byStoreAndChannel(sent, channels: channels, latest: latest)
        var result: [AlertSegment: AlertMeasurement] = [:]
        for store in stores {
            for (channel, gap) in gaps[store.id] ?? [:] {
                var measurement = AlertMeasurement.rate(Double(gap.unsettled), of: Double(gap.sent), direction: rule.direction, confidence: rule.confidence)
                measurement.note = Self.receipts(gap, channel: channel, at: store)
                measurement.badSince = gap.stoppedAfter
                result[AlertSegment(store: store.id, breakdown: "channel=\(channel.rawValue)")] = measurement
            }
        }
        return result
    }

    /// "16 of the latest 20 texts (sent 12:40 to 13:20 CST) still have no delivery receipt; the
    /// last came at 12:52 CST", "... none of them has had one", or "All of the latest 20 texts
    /// (...) have a delivery receipt".
    static func receipts(_ gap: DeliveryReceiptGap, channel: Channel, at store: StoreProfile) -> String {
        guard let first = gap.firstSent, let last = gap.lastSent else { return "Nothing sent" }
        let when = first == last ? "sent \(clock(last, on: store, zone: true))" : "sent \(clock(first, on: store)) to \(clock(last, on: store, zone: true))"
        if gap.sent == 1 {
            let what = "The one \(DeliveryReceiptGap.name(of: channel)) \(when)"
            return gap.unsettled == 0 ? "\(what) has its delivery receipt" : "\(what) still has no delivery receipt"
        }
        let latest = "the latest \(DeliveryReceiptGap.name(of: channel, count: gap.sent)) (\(when))"
        guard gap.unsettled > 0 else { return "All of \(latest) have a delivery receipt" }
        return "\(gap.unsettled) of \(latest) still \(gap.unsettled == 1 ? "has" : "have") no delivery receipt"
            + (gap.lastVerdict.map { "; the last came at \(clock($0, on: store, zone: true))" } ?? "; none of them has had one")
    }

    /// "13:20", or "13:20 CST": an instant of the last hours, on the store's clock.
    static func clock(_ instant: Timestamp, on store: StoreProfile, zone: Bool = false) -> String {
        let clock = LocalTimeFormatting.clock(store.calendar.localTime(of: instant).minute)
        return zone ? "\(clock) \(ZoneAbbreviation.name(of: store.timeZone, at: instant))" : clock
    }
}
