import Testing

@testable import PitwallCore

@Suite("Team review: each agent against their store's other agents")
struct TeamReviewTests {
    let catalog = KPICatalog.standard

    /// An agent's five compared shares as (counted, of), and their leads.
    func agent(
        leads: Double, response: (Double, Double), appointments: (Double, Double), shows: (Double, Double), sales: (Double, Double),
        optOuts: (Double, Double)
    ) -> [KPIResult] {
        func share(_ key: KPIKey, _ counts: (Double, Double)) -> KPIResult {
            KPIResult(
                key: key, value: counts.1 > 0 ? counts.0 / counts.1 : nil, numerator: counts.0, denominator: counts.1, details: [], status: .none, gap: nil)
        }
        return [
            share(.leadResponseRate, response), share(.appointmentSettingRate, appointments), share(.appointmentShowRate, shows),
            share(.leadToSaleConversion, (sales.0, leads)), share(.optOutRate, optOuts),
        ]
    }

    func north(_ appointments: Double) -> [KPIResult] {
        agent(leads: 200, response: (50, 200), appointments: (appointments, 200), shows: (30, 40), sales: (10, 200), optOuts: (5, 200))
    }

    /// North: Ana sets appointments for 30 % of her leads, Ben 2 %, Cy 11 %, alike otherwise.
    /// South: Dee's leads opt out 20 % of the time, Eve's 2 %, Fay's 3 %; Gus has 25 leads;
    /// the leads nobody was assigned are many and must not count as a colleague. East: Hal
    /// sets 20 %, Ivy 11 %.
    var review: TeamReview {
        func south(_ optOuts: Double) -> [KPIResult] {
            agent(leads: 100, response: (25, 100), appointments: (10, 100), shows: (30, 40), sales: (5, 100), optOuts: (optOuts, 100))
        }
        let results: [StoreID: [String: [KPIResult]]] = [
            "north": ["ana": north(60), "ben": north(4), "cy": north(22)],
            "south": [
                "dee": south(20), "eve": south(2), "fay": south(3),
                "gus": agent(leads: 25, response: (6, 25), appointments: (2, 25), shows: (0, 0), sales: (1, 25), optOuts: (0, 25)),
                "": agent(leads: 5_000, response: (100, 5_000), appointments: (900, 5_000), shows: (10, 400), sales: (1, 5_000), optOuts: (900, 5_000)),
            ],
            "east": ["hal": north(40), "ivy": north(22)],
        ]
        return TeamReview(results: results, stores: ["north", "south", "east"], catalog: catalog)
    }

    func calls(_ review: TeamReview) -> [String: ChangeDirection] {
        Dictionary(uniqueKeysWithValues: review.agents.flatMap { line in line.comparisons.compactMap { c in c.call.map { ("\(line.agent) \(c.key.rawValue)", $0) } } })
    }

    @Test("the others are the store's other agents: their counts summed, the agent's own, the unassigned and those apart themselves left out")
    func restOfTheStore() throws {
        let lines = Dictionary(uniqueKeysWithValues: review.agents.map { ($0.agent, $0) })
        #expect(review.agents.map(\.agent) == ["ana", "ben", "cy", "dee", "eve", "fay", "gus", "hal", "ivy"])
        let dee = try #require(lines["dee"]?.comparison(.optOutRate))
        #expect(dee.restCounted == 5 && dee.restOf == 225 && dee.leftOut.isEmpty)
        // Eve against Fay and Gus: Dee, apart herself, is left out.
        let eve = try #require(lines["eve"]?.comparison(.optOutRate))
        #expect(eve.restCounted == 3 && eve.restOf == 125 && eve.leftOut == ["dee"])
        // Ana and Ben are both apart: each is set against Cy alone.
        let ana = try #require(lines["ana"]?.comparison(.appointmentSettingRate))
        #expect(ana.restCounted == 22 && ana.restOf == 200 && ana.leftOut == ["ben"])
        #expect(lines["cy"]?.comparison(.appointmentSettingRate)?.restOf == 0)
        #expect(lines["cy"]?.comparison(.appointmentSettingRate)?.chance == nil)
        #expect(lines["gus"]?.comparisons.allSatisfy { $0.chance == nil } == true)
        #expect(review.testedAgents == 8)
    }

