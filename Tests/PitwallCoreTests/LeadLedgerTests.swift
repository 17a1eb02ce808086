import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("Per-lead state")
struct LeadLedgerTests {
    let ingestedAt = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    func fold(_ events: [Event]) -> LeadLedger {
        var ledger = LeadLedger()
        for event in events { ledger.apply(event, ingestedAt: ingestedAt) }
        return ledger
    }

    func story() -> [Event] { EventFactory.wonLead() }

    @Test("a hand-made lead gives the state a manager would write down")
    func handMadeStory() throws {
        let ledger = fold(story())
        let lead = try #require(ledger.leads["lead-1"])
        let base = EventFactory().base
        #expect(lead.profile?.source == "website")
        #expect(lead.createdAt == base)
        #expect(lead.startedAt == base.adding(seconds: -30))
        #expect(lead.outboundCount == 3)
        #expect(lead.inboundCount == 1)
        #expect(lead.firstOutboundAt == base.adding(seconds: 5))
        // The auto-reply is not an answer: the AI's text at +42 s is.
        #expect(lead.firstResponse?.at == base.adding(seconds: 42))
        #expect(lead.firstResponse?.sender == .ai)
        #expect(lead.firstAgentResponseAt == base.adding(seconds: 700))
        #expect(lead.firstInboundAt == base.adding(seconds: 400))
        #expect(lead.agentID == "maria")
        #expect(lead.appointmentsSet == 1)
        #expect(lead.salesCount == 1)
        #expect(lead.revenue == Money(cents: 3_825_050))
        #expect(lead.optedOutAt == nil)
        #expect(ledger.messages[MessageKey("m1", .outbound)]?.status == .delivered)
        #expect(ledger.appointments["apt-1"]?.outcome == .attended)
    }

    @Test("any arrival order, with repeats removed, gives the same ledger")
    func orderIndependence() {
        let events = story()
        let expected = LedgerSnapshot(fold(events))
        var random = SplitMixForTests(seed: 7)
        for _ in 0..<300 {
            var shuffled = events
            for index in shuffled.indices.reversed() {
                shuffled.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            #expect(LedgerSnapshot(fold(shuffled)) == expected)
        }
    }

    @Test("a status that arrives before its send still belongs to it, and the latest status wins")
    func statusBeforeSend() {
        var make = EventFactory()
        let sent = make.sent(10, message: "m1")
        let queued = make.status(10.1, message: "m1", .queued)
        let failed = make.status(12, message: "m1", .failed, errorCode: "30007")
        let ledger = fold([failed, queued, sent])
        let record = ledger.messages[MessageKey("m1", .outbound)]
        #expect(record?.status == .failed)
        #expect(record?.errorCode == "30007")
        #expect(record?.at == make.at(10))
        #expect(ledger.leads["lead-1"]?.outboundCount == 1)
    }

    @Test("in the same millisecond, delivered beats sent whatever the ids")
    func lifecycleTieBreak() {
        var make = EventFactory()
        let delivered = make.make(5, .messageStatus(MessageStatusChange(messageID: "m1", status: .delivered)), id: "a")
        let sent = make.make(5, .messageStatus(MessageStatusChange(messageID: "m1", status: .sent)), id: "z")
        #expect(fold([delivered, sent]).messages[MessageKey("m1", .outbound)]?.status == .delivered)
        #expect(fold([sent, delivered]).messages[MessageKey("m1", .outbound)]?.status == .delivered)
    }

    @Test("a STOP reply opts the lead out once; a later opt-out event does not count twice")
    func stopReply() {
        var make = EventFactory()
        let ledger = fold([
            make.created(0), make.sent(30, message: "m1"), make.received(60, message: "r1", body: " Stop! "),
            make.make(61, .leadOptedOut(OptOut(channel: .sms, keyword: "STOP"))),
        ])
        #expect(ledger.leads["lead-1"]?.optedOutAt == make.at(60))
        #expect(ledger.messages[MessageKey("r1", .inbound)]?.isOptOut == true)
    }

    @Test("the same sale reported twice counts once; the earliest report's amount stands")
    func saleReportedTwice() {
        var make = EventFactory()
        let late = make.sale(200, id: "s1", amount: 41_000)
        let early = make.sale(100, id: "s1", amount: 40_000)
        for order in [[late, early], [early, late]] {
            let lead = fold(order).leads["lead-1"]
            #expect(lead?.salesCount == 1)
            #expect(lead?.revenue == Money(amount: 40_000))
        }
    }

    @Test("a rescheduled appointment counts once and keeps the latest time; a cancellation after it wins")
    func reschedule() {
        var make = EventFactory()
        let first = make.appointmentSet(100, id: "a1", scheduledInSeconds: 10_000)
        let moved = make.appointmentSet(200, id: "a1", scheduledInSeconds: 20_000)
        let cancelled = make.make(300, .appointmentCancelled("a1"))
        let ledger = fold([cancelled, moved, first])
        #expect(ledger.leads["lead-1"]?.appointmentsSet == 1)
        #expect(ledger.appointments["a1"]?.setAt == make.at(100))
        #expect(ledger.appointments["a1"]?.scheduledFor == make.at(20_000))
        #expect(ledger.appointments["a1"]?.outcome == .cancelled)
    }

    @Test("the earliest lead.created defines the lead, whenever it arrives")
    func earliestCreationWins() {
        var make = EventFactory()
        let original = make.created(0, source: "website")
        let resubmitted = make.created(500, source: "cargurus")
        #expect(fold([resubmitted, original]).leads["lead-1"]?.profile?.source == "website")
    }
}

@Suite("Consent in the lead state: opt-outs in words, opting back in")
struct ConsentStateTests {
    let ingestedAt = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    func state(_ events: [Event]) -> LeadState? {
        var ledger = LeadLedger()
        for event in events { ledger.apply(event, ingestedAt: ingestedAt) }
        return ledger.leads["lead-1"]
    }

