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

    @Test("equal leads: heard from last first, then by id; 300 leads in the order a plain sort of the whole entries gives")
    func ties() throws {
        let states = try Self.states([
            // Warm, reachable, car, answered in a minute, one reply: 70 each, one reply each.
            "b-early": { [$0.created(0, tier: .warm), $0.sent(60, message: "m"), $0.received(100, message: "r")] },
            "a-late": { [$0.created(0, tier: .warm), $0.sent(60, message: "m"), $0.received(900, message: "r")] },
            "c-late": { [$0.created(0, tier: .warm), $0.sent(60, message: "m"), $0.received(900, message: "r")] },
        ])
        #expect(FollowUpList.rank(states, weights: .standard).map(\.state.leadID.rawValue) == ["a-late", "c-late", "b-early"])

        // Tiers, answer times, reply counts and last replies cycling at different lengths, so
        // that many leads tie on one key or two and some on all three.
        var stories: [String: (inout EventFactory) -> [Event]] = [:]
        let tiers: [LeadTier] = [.hot, .warm, .cold]
        for number in 0..<300 {
            let tier = tiers[number % 3]
            let answeredAfter = Double(60 + (number % 4) * 300)
            let replies = number % 5
            let lastReply = Double(2_000 + (number % 7) * 100)
            stories[String(format: "lead-%03d", (number * 37) % 300)] = { make in
                [make.created(0, tier: tier), make.sent(answeredAfter, message: "m")]
                    + (0..<replies).map { make.received(lastReply - Double($0), message: "r\($0)") }
            }
        }
        let many = try Self.states(stories)
        let ranked = FollowUpList.rank(many, weights: .standard)
        let plain = many.filter(FollowUpList.isOpen).compactMap { state in LeadTemperature(state, weights: .standard).map { (state, $0) } }
            .sorted { lhs, rhs in
                let left = (lhs.1.score, lhs.0.inboundCount, lhs.0.lastEventAt?.millisecondsSinceEpoch ?? 0)
                let right = (rhs.1.score, rhs.0.inboundCount, rhs.0.lastEventAt?.millisecondsSinceEpoch ?? 0)
                return left != right ? left > right : lhs.0.leadID.rawValue < rhs.0.leadID.rawValue
            }
        #expect(ranked.count == 300)
        #expect(ranked.map(\.state.leadID) == plain.map(\.0.leadID))
        #expect(ranked.map(\.temperature.score) == plain.map(\.1.score))
        #expect(Set(ranked.map(\.temperature.score)).count > 3, "the cases spread over several temperatures")

        // The page lists the warmest 50 and counts the rest; a store's or an agent's list is the filtered one.
        let listed = FollowUpList.ranking(many, weights: .standard, first: 50)
        #expect(listed.open == 300)
        #expect(listed.entries.map(\.state.leadID) == plain.prefix(50).map(\.0.leadID))
        // Ranked in batches, keeping only the warmest between them, as a long window is read.
        for limit in [1, 50, 1_000] {
            var leaders = FollowUpList.Leaders(first: limit, weights: .standard)
            for batch in 0..<4 {
                leaders.add(many.enumerated().filter { $0.offset % 4 == batch }.compactMap { FollowUpCandidate(state: $0.element) })
            }
            #expect(leaders.open == 300)
            #expect(leaders.listed.map(\.candidate.leadID) == plain.prefix(limit).map(\.0.leadID))
            #expect(leaders.listed.map(\.temperature) == plain.prefix(limit).map(\.1))
        }
        let odd = FollowUpList.ranking(many, weights: .standard, first: 7) { $0.leadID.rawValue.last.map { "13579".contains($0) } ?? false }
        #expect(odd.open == 150)
        #expect(odd.entries.map(\.state.leadID) == plain.map(\.0.leadID).filter { "13579".contains($0.rawValue.last!) }.prefix(7).map { $0 })
    }
}
