import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The SOP default rule that watches for delivery receipts no longer coming back.
@Suite("Delivery receipts missing, over stored messages")
struct ReceiptsMissingAlertTests {
    static let noon = try! Timestamp(rfc3339: "2026-03-31T13:00:00Z")

    /// A lead created at `store` a second before its one text, sent `minute` minutes after
    /// 13:00 UTC, and the text's statuses: `queued`, `sent`, then `verdict` 4 s later unless nil.
    static func textedLead(_ id: String, store: StoreID, minute: Int, verdict: DeliveryStatus?, channel: Channel = .sms) -> [Event] {
        var make = EventFactory(lead: LeadID(id), base: noon.adding(seconds: Double(minute * 60)))
        var events = [make.created(-1, store: store), make.sent(0, message: "\(id)-m1", channel: channel), make.status(0.2, message: "\(id)-m1", .queued)]
        events.append(make.status(1, message: "\(id)-m1", .sent))
        if let verdict { events.append(make.status(5, message: "\(id)-m1", verdict)) }
        return events
    }

    /// Lakeside texts a lead a minute from 13:00 to 13:59 and its receipts stop after the text
    /// of 13:24; Harbor Point texts one every two minutes and hears back on all but one, and
    /// sent three e-mails without receipts.
    static func afternoon() -> [Event] {
        var events: [Event] = []
        for minute in 0..<60 {
            events += textedLead("lkt-\(minute)", store: "lkt", minute: minute, verdict: minute < 25 ? (minute % 7 == 0 ? .undelivered : .delivered) : nil)
        }
        for minute in stride(from: 0, to: 60, by: 2) {
            events += textedLead("hph-\(minute)", store: "hph", minute: minute, verdict: minute == 30 ? nil : .delivered)
        }
        for minute in [21, 31, 41] { events += textedLead("hph-mail-\(minute)", store: "hph", minute: minute, verdict: nil, channel: .email) }
        // A text to a lead whose `lead.created` never came has no store to count under.
        var orphan = EventFactory(lead: "orphan", base: noon.adding(seconds: 1800))
        events.append(orphan.sent(0, message: "orphan-m1"))
        return events
    }

    @Test(
        "receipts stopped after 13:24 at one store: its latest 20 texts are critical at 14:00, the breach dated from the text of 13:25; a store that hears back is ok, three e-mails are too few; replayed receipts resolve it",
        arguments: StoreBackend.allCases)
    func stoppedReceipts(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let now = try Timestamp(rfc3339: "2026-03-31T14:00:00Z")
        _ = try await store.ingest(Self.afternoon(), at: now)

        // Read back what was sent 13:20 to 13:50.
        let receipts = try await store.sentMessageReceipts(sentFrom: Self.noon.adding(seconds: 1200), before: Self.noon.adding(seconds: 3000))
        #expect(receipts.filter { $0.storeID == "lkt" }.count == 30)
        #expect(receipts.filter { $0.storeID == "lkt" && $0.isSettled }.count == 5, "13:20 to 13:24")
        #expect(receipts.filter { $0.storeID == "hph" && $0.channel == .sms }.count == 15)
        #expect(receipts.filter { $0.channel == .email }.count == 3)
        #expect(receipts.allSatisfy { $0.storeID != "" }, "the orphan's text is left out")
        let lastSettled = try #require(receipts.first { $0.storeID == "lkt" && $0.sentAt == Self.noon.adding(seconds: 1440) })
        #expect(lastSettled.status == .delivered && lastSettled.statusAt == Self.noon.adding(seconds: 1445))

        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "receipts_missing" })
        let monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule], leads: store)
        let round = try await monitor.evaluate(current: [:], now: now)
        let bySegment = Dictionary(uniqueKeysWithValues: round.statuses.map { ($0.segment.description, $0) })
        let lkt = try #require(bySegment["store=lkt,channel=sms"], "\(bySegment.keys.sorted())")
        #expect(lkt.condition == .firing && lkt.severity == .critical, "\(lkt)")
        #expect(lkt.measurement?.value == 1 && lkt.measurement?.sample == 20)
        #expect(lkt.measurement?.note == "20 of the latest 20 texts (sent 13:30 to 13:49 UTC) still have no delivery receipt; the last came at 13:24 UTC")
        #expect(lkt.breachSince == Self.noon.adding(seconds: 1500), "from the first text after the last one answered")
        #expect(bySegment["store=hph,channel=sms"]?.condition == .ok, "one lost receipt in twenty is the normal run")
        #expect(bySegment["store=hph,channel=sms"]?.measurement?.note == "1 of the latest 20 texts (sent 13:10 to 13:48 UTC) still has no delivery receipt; the last came at 13:48 UTC")
        #expect(bySegment["store=hph,channel=email"]?.condition == .noData, "three e-mails are too few to judge")
        #expect(bySegment.keys.allSatisfy { !$0.contains("orphan") })

        // The provider replays the held callbacks: every text of Lakeside now has its verdict.
        var replay: [Event] = []
        for minute in 25..<60 {
            var make = EventFactory(lead: LeadID("lkt-\(minute)"), base: now.adding(seconds: 30))
            replay.append(make.make(0, .messageStatus(MessageStatusChange(messageID: MessageID("lkt-\(minute)-m1"), status: .delivered)), id: "replay-\(minute)"))
        }
        #expect(rule.isTouched(by: EventTouch(events: replay)))
        _ = try await store.ingest(replay, at: now.adding(seconds: 60))
        var current = Dictionary(uniqueKeysWithValues: round.statuses.map { ($0.id, $0) })
        let clearing = try await monitor.evaluate(current: current, now: now.adding(seconds: 90))
        let cleared = try #require(clearing.statuses.first { $0.id == lkt.id })
        #expect(cleared.measurement?.value == 0)
        #expect(cleared.condition == .firing, "clears only after ten quiet minutes")
        current = Dictionary(uniqueKeysWithValues: clearing.statuses.map { ($0.id, $0) })
        let later = try await monitor.evaluate(current: current, now: now.adding(seconds: 90 + 601))
        #expect(later.statuses.first { $0.id == lkt.id }?.condition == .resolved)
    }

    @Test("the demo's broken status callbacks: the simulated store whose receipts stop fires while it is sending; the stores that hear back do not")
    func simulatedGroup() async throws {
        // Ending at 18:00 and 22:00 UTC: noon and afternoon on the store's Central time; at 04:00 its few texts may be too few.
        for endHour in [4, 18, 22] {
            let simulated = try await SimulatedAlertRound(ruleID: "receipts_missing", days: 7, endHour: endHour) { $0.receiptsLostStoreAtEnd = 0 }
            let lost = try #require(simulated.simulator.receiptsLost)
            for status in simulated.round.statuses {
                let note = "ending at \(endHour):00 UTC, \(status.segment): \(status.measurement?.note ?? "")"
                if status.segment.store == lost.store && status.segment.breakdown == "channel=sms" && endHour != 4 {
                    #expect(status.condition == .firing, "\(note)")
                    #expect(status.breachSince.map { $0 >= lost.from } ?? false, "dated from the first text after the callbacks broke: \(note)")
                } else if status.segment.store != lost.store {
                    #expect(status.condition != .firing && status.condition != .pending, "\(note)")
                }
            }
        }
    }
}
