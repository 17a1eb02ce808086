import Foundation
import PitwallCore
import PitwallSimulator
import Testing

@Suite("Agents needed for the leads expected: Erlang C and the week ahead's staffing")
struct StaffingPlanTests {
    @Test("Erlang C by hand: one agent at a load under 1 waits with chance A; 3 agents at 2 erlangs wait 4/9 of the time; 12 leads an hour of 10 minutes need 4 for 80 % in 5 minutes")
    func erlangC() {
        // 3 leads an hour, 10 minutes each: 0.5 erlang.
        let light = ErlangC(leadsPerHour: 3, minutesPerLead: 10)
        #expect(light.load == 0.5)
        #expect(abs(light.chanceOfWaiting(agents: 1) - 0.5) < 1e-12)
        // 1 − 0.5 · e^(−(1 − 0.5) · 300/600)
        #expect(abs(light.shareTaken(within: 300, agents: 1) - (1 - 0.5 * exp(-0.25))) < 1e-12)
        #expect(abs(light.chanceOfWaiting(agents: 2) - 0.1) < 1e-12)
        #expect(light.agentsNeeded(within: 300, share: 0.8) == 2)
        // The textbook's C(3, 2) = (8/6 · 3) / (1 + 2 + 2 + 8/6 · 3) = 4/9; mean wait 4/9 · 600 s / (3 − 2).
        let busy = ErlangC(leadsPerHour: 12, minutesPerLead: 10)
        #expect(abs(busy.chanceOfWaiting(agents: 3) - 4.0 / 9.0) < 1e-12)
        #expect(abs(busy.meanWaitSeconds(agents: 3) - 4.0 / 9.0 * 600) < 1e-9)
        #expect(abs(busy.shareTaken(within: 300, agents: 3) - (1 - 4.0 / 9.0 * exp(-0.5))) < 1e-12)
        #expect(busy.agentsNeeded(within: 300, share: 0.8) == 4)
        // As many agents as the load, or fewer: the queue grows all hour.
        #expect(busy.chanceOfWaiting(agents: 2) == 1 && busy.shareTaken(within: 300, agents: 2) == 0 && busy.meanWaitSeconds(agents: 2) == .infinity)
        #expect(ErlangC(leadsPerHour: 0, minutesPerLead: 10).agentsNeeded(within: 300, share: 0.8) == 0)
        // 60 leads an hour (10 erlangs): 12 agents take 83.5 % within 5 minutes, 11 only 58.6 %.
        let rush = ErlangC(leadsPerHour: 60, minutesPerLead: 10)
        #expect(rush.agentsNeeded(within: 300, share: 0.8) == 12)
        #expect(abs(rush.shareTaken(within: 300, agents: 12) - 0.834_679) < 0.000_001)
        // Many agents at a huge load stay within floating point.
        let flood = ErlangC(leadsPerHour: 6_000, minutesPerLead: 10)
        #expect((1_000...1_100).contains(flood.agentsNeeded(within: 300, share: 0.8)))
    }

    /// Leads arriving at random at `leadsPerHour`, each taking an exponential time of mean
    /// `minutesPerLead`, taken in order by the first of `agents` free: the share taken within
    /// `seconds`, counted lead by lead.
    static func simulatedShare(leadsPerHour: Double, minutesPerLead: Double, agents: Int, within seconds: Double, leads: Int, seed: UInt64) -> Double {
        var random = SeededRandom(seed: seed)
        func exponential(mean: Double) -> Double { -mean * log(1 - Double.random(in: 0..<1, using: &random)) }
        var free = [Double](repeating: 0, count: agents)
        var clock = 0.0
        var inTime = 0
        for _ in 0..<leads {
            clock += exponential(mean: 3_600 / leadsPerHour)
            var next = 0
            for agent in 1..<agents where free[agent] < free[next] { next = agent }
            let start = max(clock, free[next])
            if start - clock <= seconds { inTime += 1 }
            free[next] = start + exponential(mean: minutesPerLead * 60)
        }
        return Double(inTime) / Double(leads)
    }

    @Test("the formula against simulated leads taken in order by the first free agent, at three loads: 20 runs of 50,000 leads each agree within four standard errors")
    func erlangCAgainstSimulation() {
        for (leadsPerHour, agents, seed) in [(12.0, 3, UInt64(1)), (30.0, 7, 2), (60.0, 12, 3)] {
            let formula = ErlangC(leadsPerHour: leadsPerHour, minutesPerLead: 10).shareTaken(within: 300, agents: agents)
            // Leads queue behind each other, so one long run's shares are not independent: the
            // spread of independent runs says how close the simulation itself is.
            let runs = (0..<20).map { run in
                Self.simulatedShare(leadsPerHour: leadsPerHour, minutesPerLead: 10, agents: agents, within: 300, leads: 50_000, seed: seed &* 1_000 &+ UInt64(run))
            }
            let mean = runs.reduce(0, +) / Double(runs.count)
            let standardError = (runs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(runs.count - 1) / Double(runs.count)).squareRoot()
            #expect(standardError < 0.005, "the simulation is too rough to check against: \(standardError)")
            #expect(abs(formula - mean) < 4 * standardError, "\(leadsPerHour) an hour, \(agents) agents: \(formula) by the formula, \(mean) ± \(standardError) simulated")
        }
    }

