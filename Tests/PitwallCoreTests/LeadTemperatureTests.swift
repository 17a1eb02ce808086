import Foundation
import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("Lead temperature: points a manager can check")
struct LeadTemperatureTests {
    /// The temperature of the lead of `events`, folded as every store folds them.
    func temperature(_ events: [Event]) throws -> LeadTemperature {
        let records = try #require(LeadLedger.records(of: events))
        return try #require(LeadTemperature(records.state))
    }

    @Test("a hot lead answered in 90 seconds that replied three times and booked earns every point: 100")
    func everyPoint() throws {
        var make = EventFactory(lead: "T1")
        let hot = try temperature([
            make.created(0, tier: .hot, submittedSecondsEarlier: 30), make.sent(60, message: "m1"),
            make.received(200, message: "r1"), make.received(400, message: "r2"), make.received(600, message: "r3"),
            make.appointmentSet(700, id: "a1", scheduledInSeconds: 86_400),
        ])
        #expect(hot.earned == [.hotTier, .reachable, .vehicleNamed, .answeredFast, .replied, .keptTalking, .appointmentSet])
        #expect(hot.verdict == nil)
        #expect(hot.score == 100)
    }

    @Test("the tier's points: hot 30, warm 20, cold 10, none 15; the factory's lead adds 20 for its e-mail and its car")
    func tiers() throws {
        for (tier, expected) in [(LeadTier.hot, 50), (.warm, 40), (.cold, 30), (nil, 35)] as [(LeadTier?, Int)] {
            var make = EventFactory(lead: "T2")
            #expect(try temperature([make.created(0, tier: tier)]).score == expected, "\(String(describing: tier))")
        }
    }

    @Test("no way to reach the lead and no car named: the tier alone")
    func bareLead() throws {
        let created = Event(
            id: "b1", occurredAt: try Timestamp(rfc3339: "2026-03-02T15:00:00Z"), leadID: "T3",
            payload: .leadCreated(LeadCreated(storeID: "store-a", source: "walk_in", tier: .cold, vehicle: Vehicle(condition: .used))))
        let bare = try temperature([created])
        #expect(bare.earned == [.coldTier])
        #expect(bare.score == 10)
    }

    @Test("answered in exactly 5 minutes earns the fast-answer points; a second later, an auto-reply, or an answer dated before the form do not")
    func fastAnswer() throws {
        func answered(after seconds: Double, autoReply: Bool = false) throws -> Bool {
            var make = EventFactory(lead: "T4")
            return try temperature([make.created(0), make.sent(seconds, message: "m", autoReply: autoReply)]).earned.contains(.answeredFast)
        }
        #expect(try answered(after: 300))
        #expect(try !answered(after: 301))
        #expect(try !answered(after: 10, autoReply: true))
        #expect(try !answered(after: -60), "a clock problem, not a fast answer")
    }

    @Test("a sale makes 100 whatever the points; an opt-out or a complaint makes 0, and a sale outranks both")
    func verdicts() throws {
        var sold = EventFactory(lead: "T5")
        let bought = try temperature([sold.created(0, tier: .cold), sold.sale(86_400, id: "s1", amount: 30_000)])
        #expect(bought.verdict == .bought && bought.score == 100)

        var stop = EventFactory(lead: "T6")
        let optedOut = try temperature([stop.created(0), stop.sent(30, message: "m"), stop.received(60, message: "r", body: "Stop.")])
        #expect(optedOut.verdict == .optedOut && optedOut.score == 0)
        #expect(optedOut.earned.contains(.replied), "the points are still listed, for the lead's page")

        var complaint = EventFactory(lead: "T7")
        let complained = try temperature([complaint.created(0), complaint.sent(30, message: "m"), complaint.make(90, .leadComplained(Complaint(messageID: "m")))])
        #expect(complained.verdict == .complained && complained.score == 0)

        var both = EventFactory(lead: "T8")
        let boughtAfterAll = try temperature([
            both.created(0), both.sent(30, message: "m"), both.received(60, message: "r", body: "STOP"), both.sale(86_400, id: "s2", amount: 25_000),
        ])
        #expect(boughtAfterAll.score == 100)
    }

    @Test("a lead that opted out and then back in is judged by its points again")
    func optedBackIn() throws {
        var make = EventFactory(lead: "T9")
        let back = try temperature([
            make.created(0, tier: .warm), make.sent(30, message: "m1"), make.received(60, message: "r1", body: "STOP"),
            make.received(3_600, message: "r2", body: "START"),
        ])
        #expect(back.verdict == nil)
        // Warm 20, e-mail 10, car 10, answered in 30 s 15, replied 15.
        #expect(back.score == 70)
    }

    @Test("a group's own points weigh each reason; the rollups' basis changes with them, and not for the standard points")
    func weighedOtherwise() throws {
        var make = EventFactory(lead: "T11")
        let events = [make.created(0, tier: .warm), make.sent(600, message: "m"), make.received(900, message: "r")]
        let state = try #require(LeadLedger.records(of: events)).state
        // Warm 20, e-mail 10, car 10, replied 15: 55; weighed otherwise, 25 + 10 + 10 + 20.
        #expect(LeadTemperature(state)?.score == 55)
        let own = LeadTemperature.Weights([.warmTier: 25, .replied: 20, .hotTier: 30])
        let weighed = try #require(LeadTemperature(state, weights: own))
        #expect(weighed.score == 65 && weighed.points(for: .warmTier) == 25)
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "store-a", timeZone: TimeZone(identifier: "UTC")!)])
        let standardBasis = LocalDayResolver(configuration: configuration).basis(of: "store-a")
        #expect(!standardBasis.contains("temperature"))
        configuration.leadTemperature = own
        let ownBasis = LocalDayResolver(configuration: configuration).basis(of: "store-a")
        #expect(ownBasis != standardBasis && LocalDayResolver(configuration: configuration).needsRecount(of: "store-a", recorded: standardBasis))
        #expect(LeadTemperature.Weights([.replied: 15]) == .standard)
    }

    @Test("no lead.created yet: no temperature")
    func beforeCreation() {
        #expect(LeadTemperature(LeadState(leadID: "T10")) == nil)
    }
}
