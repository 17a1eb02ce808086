import Foundation
import Testing

@testable import PitwallCore

@Suite("Routing advice: who takes the next lead")
struct RoutingAdvisorTests {
    static let store = StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!)

    static func weekdays(_ hours: String) -> WeeklyHours {
        let day = try! WeeklyHours.parseDay(hours)
        return WeeklyHours(days: [day, day, day, day, day, [], []])
    }

    static let ana = RosterAgent(agentID: "ana", name: "Ana", storeID: "lkt", shifts: weekdays("08:00-16:00"))
    static let ben = RosterAgent(agentID: "ben", name: "Ben", storeID: "lkt", shifts: weekdays("12:00-20:00"))
    static let cy = RosterAgent(agentID: "cy", name: "Cy", storeID: "lkt", shifts: weekdays("22:00-02:00"), tiers: [.cold])
    static let other = RosterAgent(agentID: "dee", storeID: "elsewhere", shifts: weekdays("00:00-24:00"))

    func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    func advise(
        _ rule: AgentRoster.Rule, at time: String, tier: LeadTier = .hot, activity: [AgentID: AgentActivity] = [:],
        agents: [RosterAgent] = [ana, ben, cy, other], limit: Int = 10
    ) -> RoutingAdvice {
        RoutingAdvisor(roster: AgentRoster(rule: rule, agents: agents), waitingLimit: limit)
            .advise(store: Self.store, tier: tier, activity: activity, now: instant(time))
    }

    // Tuesday 2026-11-24, 13:00 in Chicago (CST, UTC-6): Ana and Ben are on shift.
    let tuesdayOnePM = "2026-11-24T19:00:00Z"

    @Test("least loaded: the agent with fewer waiting leads; a tie goes to whoever waited longest for a lead")
    func leastLoaded() {
        let busyAna = advise(.leastLoaded, at: tuesdayOnePM, activity: ["ana": AgentActivity(waiting: 2), "ben": AgentActivity(waiting: 1)])
        #expect(busyAna.chosen?.agent.agentID == "ben")
        #expect(busyAna.reason == "fewest leads waiting (1) among 2 agents on shift")
        // Only this store's agents are candidates, in roster order.
        #expect(busyAna.candidates.map(\.agent.agentID) == ["ana", "ben", "cy"])
        #expect(busyAna.candidates.map(\.onShift) == [true, true, false])
        #expect(busyAna.chosen?.shiftEndsAt == instant("2026-11-25T02:00:00Z"))  // Ben works until 20:00

        let tie = advise(
            .leastLoaded, at: tuesdayOnePM,
            activity: ["ana": AgentActivity(waiting: 1, lastAssignedAt: instant("2026-11-24T18:00:00Z")),
                       "ben": AgentActivity(waiting: 1, lastAssignedAt: instant("2026-11-24T18:30:00Z"))])
        #expect(tie.chosen?.agent.agentID == "ana")
        let neverAssigned = advise(.leastLoaded, at: tuesdayOnePM, activity: ["ana": AgentActivity(waiting: 0, lastAssignedAt: instant("2026-11-24T18:00:00Z"))])
        #expect(neverAssigned.chosen?.agent.agentID == "ben")
    }

    @Test("round robin: the next agent on shift after the one assigned last, wrapping around")
    func roundRobin() {
        let afterAna = advise(.roundRobin, at: tuesdayOnePM, activity: ["ana": AgentActivity(lastAssignedAt: instant("2026-11-24T18:59:00Z"))])
        #expect(afterAna.chosen?.agent.agentID == "ben")
        #expect(afterAna.reason == "next in rotation among 2 agents on shift")
        // After Ben comes Cy, who is off shift (and takes cold leads only): wrap to Ana.
        let afterBen = advise(
            .roundRobin, at: tuesdayOnePM,
            activity: ["ana": AgentActivity(lastAssignedAt: instant("2026-11-24T18:00:00Z")), "ben": AgentActivity(lastAssignedAt: instant("2026-11-24T18:59:00Z"))])
        #expect(afterBen.chosen?.agent.agentID == "ana")
        // Nobody assigned yet: the first on shift in roster order.
        #expect(advise(.roundRobin, at: tuesdayOnePM).chosen?.agent.agentID == "ana")
    }

    @Test("an agent at the waiting limit is passed over while someone else is free, and not otherwise")
    func waitingLimit() {
        let passed = advise(.roundRobin, at: tuesdayOnePM, activity: ["ben": AgentActivity(waiting: 3)], limit: 3)
        #expect(passed.chosen?.agent.agentID == "ana")
        let anaFull = advise(
            .roundRobin, at: tuesdayOnePM,
            activity: ["ana": AgentActivity(waiting: 3), "cy": AgentActivity(lastAssignedAt: instant("2026-11-24T10:00:00Z"))], limit: 3)
        #expect(anaFull.chosen?.agent.agentID == "ben")
        #expect(anaFull.reason.hasSuffix("; 1 passed over for holding 3 or more waiting leads"))
        let everyoneFull = advise(.leastLoaded, at: tuesdayOnePM, activity: ["ana": AgentActivity(waiting: 4), "ben": AgentActivity(waiting: 3)], limit: 3)
        #expect(everyoneFull.chosen?.agent.agentID == "ben")
        #expect(everyoneFull.reason.hasSuffix("every agent on shift already holds 3 or more waiting leads"))
    }

    @Test("after hours: no agent, and who starts next, in the store's local time")
    func afterHours() {
        // 21:00 Tuesday: Ana and Ben are off; Cy starts at 22:00 but takes cold leads only.
        let hot = advise(.leastLoaded, at: "2026-11-25T03:00:00Z")
        #expect(hot.chosen == nil)
        #expect(hot.nextOnShift?.agent.agentID == "ana")
        #expect(hot.nextOnShift?.nextShiftAt == instant("2026-11-25T14:00:00Z"))
        #expect(hot.reason == "no agent is on shift now; Ana starts next, Wed 2026-11-25 08:00 (America/Chicago)")
        let cold = advise(.leastLoaded, at: "2026-11-25T03:00:00Z", tier: .cold)
        #expect(cold.nextOnShift?.agent.agentID == "cy")
        // 01:00 Wednesday is still Cy's Tuesday night shift, which ends at 02:00.
        let night = advise(.leastLoaded, at: "2026-11-25T07:00:00Z", tier: .cold)
        #expect(night.chosen?.agent.agentID == "cy")
        #expect(night.chosen?.shiftEndsAt == instant("2026-11-25T08:00:00Z"))
        let nightHot = advise(.leastLoaded, at: "2026-11-25T07:00:00Z", tier: .hot)
        #expect(nightHot.chosen == nil)
        #expect(nightHot.reason.hasPrefix("the one agent on shift does not take hot leads; Ana starts next"))
    }

    @Test("a day off takes the agent out of the rotation")
    func dayOff() {
        var ana = Self.ana
        ana.daysOff = [CivilDate(year: 2026, month: 11, day: 24)!]
        let advice = advise(.roundRobin, at: tuesdayOnePM, agents: [ana, Self.ben])
        #expect(advice.chosen?.agent.agentID == "ben")
        #expect(advice.candidates.first?.nextShiftAt == instant("2026-11-25T14:00:00Z"))
    }
}