    /// Open Monday to Saturday 09:00-18:00 in Chicago; Sunday closed.
    static let store = StoreProfile(
        id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "America/Chicago")!,
        hours: WeeklyHours(days: (1...7).map { $0 == 7 ? [] : [OpeningInterval(startMinute: 9 * 60, endMinute: 18 * 60)] }))

    @Test("a day's open hours: the night's leads wait for the first, the roster counted at each half hour, short spans joined")
    func plan() throws {
        var perHour = [Double](repeating: 0, count: 24)
        perHour[7] = 1  // before opening: waits for 09:00
        perHour[9] = 2
        perHour[10] = 12
        perHour[11] = 12
        perHour[12] = 3
        perHour[20] = 5  // after closing: the next morning's
        let morning = try WeeklyHours.parseDay("09:00-13:00"), afternoon = try WeeklyHours.parseDay("12:00-18:00")
        let roster = AgentRoster(agents: [
            RosterAgent(agentID: "amy", storeID: "lkt", shifts: WeeklyHours(days: Array(repeating: morning, count: 7))),
            RosterAgent(agentID: "ben", storeID: "lkt", shifts: WeeklyHours(days: Array(repeating: afternoon, count: 7))),
            RosterAgent(agentID: "cy", storeID: "lkt", shifts: WeeklyHours(days: Array(repeating: morning, count: 7)), daysOff: [CivilDate(year: 2026, month: 12, day: 8)!]),
            RosterAgent(agentID: "dee", storeID: "other", shifts: WeeklyHours(days: Array(repeating: morning, count: 7))),
        ])
        let tuesday = CivilDate(year: 2026, month: 12, day: 8)!
        let night = StoreStaffing.night(after: tuesday.adding(days: -1), store: Self.store, perHour: perHour)
        #expect(night == 5, "Monday's 20:00")
        let plan = StoreStaffing.plan(date: tuesday, store: Self.store, perHour: perHour, nightBefore: night, roster: roster, target: StaffingTarget())
        #expect(plan.hours.map(\.hour) == Array(9..<18))
        // 09:00 meets Monday night's 5, the small hours' 1 and its own 2: 8 leads, 1.33 erlangs, 3 agents.
        #expect(plan.hours.map(\.leads) == [8, 12, 12, 3, 0, 0, 0, 0, 0])
        #expect(plan.hours.map(\.needed) == [3, 4, 4, 2, 0, 0, 0, 0, 0])
        // Cy is off on Tuesday; Amy until 13:00; Ben from 12:00; Dee works elsewhere.
        #expect(plan.hours.map(\.rostered) == [1, 1, 1, 2, 1, 1, 1, 1, 1])
        #expect(plan.shortSpans == [9..<12] && plan.mostNeeded == 4)
        // Wednesday Cy is back: 2 on shift, still short of 3 and 4.
        let wednesday = StoreStaffing.plan(date: tuesday.adding(days: 1), store: Self.store, perHour: perHour, nightBefore: night, roster: roster, target: StaffingTarget())
        #expect(wednesday.hours.prefix(4).map(\.rostered) == [2, 2, 2, 3] && wednesday.shortSpans == [9..<12])
        // Sunday the store is closed: no hours; Sunday's whole day waits for Monday.
        let sunday = CivilDate(year: 2026, month: 12, day: 13)!
        #expect(StoreStaffing.plan(date: sunday, store: Self.store, perHour: perHour, nightBefore: 0, roster: roster, target: StaffingTarget()).hours.isEmpty)
        #expect(StoreStaffing.night(after: sunday, store: Self.store, perHour: perHour) == 35)
        // Without a roster, the agents needed stand alone: nothing is short.
        let unrostered = StoreStaffing.plan(date: tuesday, store: Self.store, perHour: perHour, nightBefore: night, roster: AgentRoster(), target: StaffingTarget())
        #expect(unrostered.hours.allSatisfy { $0.rostered == nil } && unrostered.shortSpans.isEmpty && unrostered.mostNeeded == 4)
        // A looser target needs fewer: half the leads within 15 minutes at 5 minutes a lead.
        let loose = StoreStaffing.plan(
            date: tuesday, store: Self.store, perHour: perHour, nightBefore: night, roster: roster,
            target: StaffingTarget(minutesPerLead: 5, answerWithinSeconds: 900, shareInTime: 0.5))
        #expect(loose.hours.map(\.needed) == [1, 2, 2, 1, 0, 0, 0, 0, 0] && loose.shortSpans == [10..<12])
    }

    @Test("an overnight store and an overnight shift: the hours after midnight belong to the evening before; the last open hour ends the night")
    func overnight() throws {
        let evenings = try WeeklyHours.parseDay("20:00-02:00")
        let store = StoreProfile(id: "nite", timeZone: TimeZone(identifier: "America/Denver")!, hours: WeeklyHours(days: Array(repeating: evenings, count: 7)))
        let roster = AgentRoster(agents: [
            RosterAgent(agentID: "owl", storeID: "nite", shifts: WeeklyHours(days: Array(repeating: try WeeklyHours.parseDay("23:00-01:00"), count: 7)))
        ])
        var perHour = [Double](repeating: 0, count: 24)
        perHour[0] = 3
        perHour[5] = 2  // closed from 02:00: waits for 20:00
        perHour[23] = 3
        let tuesday = CivilDate(year: 2026, month: 12, day: 8)!
        let plan = StoreStaffing.plan(date: tuesday, store: store, perHour: perHour, nightBefore: 4, roster: roster, target: StaffingTarget())
        #expect(plan.hours.map(\.hour) == [0, 1, 20, 21, 22, 23])
        // 00:00 takes the night before's 4 with its own 3; 20:00 the 2 that came at 05:00.
        #expect(plan.hours.map(\.leads) == [7, 0, 2, 0, 0, 3])
        #expect(plan.hours.map(\.rostered) == [1, 0, 0, 0, 0, 1])
        #expect(StoreStaffing.night(after: tuesday, store: store, perHour: perHour) == 0, "open until midnight and beyond")
    }
}
