import Foundation
import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("Speed to lead: one lead against the SLA")
struct SpeedToLeadAssessorTests {
    static func store(_ id: StoreID, _ zone: String, hours: String = "08:00-20:00", holidays: Set<CivilDate> = []) -> StoreProfile {
        StoreProfile(
            id: id, timeZone: TimeZone(identifier: zone)!, hours: WeeklyHours(days: Array(repeating: try! WeeklyHours.parseDay(hours), count: 7)),
            holidays: holidays)
    }

    static let newYork = store("ny", "America/New_York")
    let assessor = SpeedToLeadAssessor()

    func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    /// A hot lead created at `created` and, optionally, answered by the AI at `answered`.
    func lead(_ created: String, answered: String? = nil, store: StoreID = "ny", tier: LeadTier = .hot) -> LeadRecords {
        var make = EventFactory(lead: "L", base: instant(created))
        var ledger = LeadLedger()
        var events = [make.created(0, store: store, tier: tier)]
        if let answered { events.append(make.sent(instant(created).seconds(until: instant(answered)), message: "m1")) }
        for event in events { ledger.apply(event, ingestedAt: instant(created)) }
        return ledger.recordsByLead()["L"]!
    }

    @Test("19:58 with close at 20:00 and open at 08:00: two minutes tonight, three tomorrow")
    func closingTime() throws {
        // 2026-05-12 19:58 EDT is 23:58Z.
        let evening = lead("2026-05-12T23:58:00Z")
        let at2100 = try #require(assessor.assess(evening, store: Self.newYork, now: instant("2026-05-13T01:00:00Z")))
        #expect(at2100.state == .open)
        #expect(at2100.elapsedSeconds == 120)
        #expect(at2100.secondsLeft == 180)
        // Half the SLA (150 s) is reached 30 s after opening; all of it at 08:03.
        #expect(at2100.escalatesAt == instant("2026-05-13T12:00:30Z"))
        #expect(at2100.breachesAt == instant("2026-05-13T12:03:00Z"))

        let answered = lead("2026-05-12T23:58:00Z", answered: "2026-05-13T12:02:00Z")
        let result = try #require(assessor.assess(answered, store: Self.newYork, now: instant("2026-05-13T13:00:00Z")))
        #expect(result.state == .answeredWithinSLA)
        #expect(result.response.businessSeconds == 240)
        #expect(result.response.wallSeconds == 43_440.0)
    }

