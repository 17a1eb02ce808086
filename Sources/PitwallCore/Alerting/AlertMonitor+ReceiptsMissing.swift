extension AlertMonitor {
    /// Per store and channel watched, the share of the messages sent in the rule's window
    /// (which ends some minutes ago, so every one has had time for its receipt) that no
    /// delivery verdict has followed, bounded as any rate. A store that sent nothing on a
    /// channel has no reading for it.
    func receiptsMissing(stores: [StoreProfile], channels: Set<Channel>, rule: AlertRule, now: Timestamp) async throws -> [AlertSegment: AlertMeasurement] {
        guard let leads else { return [:] }
        let span = rule.window.span(endingAt: now)
        let gaps = DeliveryReceiptGap.byStoreAndChannel(try await leads.sentMessageReceipts(sentFrom: span.from, before: span.before), channels: channels)
        var result: [AlertSegment: AlertMeasurement] = [:]
        for store in stores {
            for (channel, gap) in gaps[store.id] ?? [:] {
                var measurement = AlertMeasurement.rate(Double(gap.unsettled), of: Double(gap.sent), direction: rule.direction, confidence: rule.confidence)
                measurement.note = Self.receipts(gap, channel: channel, span: span, at: store)
                measurement.badSince = gap.stoppedAfter
                result[AlertSegment(store: store.id, breakdown: "channel=\(channel.rawValue)")] = measurement
            }
        }
        return result
    }

    /// "31 of 40 texts sent 12:50 to 13:20 CST still have no delivery receipt; the last came at
    /// 12:52 CST", "... none of them has had one", or "All 40 texts sent ... have a delivery receipt".
    static func receipts(_ gap: DeliveryReceiptGap, channel: Channel, span: (from: Timestamp, before: Timestamp), at store: StoreProfile) -> String {
        let when = "sent \(clock(span.from, on: store)) to \(clock(span.before, on: store, zone: true))"
        let what = gap.sent == 1 ? "The one \(DeliveryReceiptGap.name(of: channel)) \(when)" : "\(DeliveryReceiptGap.name(of: channel, count: gap.sent)) \(when)"
        switch gap.unsettled {
        case 0: return gap.sent == 1 ? "\(what) has its delivery receipt" : "All \(what) have a delivery receipt"
        case let unsettled:
            let head = gap.sent == 1 ? "\(what) still has" : "\(unsettled) of \(what) still \(unsettled == 1 ? "has" : "have")"
            return head + " no delivery receipt" + (gap.lastVerdict.map { "; the last came at \(clock($0, on: store, zone: true))" } ?? "; none of them has had one")
        }
    }

    /// "13:20", or "13:20 CST": an instant of the last hour or so, on the store's clock.
    static func clock(_ instant: Timestamp, on store: StoreProfile, zone: Bool = false) -> String {
        let minute = store.calendar.localTime(of: instant).minute
        let clock = "\((minute / 60).zeroPadded(2)):\((minute % 60).zeroPadded(2))"
        return zone ? "\(clock) \(ZoneAbbreviation.name(of: store.timeZone, at: instant))" : clock
    }
}