    @Test("called only past chance over the whole review: Ivy's 11 % against Hal's 20 % clears 5 % alone, not among the review's 39 tests")
    func holmOverEveryTest() throws {
        #expect(calls(review) == ["ana appointment_setting_rate": .better, "ben appointment_setting_rate": .worse, "dee opt_out_rate": .worse])
        let ivy = try #require(review.agents.first { $0.agent == "ivy" }?.comparison(.appointmentSettingRate))
        #expect(try #require(ivy.chance) < 0.05)
        #expect(ivy.call == nil)
        // Eve's 2 % opt-outs against 2.4 %: nothing to call.
        #expect(review.agents.first { $0.agent == "eve" }?.comparison(.optOutRate)?.call == nil)
    }

    @Test("a colleague far ahead does not make an ordinary agent look behind: Ben's 10 % is set against Cy's 11 %, not against Ana's 30 % too")
    func standoutLeftOut() throws {
        let review = TeamReview(results: ["north": ["ana": north(60), "ben": north(20), "cy": north(22)]], stores: ["north"], catalog: catalog)
        #expect(calls(review) == ["ana appointment_setting_rate": .better])
        let ben = try #require(review.agents.first { $0.agent == "ben" }?.comparison(.appointmentSettingRate))
        #expect(ben.restCounted == 22 && ben.restOf == 200 && ben.leftOut == ["ana"])
        // Asked once, against Ana and Cy together (20.5 %), Ben would have been called behind.
        let once = TeamReview(results: ["north": ["ana": north(60), "ben": north(20), "cy": north(22)]], stores: ["north"], catalog: catalog, rounds: 1)
        #expect(calls(once)["ben appointment_setting_rate"] == .worse)
    }

