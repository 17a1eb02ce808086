import Foundation
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

    @Test("split by store and channel, keeping only the channels watched and each one's latest sends")
    func byStoreAndChannel() {
        let lkt = (0..<30).map { Self.text(Double($0), $0 < 12 ? .delivered : nil) }
        let gaps = DeliveryReceiptGap.byStoreAndChannel(
            lkt + [Self.text(1, .delivered, store: "hph"), Self.text(2, channel: .email), Self.text(3, channel: .call)], channels: [.sms, .email], latest: 20)
        let texts = gaps["lkt"]?[.sms]
        #expect(texts?.sent == 20 && texts?.unsettled == 18, "minutes 10 to 29: the two of 10 and 11 settled")
        #expect(texts?.firstSent == Self.noon.adding(seconds: 600) && texts?.lastSent == Self.noon.adding(seconds: 29 * 60))
        #expect(gaps["lkt"]?[.email]?.unsettled == 1)
        #expect(gaps["lkt"]?[.call] == nil, "calls have no receipts")
        #expect(gaps["hph"]?[.sms]?.unsettled == 0)
    }

    @Test("the note counts the latest sends, names their span on the store's clock and when the last verdict came")
    func note() {
        let store = StoreProfile.unconfigured("lkt")
        func note(_ texts: [SentMessageReceipt], _ channel: Channel = .sms) -> String { AlertMonitor.receipts(DeliveryReceiptGap(texts), channel: channel, at: store) }
        #expect(note([Self.text(0, .delivered), Self.text(1), Self.text(2)]) == "2 of the latest 3 texts (sent 12:00 to 12:02 UTC) still have no delivery receipt; the last came at 12:00 UTC")
        #expect(note([Self.text(1, channel: .email)], .email) == "The one e-mail sent 12:01 UTC still has no delivery receipt")
        #expect(note([Self.text(1, .delivered)]) == "The one text sent 12:01 UTC has its delivery receipt")
        #expect(note([Self.text(1, .delivered), Self.text(2, .failed)]) == "All of the latest 2 texts (sent 12:01 to 12:02 UTC) have a delivery receipt")
        #expect(note([Self.text(1, .delivered), Self.text(2), Self.text(3, .failed)]) == "1 of the latest 3 texts (sent 12:01 to 12:03 UTC) still has no delivery receipt; the last came at 12:03 UTC")
        #expect(note([Self.text(1), Self.text(2)], .email) == "2 of the latest 2 e-mails (sent 12:01 to 12:02 UTC) still have no delivery receipt; none of them has had one")
    }

    @Test("the latest 20 sent in the 3 hours before the last 10 minutes are judged, and the window says so")
    func window() throws {
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "receipts_missing" })
        #expect(rule.subject == .receiptsMissing(channels: [.sms, .email], latest: 20))
        let span = rule.window.span(endingAt: Self.noon)
        #expect(span.from == Self.noon.adding(seconds: -190 * 60) && span.before == Self.noon.adding(seconds: -600))
        #expect(rule.window.description == "180 min ending 10 min ago")
        #expect(rule.subject.isSystemCheck)
        let status = Event(id: "e1", occurredAt: Self.noon, leadID: "l1", payload: .messageStatus(MessageStatusChange(messageID: "m1", status: .delivered)))
        #expect(rule.isTouched(by: EventTouch(events: [status])), "a receipt can settle it at once")
    }

    @Test("the status board shows it on the messaging-system tile with the store's name, and on the store's tile; the note names the channel, so no 'channel=sms' is added")
    func onTheBoard() throws {
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "receipts_missing" })
        var status = AlertStatus(ruleID: rule.id, segment: AlertSegment(store: "lkt", breakdown: "channel=sms"), startingAt: Self.noon)
        var measurement = AlertMeasurement.rate(20, of: 20, direction: .above, confidence: 0.95)
        measurement.note = "20 of the latest 20 texts (sent 11:30 to 11:49 UTC) still have no delivery receipt; the last came at 11:24 UTC"
        measurement.badSince = Self.noon.adding(seconds: -35 * 60)
        _ = status.advance(rule.level(of: measurement), measurement: measurement, rule: rule, now: Self.noon)
        #expect(status.condition == .firing && status.severity == .critical)
        let stores = [StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "UTC")!), StoreProfile.unconfigured("hph")]
        let board = StatusBoard(statuses: [status], rules: [rule], stores: stores, catalog: .standard)
        let reason = "20 of the latest 20 texts (sent 11:30 to 11:49 UTC) still have no delivery receipt; the last came at 11:24 UTC, firing since \(Self.noon.rfc3339)"
        #expect(board.system.colour == .red)
        #expect(board.system.reasons == ["Lakeside Toyota: " + reason])
        #expect(board.stores.first { $0.storeID == "lkt" }?.reasons == [reason])
        #expect(board.openReasons == ["Lakeside Toyota: " + reason], "a report lists it once, not once a tile")
        #expect(board.stores.first { $0.storeID == "hph" }?.colour == .grey)
        #expect(status.segment.breakdownInWords == "texts", "the dashboard's 'Where': Lakeside Toyota · texts")
        #expect(AlertSegment(store: "lkt", breakdown: "source=cargurus").breakdownInWords == "source: cargurus")
        #expect(AlertSegment(store: "lkt", breakdown: "vehicle_condition=used").breakdownInWords == "vehicle condition: used")
        #expect(AlertSegment(store: nil, breakdown: "component=crm_api").breakdownInWords == "CRM API")
    }

    @Test("receipts missing at five stores make one line on the messaging-system tile; each store's tile keeps its details; three stores stay three lines")
    func manyStoresOneLine() throws {
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "receipts_missing" })
        let names = ["bvw": "Bayview VW", "hph": "Harbor Honda", "lkt": "Lakeside Toyota", "smf": "Summit Ford", "wdh": "Woodhaven Hyundai"]
        let stores = names.keys.sorted().map { StoreProfile(id: StoreID($0), name: names[$0]!, timeZone: TimeZone(identifier: "UTC")!) }
        func firing(_ store: String, _ channel: String) -> AlertStatus {
            var status = AlertStatus(ruleID: rule.id, segment: AlertSegment(store: StoreID(store), breakdown: "channel=\(channel)"), startingAt: Self.noon)
            var measurement = AlertMeasurement.rate(20, of: 20, direction: .above, confidence: 0.95)
            measurement.note = "20 of the latest 20 texts still have no delivery receipt"
            _ = status.advance(rule.level(of: measurement), measurement: measurement, rule: rule, now: Self.noon)
            return status
        }
        let all = stores.map { firing($0.id.rawValue, "sms") } + [firing("lkt", "email")]
        let board = StatusBoard(statuses: all, rules: [rule], stores: stores, catalog: .standard)
        #expect(board.system.colour == .red)
        #expect(board.system.reasons == ["Delivery receipts missing at 5 stores: Bayview VW, Harbor Honda, Lakeside Toyota, Summit Ford, Woodhaven Hyundai"])
        #expect(board.stores.first { $0.storeID == "lkt" }?.reasons.count == 2, "the store's tile: texts and e-mails, each in full")
        let three = StatusBoard(statuses: Array(all.prefix(3)), rules: [rule], stores: stores, catalog: .standard)
        #expect(three.system.reasons.map { $0.prefix { $0 != ":" } } == ["Bayview VW", "Harbor Honda", "Lakeside Toyota"])
        #expect(three.openReasons.count == 3)
        // The summary, then each store's line in full; Lakeside's texts and e-mails read alike here.
        #expect(board.openReasons.count == 1 + 5, "\(board.openReasons)")
    }
}
