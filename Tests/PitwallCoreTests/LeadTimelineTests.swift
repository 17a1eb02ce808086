import PitwallCore
import PitwallTestSupport
import Testing

@Suite("A lead's timeline: each text on one line with what the carrier said about it")
struct LeadTimelineTests {
    @Test("a text's receipts fold into its line, which says how long it took to arrive")
    func receiptsFold() {
        var make = EventFactory(lead: "L-1")
        let events = [
            make.created(0), make.sent(40, message: "m1"), make.status(41, message: "m1", .queued), make.status(42, message: "m1", .sent),
            make.status(44, message: "m1", .delivered), make.received(400, message: "in1"), make.sent(700, message: "m2", sender: .agent, agent: "maria"),
            make.status(700.4, message: "m2", .delivered),
        ]
        let lines = LeadTimeline.lines(events)
        #expect(lines.map(\.description.title) == ["Lead came in", "AI sent a text", "Customer replied by text", "maria sent a text"])
        #expect(lines.map(\.delivery) == [nil, "delivered 4 s later", nil, "delivered within a second"])
        #expect(lines.map(\.eventCount) == [1, 4, 1, 2])
        #expect(lines.map(\.eventCount).reduce(0, +) == events.count, "every stored event is on some line")
        #expect(lines[1].description.kind == "outbound")
    }

    @Test("a text the carrier refused is marked as a problem with the carrier's error")
    func refused() {
        var make = EventFactory(lead: "L-2")
        let lines = LeadTimeline.lines([
            make.created(0), make.sent(60, message: "m1"), make.status(61, message: "m1", .sent),
            make.status(70, message: "m1", .undelivered, errorCode: "30008"),
        ])
        #expect(lines[1].delivery == "not delivered: undelivered 10 s later, carrier error 30008")
        #expect(lines[1].description.kind == "problem")
    }

    @Test("receipts arriving out of order: the latest in time wins, as in the ledger; no final one yet says so")
    func outOfOrder() {
        var make = EventFactory(lead: "L-3")
        let created = make.created(0)
        let sent = make.sent(10, message: "m1")
        let delivered = make.status(15, message: "m1", .delivered)
        let queued = make.status(11, message: "m1", .queued)
        // Listed in the order they reached Pitwall: the delivery before the queueing.
        #expect(LeadTimeline.lines([created, sent, delivered, queued])[1].delivery == "delivered 5 s later")
        #expect(LeadTimeline.lines([created, sent, delivered, queued])[1].receipts == [queued, delivered])
        var other = EventFactory(lead: "L-4")
        let waiting = LeadTimeline.lines([other.created(0), other.sent(10, message: "m2"), other.status(12, message: "m2", .sent)])
        #expect(waiting[1].delivery == "sent 2 s later, no delivery receipt yet")
        let none = LeadTimeline.lines([other.sent(20, message: "m3")])
        #expect(none[0].delivery == nil && none[0].eventCount == 1)
    }

    @Test("a receipt for a text this lead never sent keeps its own line; one stamped before its text says when")
    func strayReceipts() {
        var make = EventFactory(lead: "L-5")
        let stray = make.status(30, message: "unknown", .delivered)
        let lines = LeadTimeline.lines([make.created(0), stray, make.sent(100, message: "m1"), make.status(90, message: "m1", .delivered)]) { _ in "15:01" }
        #expect(lines.map(\.description.title) == ["Lead came in", "Message delivered", "AI sent a text"])
        #expect(lines[2].delivery == "delivered at 15:01")
        #expect(lines.map(\.eventCount).reduce(0, +) == 4)
    }
}