    @Test("the findings name whom to coach and whose way to pass on, with the store when there are several and who the figure was set against")
    func findings() {
        let names = ["ana": "Ana Silva", "ben": "Ben Ode", "dee": "Dee Marsh"]
        let lines = review.findings(
            catalog: catalog, agentName: { names[$0] ?? $0 }, storeName: { $0 == "north" ? "North Ford" : "South Kia" }, showsStore: true)
        #expect(
            lines == [
                "To coach, Dee Marsh (South Kia): opt-out rate 20% (20 of 100) against 2.2% for the store's other agents (5 of 225).",
                "To coach, Ben Ode (North Ford): appointment setting rate 2% (4 of 200) against 11% for the store's other agents but Ana Silva (22 of 200).",
                "To pass on, Ana Silva (North Ford): appointment setting rate 30% (60 of 200) against 11% for the store's other agents but Ben Ode (22 of 200).",
                "1 agent has too few leads to compare (fewer than 30).",
            ])
        // Past the limit, a count and where to see them all.
        let short = review.findings(catalog: catalog, agentName: { names[$0] ?? $0 }, storeName: { $0.rawValue }, showsStore: false, limit: 1)
        #expect(short.prefix(2).map { String($0.prefix(24)) } == ["To coach, Dee Marsh: opt", "1 more agent to coach: s"])
        #expect(short[1] == "1 more agent to coach: see Agents side by side (/team).")
    }

    @Test("an agent apart on two figures gets one line, the clearer first")
    func oneLineAnAgent() {
        let star = agent(leads: 200, response: (50, 200), appointments: (60, 200), shows: (30, 40), sales: (40, 200), optOuts: (5, 200))
        let review = TeamReview(results: ["north": ["ana": star, "ben": north(20), "cy": north(22)]], stores: ["north"], catalog: catalog)
        #expect(
            review.findings(catalog: catalog, agentName: { $0 }, storeName: { $0.rawValue }, showsStore: false) == [
                "To pass on, ana: appointment setting rate 30% (60 of 200) against 10.5% for the store's other agents (42 of 400);"
                    + " lead-to-sale conversion 20% (40 of 200) against 5% for the store's other agents (20 of 400)."
            ])
    }

    @Test("with nobody apart, or nobody with enough leads, it says so instead of naming anyone")
    func nothingToCall() {
        let alike = agent(leads: 200, response: (50, 200), appointments: (20, 200), shows: (30, 40), sales: (10, 200), optOuts: (5, 200))
        let even = TeamReview(results: ["north": ["ana": alike, "ben": alike]], stores: ["north"], catalog: catalog)
        #expect(
            even.findings(catalog: catalog, agentName: { $0 }, storeName: { $0.rawValue }, showsStore: false)
                == ["None of the 2 agents with enough leads stands apart from their store's other agents by more than chance."])
        let few = agent(leads: 12, response: (3, 12), appointments: (2, 12), shows: (1, 2), sales: (1, 12), optOuts: (0, 12))
        let small = TeamReview(results: ["north": ["ana": few, "ben": few]], stores: ["north"], catalog: catalog)
        #expect(
            small.findings(catalog: catalog, agentName: { $0 }, storeName: { $0.rawValue }, showsStore: false)
                == ["No agent has 30 leads to compare yet: too few to tell anyone apart.", "2 agents have too few leads to compare (fewer than 30)."])
        #expect(TeamReview(results: [:], stores: ["north"], catalog: catalog).agents.isEmpty)
    }

    /// The review's stores a month before: Ana set 5 % then (30 % now), Ben 15 % (2 % now), Cy
    /// as now; Dee's leads opted out 2 % of the time (20 % now), Fay's 5 % (3 % now, a change
    /// chance could make); Eve and Hal had no leads; Gus 10.
    var before: [StoreID: [String: [KPIResult]]] {
        [
            "north": ["ana": north(10), "ben": north(30), "cy": north(22)],
            "south": [
                "dee": agent(leads: 100, response: (25, 100), appointments: (10, 100), shows: (30, 40), sales: (5, 100), optOuts: (2, 100)),
                "fay": agent(leads: 100, response: (25, 100), appointments: (10, 100), shows: (30, 40), sales: (5, 100), optOuts: (5, 100)),
                "gus": agent(leads: 10, response: (2, 10), appointments: (1, 10), shows: (0, 0), sales: (0, 10), optOuts: (0, 10)),
            ],
            "east": ["ivy": north(22)],
        ]
    }

    func compared(_ review: TeamReview) -> TeamReview {
        var results: [StoreID: [String: [KPIResult]]] = [:]
        for line in review.agents { results[line.store, default: [:]][line.agent] = line.results }
        return TeamReview(results: results, before: before, stores: ["north", "south", "east"], catalog: catalog)
    }

    @Test("each agent against their own before: a rise in appointments is better, a rise in opt-outs worse, past chance over every change at once")
    func progress() throws {
        let review = compared(review)
        let progress = Dictionary(
            uniqueKeysWithValues: review.agents.flatMap { line in line.comparisons.compactMap { c in c.progress.map { ("\(line.agent) \(c.key.rawValue)", $0) } } })
        #expect(progress == ["ana appointment_setting_rate": .better, "ben appointment_setting_rate": .worse, "dee opt_out_rate": .worse])
        // Set against colleagues, the same calls as without the month before.
        #expect(calls(review) == calls(self.review))
        let lines = Dictionary(uniqueKeysWithValues: review.agents.map { ($0.agent, $0) })
        let ana = try #require(lines["ana"]?.comparison(.appointmentSettingRate))
        #expect(ana.before?.numerator == 10 && ana.before?.denominator == 200)
        // Fay's 5 % to 3 % is a change chance could make; Eve and Hal had no leads, Gus 10.
        let fay = try #require(lines["fay"]?.comparison(.optOutRate))
        #expect(try #require(fay.changeChance) > 0.4 && fay.progress == nil)
        #expect(lines["eve"]?.comparisons.allSatisfy { $0.before == nil && $0.changeChance == nil } == true)
        #expect(lines["gus"]?.comparisons.allSatisfy { $0.before != nil && $0.changeChance == nil } == true)
        #expect(review.agentsTestedForProgress == 6)
        // Not compared, nothing of the kind.
        #expect(self.review.agents.allSatisfy { $0.comparisons.allSatisfy { $0.before == nil && $0.progress == nil } })
    }

    @Test("the progress findings name who got better and who got worse than before, with both windows' counts")
    func progressFindings() {
        let names = ["ana": "Ana Silva", "ben": "Ben Ode", "dee": "Dee Marsh"]
        let lines = compared(review).progressFindings(
            catalog: catalog, agentName: { names[$0] ?? $0 }, storeName: { $0 == "north" ? "North Ford" : "South Kia" }, showsStore: true,
            before: "October 2026")
        #expect(
            lines == [
                "Better than in October 2026, Ana Silva (North Ford): appointment setting rate 30% (60 of 200), from 5% (10 of 200).",
                "Worse than in October 2026, Ben Ode (North Ford): appointment setting rate 2% (4 of 200), from 15% (30 of 200).",
                "Worse than in October 2026, Dee Marsh (South Kia): opt-out rate 20% (20 of 100), from 2% (2 of 100).",
            ])
        // Not compared: nothing to say. Compared with a month alike: says nobody moved.
        #expect(review.progressFindings(catalog: catalog, agentName: { $0 }, storeName: { $0.rawValue }, showsStore: false, before: "October 2026").isEmpty)
        let alike = agent(leads: 200, response: (50, 200), appointments: (20, 200), shows: (30, 40), sales: (10, 200), optOuts: (5, 200))
        let steady = TeamReview(
            results: ["north": ["ana": alike, "ben": alike]], before: ["north": ["ana": alike, "ben": alike]], stores: ["north"], catalog: catalog)
        #expect(
            steady.progressFindings(catalog: catalog, agentName: { $0 }, storeName: { $0.rawValue }, showsStore: false, before: "October 2026")
                == ["None of the 2 agents with enough leads in both moved from October 2026 by more than chance."])
        let few = agent(leads: 12, response: (3, 12), appointments: (2, 12), shows: (1, 2), sales: (1, 12), optOuts: (0, 12))
        let small = TeamReview(results: ["north": ["ana": alike]], before: ["north": ["ana": few]], stores: ["north"], catalog: catalog)
        #expect(
            small.progressFindings(catalog: catalog, agentName: { $0 }, storeName: { $0.rawValue }, showsStore: false, before: "October 2026")
                == ["No agent has 30 leads in both October 2026 and this window: too few to tell whether anyone moved."])
    }

    @Test("a window whose sales are still coming in is judged where it is heading, as the scorecard judges it, or not at all while too little is in")
    func youngWindow() throws {
        // Conversion of 400 leads: a month before, 40 sales (10 %), settled.
        func sales(_ count: Double, shareIn: Double?) -> [KPIResult] {
            var result = KPIResult(key: .leadToSaleConversion, value: count / 400, numerator: count, denominator: 400, details: [], status: .none, gap: nil)
            result.maturity = shareIn.map {
                CohortMaturity(outcome: .sale, shareIn: $0, typicalDelay: 20 * 86_400, measuredOn: 900, settlesOn: CivilDate(year: 2026, month: 3, day: 30)!)
            }
            return [result]
        }
        func progress(_ now: [KPIResult]) throws -> TeamReview.Comparison {
            let review = TeamReview(results: ["north": ["ana": now]], before: ["north": ["ana": sales(40, shareIn: nil)]], stores: ["north"], catalog: catalog)
            return try #require(review.agents.first?.comparison(.leadToSaleConversion))
        }
        // 20 sales as they stand read clearly worse than 40; with half the window's sales in, 20 is heading for 40.
        #expect(try progress(sales(20, shareIn: nil)).progress == .worse)
        let half = try progress(sales(20, shareIn: 0.5))
        #expect(half.progress == nil && half.changeChance == 1)
        // 40 as they stand equal the 40 before; with half in, they head for twice as many (on what 200 leads tell).
        let heading = try progress(sales(40, shareIn: 0.5))
        #expect(heading.progress == .better && (heading.changeChance ?? 1) < 0.001)
        // A fifth in: too early to say where it is heading, so no test at all.
        let early = try progress(sales(20, shareIn: 0.2))
        #expect(early.changeChance == nil && early.progress == nil)
        // The findings say where it is heading.
        let review = TeamReview(
            results: ["north": ["ana": sales(40, shareIn: 0.5)]], before: ["north": ["ana": sales(40, shareIn: nil)]], stores: ["north"], catalog: catalog)
        #expect(
            review.progressFindings(catalog: catalog, agentName: { $0 }, storeName: { $0.rawValue }, showsStore: false, before: "February 2026")
                == ["Better than in February 2026, ana: lead-to-sale conversion heading for 20% (40 of 400 so far), from 10% (40 of 400)."])
    }

    @Test("a trend's weeks end on the window's last day, counted back seven days at a time, the oldest cut short at its first")
    func trendWeeks() throws {
        let first = try #require(CivilDate(year: 2026, month: 2, day: 20)), last = try #require(CivilDate(year: 2026, month: 3, day: 7))
        #expect(
            TeamTrend.weeks(of: first...last).map { "\($0.lowerBound)..\($0.upperBound)" }
                == ["2026-02-20..2026-02-21", "2026-02-22..2026-02-28", "2026-03-01..2026-03-07"])
        #expect(TeamTrend.weeks(of: last...last).count == 1)
    }
}