    @Test("a store with an SLA of its own holds its leads to it: the same wait is in time there and late at a store on the group's")
    func storeSLA() throws {
        var policy = ResponseTimePolicy()
        policy.storeSLASeconds["slow"] = [.hot: 600]
        let assessor = SpeedToLeadAssessor(policy: policy)
        let slow = Self.store("slow", "America/New_York")
        // 10:00 EDT, answered at 10:07.
        let atSlow = try #require(
            assessor.assess(lead("2026-05-12T14:00:00Z", answered: "2026-05-12T14:07:00Z", store: "slow"), store: slow, now: instant("2026-05-12T15:00:00Z")))
        #expect(atSlow.slaSeconds == 600 && atSlow.state == .answeredWithinSLA)
        let atGroup = try #require(
            assessor.assess(lead("2026-05-12T14:00:00Z", answered: "2026-05-12T14:07:00Z"), store: Self.newYork, now: instant("2026-05-12T15:00:00Z")))
        #expect(atGroup.slaSeconds == 300 && atGroup.state == .breached)
        // Waiting, the store's lead escalates at half its own SLA.
        let waiting = try #require(assessor.assess(lead("2026-05-12T14:00:00Z", store: "slow"), store: slow, now: instant("2026-05-12T14:01:00Z")))
        #expect(waiting.escalatesAt == instant("2026-05-12T14:05:00Z") && waiting.breachesAt == instant("2026-05-12T14:10:00Z"))
        // A tier it does not name keeps the group's.
        let warm = try #require(assessor.assess(lead("2026-05-12T14:00:00Z", store: "slow", tier: .warm), store: slow, now: instant("2026-05-12T14:01:00Z")))
        #expect(warm.slaSeconds == 900)
    }

    @Test("a lead on a holiday starts its clock at the next opening")
    func holiday() throws {
        let store = Self.store("ny", "America/New_York", holidays: [CivilDate(year: 2026, month: 12, day: 25)!])
        // 11:00 EST on Christmas Day, answered 08:04 the day after.
        let result = try #require(
            assessor.assess(lead("2026-12-25T16:00:00Z", answered: "2026-12-26T13:04:00Z"), store: store, now: instant("2026-12-27T00:00:00Z")))
        #expect(result.response.businessSeconds == 240)
        #expect(result.state == .answeredWithinSLA)
        #expect(result.breachesAt == instant("2026-12-26T13:05:00Z"))
    }

    @Test("across the DST change in New York the wall clock loses the hour that never was")
    func daylightSaving() throws {
        // Saturday 2026-03-07 19:00 EST (00:00Z), answered Sunday 08:30 EDT (12:30Z).
        let result = try #require(
            assessor.assess(lead("2026-03-08T00:00:00Z", answered: "2026-03-08T12:30:00Z"), store: Self.newYork, now: instant("2026-03-09T00:00:00Z")))
        #expect(result.response.businessSeconds == 5_400.0)
        #expect(result.response.wallSeconds == 45_000.0)
        #expect(result.state == .breached)
        // Still open at 19:00 on Saturday: the five minutes ran out at 19:05 EST.
        #expect(result.breachesAt == instant("2026-03-08T00:05:00Z"))
    }

    @Test("the same instant in two zones: open in New York, not yet in Los Angeles")
    func twoZones() throws {
        let losAngeles = Self.store("la", "America/Los_Angeles")
        // 14:30Z is 09:30 in New York (open) and 06:30 in Los Angeles (closed until 08:00).
        let inNewYork = try #require(assessor.assess(lead("2026-01-15T14:30:00Z", answered: "2026-01-15T14:40:00Z"), store: Self.newYork, now: instant("2026-01-15T20:00:00Z")))
        let inLosAngeles = try #require(
            assessor.assess(lead("2026-01-15T14:30:00Z", answered: "2026-01-15T14:40:00Z", store: "la"), store: losAngeles, now: instant("2026-01-15T20:00:00Z")))
        #expect(inNewYork.response.businessSeconds == 600)
        #expect(inNewYork.state == .breached)
        #expect(inLosAngeles.response.businessSeconds == 0)
        #expect(inLosAngeles.state == .answeredWithinSLA)
        #expect(inNewYork.response.wallSeconds == inLosAngeles.response.wallSeconds)
    }

    @Test("the wall clock counts every second when the policy says so")
    func wallClock() throws {
        var policy = ResponseTimePolicy()
        policy.clock = .wall
        let result = try #require(
            SpeedToLeadAssessor(policy: policy).assess(lead("2026-05-12T23:58:00Z"), store: Self.newYork, now: instant("2026-05-13T00:02:00Z")))
        #expect(result.state == .open)
        #expect(result.secondsLeft == 60)
        #expect(result.escalatesAt == instant("2026-05-13T00:00:30Z"))
    }

    /// A hot lead at 10:00 EDT, its SLA 5 minutes, answered by a person at 10:20.
    func lateLead(_ extra: (inout EventFactory) -> [Event], ingestedAfter: Double = 1) -> LeadRecords {
        var make = EventFactory(lead: "L", base: instant("2026-05-12T14:00:00Z"))
        var ledger = LeadLedger()
        let created = make.created(0, store: "ny", tier: .hot)
        ledger.apply(created, ingestedAt: make.at(ingestedAfter))
        for event in extra(&make) + [make.sent(1200, message: "agent-1", sender: .agent, agent: "maria")] {
            ledger.apply(event, ingestedAt: make.at(1300))
        }
        return ledger.recordsByLead()["L"]!
    }

    @Test("a late answer with nothing wrong in the system is the people's delay")
    func agentDelay() throws {
        let result = try #require(assessor.assess(lateLead { _ in [] }, store: Self.newYork, now: instant("2026-05-12T15:00:00Z")))
        #expect(result.state == .breached)
        #expect(result.cause == .agentDelay)
        #expect(result.technicalReasons.isEmpty)
        #expect(result.humanResponse.wallSeconds == 1200)
    }

    @Test(
        "a late answer the system held up is technical, and says how",
        arguments: [TechnicalReason.deliveryFailed, .outage, .ingestionLag])
    func technical(reason: TechnicalReason) throws {
        var assessor = self.assessor
        var records: LeadRecords
        switch reason {
        case .deliveryFailed:
            // The AI texted at once, but the carrier failed it; only the agent's text got through.
            records = lateLead { make in
                [make.sent(20, message: "ai-1", sender: .ai), make.status(25, message: "ai-1", .failed, errorCode: "30007")]
            }
            records.messages = records.messages.map { message in
                var copy = message
                if copy.key.messageID == "agent-1" { copy.status = .delivered }
                return copy
            }
            // Under an agent-only policy the failed AI text is not the response, but it still shows the system failed.
            var policy = ResponseTimePolicy()
            policy.responders = [.agent]
            assessor.policy = policy
        case .outage:
            records = lateLead { _ in [] }
            assessor.outages = [Outage(component: "ai_assistant", storeID: nil, health: .down, started: instant("2026-05-12T13:50:00Z"), ended: instant("2026-05-12T14:15:00Z"))]
        case .ingestionLag:
            records = lateLead({ _ in [] }, ingestedAfter: 600)
        }
        let result = try #require(assessor.assess(records, store: Self.newYork, now: instant("2026-05-12T15:00:00Z")))
        #expect(result.state == .breached)
        #expect(result.cause == .technical)
        #expect(result.technicalReasons == [reason])
    }

    @Test("an outage at another store or at another time does not excuse the delay")
    func unrelatedOutage() throws {
        var assessor = self.assessor
        assessor.outages = [
            Outage(component: "sms_gateway", storeID: "la", health: .down, started: instant("2026-05-12T13:00:00Z"), ended: nil),
            Outage(component: "ai_assistant", storeID: nil, health: .down, started: instant("2026-05-12T10:00:00Z"), ended: instant("2026-05-12T11:00:00Z")),
        ]
        #expect(assessor.assess(lateLead { _ in [] }, store: Self.newYork, now: instant("2026-05-12T15:00:00Z"))?.cause == .agentDelay)
    }

    @Test("a response dated before the lead is an unknown duration with a reason, never 0")
    func negativeDuration() throws {
        var make = EventFactory(lead: "L", base: instant("2026-05-12T14:00:00Z"))
        var ledger = LeadLedger()
        for event in [make.created(0, store: "ny"), make.sent(-60, message: "early")] { ledger.apply(event, ingestedAt: make.at(0)) }
        let result = try #require(assessor.assess(ledger.recordsByLead()["L"]!, store: Self.newYork, now: instant("2026-05-12T15:00:00Z")))
        #expect(result.state == .unknown)
        #expect(result.response.wallSeconds == nil)
        #expect(result.response.unknownReason == "the response is dated before the lead started")
    }

    @Test("the tier comes from the lead, else from a rule on its source, else the default")
    func tiers() {
        var policy = ResponseTimePolicy()
        policy.tierBySource = ["phone": .hot]
        #expect(policy.tier(of: LeadCreated(storeID: "s", source: "phone")) == .hot)
        #expect(policy.tier(of: LeadCreated(storeID: "s", source: "phone", tier: .cold)) == .cold)
        #expect(policy.tier(of: LeadCreated(storeID: "s", source: "website")) == .warm)
        #expect(policy.sla(for: .cold) == 3600)
    }
}