    @Test("carrier keywords and revocation in words opt out; look-alikes do not", arguments: [
        ("STOP", true), (" Stop! ", true), ("Cancel.", true), ("REVOKE", true), ("please stop texting me", true), ("take me off your list", true), ("STOP STOP", true),
        ("stop by tomorrow at 3", false), ("don't stop, I'm interested", false), ("Can I cancel my appointment?", false), ("ending soon", false),
    ])
    func optOut(body: String, optsOut: Bool) {
        var make = EventFactory()
        let lead = state([make.created(0), make.sent(5, message: "m1"), make.received(60, message: "r1", body: body)])
        #expect((lead?.optedOutAt != nil) == optsOut)
        #expect(lead?.isOptedOut == optsOut)
    }

    @Test("START after an opt-out opts back in, in any arrival order; the opt-out still counts for the rate; a later STOP wins again")
    func optBackIn() {
        var make = EventFactory()
        let created = make.created(0)
        let stop = make.received(60, message: "r1", body: "please stop texting me")
        let start = make.received(3_600, message: "r2", body: "START")
        let again = make.make(7_200, .leadOptedOut(OptOut(channel: .sms, keyword: "STOP")))
        for order in [[created, stop, start], [start, created, stop], [stop, start, created]] {
            let lead = state(order)
            #expect(lead?.isOptedOut == false)
            #expect(lead?.optedOutAt == make.at(60))
            #expect(lead?.lastOptInAt == make.at(3_600))
        }
        #expect(state([again, start, created, stop])?.isOptedOut == true)
        // YES with no opt-out before it changes nothing.
        #expect(state([created, make.received(30, message: "r3", body: "YES")])?.isOptedOut == false)
    }
}

@Suite("JSON text")
struct JSONWriterTests {
    @Test("strings are escaped so any text round-trips")
    func escaping() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{07} emoji 🚗 é"
        var writer = JSONWriter()
        writer.string(tricky)
        #expect(JSONValue(jsonText: writer.text) == .string(tricky))
    }

    @Test("numbers print without noise", arguments: [(35_000.0, "35000"), (12.5, "12.5"), (-0.25, "-0.25"), (0.1, "0.1")])
    func numbers(value: Double, text: String) {
        #expect(JSONWriter.format(value) == text)
    }

    @Test("money prints as dollars and cents", arguments: [(Money(cents: 3_500_000), "35000"), (Money(cents: 3150), "31.5"), (Money(cents: 3105), "31.05"), (Money(cents: -5), "-0.05")])
    func money(value: Money, text: String) {
        #expect(value.description == text)
    }
}
