import Testing

@testable import PitwallCore

@Suite("Delivery receipts that stop")
struct DeliveryReceiptGapTests {
    static let noon = try! Timestamp(rfc3339: "2026-03-31T12:00:00Z")

    /// A text of `store` sent `minute` minutes after noon, with its verdict `after` seconds later.
    static func text(_ minute: Double, _ status: DeliveryStatus? = nil, after: Double = 4, store: StoreID = "lkt", channel: Channel = .sms) -> SentMessageReceipt {
        let sent = noon.adding(seconds: minute * 60)
        return SentMessageReceipt(storeID: store, channel: channel, sentAt: sent, status: status, statusAt: status.map { _ in sent.adding(seconds: after) })
    }

    @Test("receipts that stop after the text of 12:04 leave four of eight unsettled; the last verdict is the latest one, not the latest send's")
    func stopped() {
        let gap = DeliveryReceiptGap([
            Self.text(0, .delivered, after: 400), Self.text(1, .undelivered), Self.text(2, .failed), Self.text(3, .sent), Self.text(4, .delivered),
            Self.text(5, .queued), Self.text(6), Self.text(7),
        ])
        #expect(gap.sent == 8)
        #expect(gap.unsettled == 4, "queued, sent and nothing are not a verdict: minutes 3, 5, 6, 7")
        #expect(gap.lastVerdict == Self.noon.adding(seconds: 400), "the 12:00 text's late receipt came after the 12:04 one's")
        #expect(gap.stoppedAfter == Self.noon.adding(seconds: 300), "the first unsettled send after the last settled one (12:04)")
    }

    @Test("a lone lost receipt before later verdicts does not date the stop; with no verdict at all, the first send does")
    func whenItStopped() {
        let healthy = DeliveryReceiptGap([Self.text(0), Self.text(1, .delivered), Self.text(2, .delivered)])
        #expect(healthy.unsettled == 1)
        #expect(healthy.stoppedAfter == nil, "receipts came after the lost one")
        let silent = DeliveryReceiptGap([Self.text(3), Self.text(1), Self.text(2)])
        #expect(silent.stoppedAfter == Self.noon.adding(seconds: 60))
        #expect(silent.lastVerdict == nil)
        #expect(DeliveryReceiptGap([]).sent == 0)
    }

    @Test("split by store and channel, keeping only the channels watched")
    func byStoreAndChannel() {
        let gaps = DeliveryReceiptGap.byStoreAndChannel(
            [Self.text(0), Self.text(1, .delivered, store: "hph"), Self.text(2, channel: .email), Self.text(3, channel: .call)], channels: [.sms, .email])
        #expect(gaps["lkt"]?[.sms]?.sent == 1)
        #expect(gaps["lkt"]?[.email]?.unsettled == 1)
        #expect(gaps["lkt"]?[.call] == nil, "calls have no receipts")
        #expect(gaps["hph"]?[.sms]?.unsettled == 0)
    }

    @Test("the note counts, names the span on the store's clock and when the last verdict came")
    func note() {
        let store = StoreProfile.unconfigured("lkt")
        let span = (from: Self.noon, before: Self.noon.adding(seconds: 1800))
        let gap = DeliveryReceiptGap([Self.text(0, .delivered), Self.text(1), Self.text(2)])
        #expect(AlertMonitor.receipts(gap, channel: .sms, span: span, at: store) == "2 of 3 texts sent 12:00 to 12:30 UTC still have no delivery receipt; the last came at 12:00 UTC")
        #expect(AlertMonitor.receipts(DeliveryReceiptGap([Self.text(1, channel: .email)]), channel: .email, span: span, at: store)
            == "The one e-mail sent 12:00 to 12:30 UTC still has no delivery receipt; none of them has had one")
        #expect(AlertMonitor.receipts(DeliveryReceiptGap([Self.text(1, .delivered)]), channel: .sms, span: span, at: store) == "The one text sent 12:00 to 12:30 UTC has its delivery receipt")
        #expect(AlertMonitor.receipts(DeliveryReceiptGap([Self.text(1, .delivered), Self.text(2, .failed)]), channel: .sms, span: span, at: store)
            == "All 2 texts sent 12:00 to 12:30 UTC have a delivery receipt")
        #expect(AlertMonitor.receipts(DeliveryReceiptGap([Self.text(1, .delivered), Self.text(2), Self.text(3, .failed)]), channel: .sms, span: span, at: store)
            == "1 of 3 texts sent 12:00 to 12:30 UTC still has no delivery receipt; the last came at 12:03 UTC")
    }

    @Test("the window is 30 minutes ending 10 minutes ago, and says so")
    func window() throws {
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "receipts_missing" })
        let span = rule.window.span(endingAt: Self.noon)
        #expect(span.from == Self.noon.adding(seconds: -2400) && span.before == Self.noon.adding(seconds: -600))
        #expect(rule.window.description == "30 min ending 10 min ago")
        #expect(rule.subject.isSystemCheck)
        let status = Event(id: "e1", occurredAt: Self.noon, leadID: "l1", payload: .messageStatus(MessageStatusChange(messageID: "m1", status: .delivered)))
        #expect(rule.isTouched(by: EventTouch(events: [status])), "a receipt can settle it at once")
    }
}
