import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("Compliance: messages after an opt-out")
struct ConsentTimelineTests {
    /// The lead's records after `events`, folded as every store folds them.
    func records(_ events: [Event]) throws -> LeadRecords {
        try #require(LeadLedger.records(of: events))
    }

    @Test("one confirmation after STOP is allowed; the next message is a violation")
    func confirmationThenViolation() throws {
        var make = EventFactory()
        let records = try records([
            make.created(0), make.sent(30, message: "m1"), make.received(60, message: "in1", body: "STOP"),
            make.sent(65, message: "confirm"), make.sent(3600, message: "promo", sender: .agent, agent: "amy"),
        ])
        let violations = ConsentTimeline(records).violations(in: records)
        #expect(violations.map(\.messageID) == ["promo"])
        #expect(violations.first?.agentID == "amy")
        #expect(violations.first?.optOutRule == "keyword:STOP")
        #expect(violations.first?.secondsAfterOptOut == 3540)
    }

    @Test("a revocation in words counts; a message before it and the confirmation do not")
    func revocationInWords() throws {
        var make = EventFactory()
        let records = try records([
            make.created(0), make.sent(30, message: "m1"), make.received(100, message: "in1", body: "please stop texting me"),
            make.sent(200, message: "confirm"), make.sent(300, message: "again"),
        ])
        let violations = ConsentTimeline(records).violations(in: records)
        #expect(violations.map(\.messageID) == ["again"])
        #expect(violations.first?.optOutRule == "phrase:stop_contacting")
    }

    @Test("a late first message is no confirmation: sent a day after STOP, it is a violation")
    func lateConfirmation() throws {
        var make = EventFactory()
        let records = try records([make.created(0), make.received(10, message: "in1", body: "stop"), make.sent(86_400, message: "late")])
        #expect(ConsentTimeline(records).violations(in: records).map(\.messageID) == ["late"])
    }

    @Test("after START the lead may be texted again; look-alikes never opt out")
    func optBackIn() throws {
        var make = EventFactory()
        let records = try records([
            make.created(0), make.received(10, message: "in1", body: "STOP"), make.sent(20, message: "confirm"),
            make.received(1000, message: "in2", body: "START"), make.sent(1100, message: "welcome-back"),
            make.received(2000, message: "in3", body: "don't stop, I'm interested"), make.sent(2100, message: "follow-up"),
        ])
        #expect(ConsentTimeline(records).violations(in: records).isEmpty)
    }

    @Test("a lead.opted_out event opts out too, named as such")
    func recordedOptOut() throws {
        var make = EventFactory()
        let optOut = make.make(50, .leadOptedOut(OptOut(channel: .sms, keyword: nil)))
        let records = try records([make.created(0), optOut, make.sent(60, message: "confirm"), make.sent(120, message: "oops")])
        let violations = ConsentTimeline(records).violations(in: records)
        #expect(violations.map(\.messageID) == ["oops"])
        #expect(violations.first?.optOutRule == "event:lead.opted_out")
    }
}
