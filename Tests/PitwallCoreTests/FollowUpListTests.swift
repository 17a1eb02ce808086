import Foundation
import Testing

@testable import PitwallCore
import PitwallTestSupport

@Suite("Follow-ups: the open leads, warmest first")
struct FollowUpListTests {
    /// Each lead of `stories` folded as the stores fold it.
    static func states(_ stories: [String: (inout EventFactory) -> [Event]]) throws -> [LeadState] {
        try stories.map { lead, story in
            var make = EventFactory(lead: LeadID(lead))
            return try #require(LeadLedger.records(of: story(&make))).state
        }
    }

    @Test("answered leads without a sale, an appointment, an opt-out or a complaint, warmest first; then most replies, then heard from last")
    func ranking() throws {
        let states = try Self.states([
            // Hot 30, reachable 10, car 10, answered in a minute 15, replied 15, kept talking 10: 90.
            "talking": { [$0.created(0), $0.sent(60, message: "m"), $0.received(100, message: "r1"), $0.received(200, message: "r2"), $0.received(300, message: "r3")] },
            // Warm 20 + 10 + 10 + 15 + 15: 70, with one reply and with two.
            "one-reply": { [$0.created(0, tier: .warm), $0.sent(60, message: "m"), $0.received(100, message: "r1")] },
            "two-replies": { [$0.created(0, tier: .warm), $0.sent(60, message: "m"), $0.received(100, message: "r1"), $0.received(7_200, message: "r2")] },
            // Warm, answered after ten minutes, one reply, heard from later than one-reply: 55.
            "slow": { [$0.created(0, tier: .warm), $0.sent(600, message: "m"), $0.received(9_000, message: "r1")] },
            "booked": { [$0.created(0), $0.sent(60, message: "m"), $0.appointmentSet(120, id: "a", scheduledInSeconds: 86_400)] },
            "bought": { [$0.created(0), $0.sent(60, message: "m"), $0.sale(86_400, id: "s", amount: 30_000)] },
            "unanswered": { [$0.created(0), $0.sent(5, message: "auto", autoReply: true)] },
            "stopped": { [$0.created(0), $0.sent(60, message: "m"), $0.received(90, message: "r", body: " Stop. ")] },
            "complained": { [$0.created(0), $0.sent(60, message: "m"), $0.make(90, .leadComplained(Complaint()))] },
        ])
        let ranked = FollowUpList.rank(states, weights: .standard)
        #expect(ranked.map(\.state.leadID.rawValue) == ["talking", "two-replies", "one-reply", "slow"])
        #expect(ranked.map(\.temperature.score) == [90, 70, 70, 55])
        #expect(!FollowUpList.isOpen(states.first { $0.leadID == "unanswered" }!), "an auto-reply is not an answer: the lead is the queue's")
    }

    @Test("the group's own weights order the list")
    func weights() throws {
        let states = try Self.states([
            "hot": { [$0.created(0), $0.sent(600, message: "m")] },
            "cold-replied": { [$0.created(0, tier: .cold), $0.sent(600, message: "m"), $0.received(700, message: "r")] },
        ])
        #expect(FollowUpList.rank(states, weights: .standard).map(\.state.leadID.rawValue) == ["hot", "cold-replied"], "50 against 45")
        #expect(FollowUpList.rank(states, weights: LeadTemperature.Weights([.replied: 30])).map(\.state.leadID.rawValue) == ["cold-replied", "hot"], "50 against 60")
    }
}
