import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The team review on a simulated group whose agents the simulator made apart on purpose
/// (`SimulatedAgent.knack` for appointments, `medianMinutesToRespond` for speed): it finds
/// them, and nobody else.
@Suite("Team review on simulated data, checked a second way")
struct SimulatedTeamTests {
    static let settings = SimulationSettings(days: 70, seed: 7, storeCount: 3, leadsPerDay: 30)

    @Test("each agent's appointment and pick-up counts equal a plain scan of the events, and the agents called apart are the ones the simulator made so")
    func findsTheAgentsMadeApart() async throws {
        let simulator = DealershipSimulator(settings: Self.settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let (store, cleanUp) = try await StoreBackend.sqlite.make(configuration: simulator.configuration)
        defer { cleanUp() }
        try await SimulatedKPITests.deliverScrambled(events, to: store, seed: 41, batchSizes: 500...4_000)

        // Every local day of the simulation, a day either side.
        let first = CivilDate(daysSinceEpoch: Self.settings.start.millisecondsSinceEpoch / Timestamp.millisecondsPerDay - 1)
        let days = first...first.adding(days: Self.settings.days + 2)
        let rows = try await store.rollupRows(dimension: .agent, days: days.daysSinceEpoch, store: nil)
        let series = KPISeries(catalog: simulator.configuration.kpiCatalog)
        var results: [StoreID: [String: [KPIResult]]] = [:]
        for storeID in simulator.stores.map(\.profile.id) {
            results[storeID] = series.resultsByGroup(rows.filter { $0.cell.store == storeID }, days: days.daysSinceEpoch) { $0.value }
        }
        let review = TeamReview(results: results, stores: simulator.stores.map(\.profile.id), catalog: simulator.configuration.kpiCatalog)

        // The plain scan: each created lead's agent, whether it was texted, its appointments;
        // the pick-ups by `PlainPickupScan`.
        var created = Set<LeadID>(), texted = Set<LeadID>()
        var agentOf: [LeadID: AgentID] = [:]
        var appointments: [LeadID: Set<AppointmentID>] = [:]
        for event in events {
            switch event.payload {
            case .leadCreated: created.insert(event.leadID)
            case .leadAssigned(let agent, _): agentOf[event.leadID] = agent
            case .messageSent: texted.insert(event.leadID)
            case .appointmentSet(let set): appointments[event.leadID, default: []].insert(set.appointmentID)
            default: break
            }
        }
        let pickups = PlainPickupScan(events, configuration: simulator.configuration)
        let (handedOff, pickedUp, closedFirst) = pickups.counts()
        let medians = pickups.medianPickups()
        #expect(closedFirst.values.reduce(0, +) >= 5, "the simulation has customers who opt out or buy before the pick-up is due")
        var contacted: [String: Int] = [:], set: [String: Int] = [:]
        for lead in created.intersection(texted) {
            guard let agent = agentOf[lead] else { continue }
            contacted[agent.rawValue, default: 0] += 1
            set[agent.rawValue, default: 0] += appointments[lead]?.count ?? 0
        }
        #expect(review.agents.count == contacted.count && review.agents.count > 12)
        for line in review.agents {
            let comparison = try #require(line.comparison(.appointmentSettingRate))
            #expect(comparison.result.denominator == Double(contacted[line.agent] ?? -1), "\(line.agent) contacted")
            #expect(comparison.result.numerator == Double(set[line.agent] ?? -1), "\(line.agent) appointments")
            let pickup = try #require(line.comparison(.agentPickupWithinSLA))
            #expect(pickup.result.denominator == handedOff[line.agent] ?? -1, "\(line.agent) handed off")
            #expect(line.results[.agentPickupWithinSLA]?.detail("picked_up") == pickedUp[line.agent] ?? -1, "\(line.agent) picked up")
            #expect(line.results[.agentPickupWithinSLA]?.detail("closed_first") == closedFirst[line.agent] ?? 0, "\(line.agent) settled first")
            // The sketch keeps each time within 1 % of itself.
            let median = try #require(line.results[.agentPickupWithinSLA]?.detail("median_seconds"), "\(line.agent) median")
            let plain = try #require(medians[line.agent])
            #expect(abs(median - plain) <= 0.01 * plain + 1e-9, "\(line.agent) median pick-up \(median) s, by the plain scan \(plain) s")
        }

        // The simulator's standouts and strugglers, against what the review calls.
        let knacks = Dictionary(uniqueKeysWithValues: simulator.stores.flatMap(\.agents).map { ($0.id.rawValue, $0.knack) })
        func called(_ direction: ChangeDirection, speed: Bool) -> Set<String> {
            Set(review.calls(direction).filter { ($0.comparison.key == .agentPickupWithinSLA) == speed }.map(\.line.agent))
        }
        let better = called(.better, speed: false), worse = called(.worse, speed: false)
        let stars = Set(knacks.filter { $0.value > 1 }.keys), strugglers = Set(knacks.filter { $0.value < 1 }.keys)
        #expect(!stars.isEmpty && !strugglers.isEmpty, "the seed gives the group both")
        #expect(better.isSubset(of: stars), "called better: \(better.sorted()), made better: \(stars.sorted())")
        #expect(worse.isSubset(of: strugglers), "called worse: \(worse.sorted()), made worse: \(strugglers.sorted())")
        #expect(better.count * 2 >= stars.count && worse.count * 2 >= strugglers.count, "most found: \(better.sorted()) \(worse.sorted())")

        // Speed: an agent called quicker or slower to pick up is one whose usual answer time the
        // simulator set below or above the average of their store's other agents.
        var slower = Set<String>(), quicker = Set<String>()
        for store in simulator.stores {
            for agent in store.agents {
                let others = store.agents.filter { $0.id != agent.id }.map(\.medianMinutesToRespond)
                let average = others.reduce(0, +) / Double(others.count)
                if agent.medianMinutesToRespond > average { slower.insert(agent.id.rawValue) } else { quicker.insert(agent.id.rawValue) }
            }
        }
        let calledSlower = called(.worse, speed: true), calledQuicker = called(.better, speed: true)
        #expect(!calledSlower.union(calledQuicker).isEmpty, "the simulator's agents answer at 2.5 to 9 minutes")
        #expect(calledSlower.isSubset(of: slower), "called slower: \(calledSlower.sorted()), made slower: \(slower.sorted())")
        #expect(calledQuicker.isSubset(of: quicker), "called quicker: \(calledQuicker.sorted()), made quicker: \(quicker.sorted())")
    }

    @Test("each way of telling agents has the hand-offs and pick-ups within the SLA of a plain scan; push is called quicker than e-mail where the simulator tried both, and nothing else is called")
    func findsTheQuickerNotification() async throws {
        let simulator = DealershipSimulator(settings: Self.settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let (store, cleanUp) = try await StoreBackend.sqlite.make(configuration: simulator.configuration)
        defer { cleanUp() }
        try await SimulatedKPITests.deliverScrambled(events, to: store, seed: 47, batchSizes: 500...4_000)

        let first = CivilDate(daysSinceEpoch: Self.settings.start.millisecondsSinceEpoch / Timestamp.millisecondsPerDay - 1)
        let days = first...first.adding(days: Self.settings.days + 2)
        let rows = try await store.rollupRows(dimension: .notifiedVia, days: days.daysSinceEpoch, store: nil)
        let series = KPISeries(catalog: simulator.configuration.kpiCatalog)
        var pickups: [StoreID: [String: KPIResult]] = [:]
        for storeID in simulator.stores.map(\.profile.id) {
            pickups[storeID] = series.resultsByGroup(rows.filter { $0.cell.store == storeID }, days: days.daysSinceEpoch, keys: [.agentPickupWithinSLA]) {
                $0.value
            }.compactMapValues { $0[.agentPickupWithinSLA] }
        }
        let review = NotificationMethodReview(results: pickups, stores: simulator.stores.map(\.profile.id))

        // The plain scan, each hand-off under its store and way.
        let scan = PlainPickupScan(events, configuration: simulator.configuration)
        let storeOf = Dictionary(uniqueKeysWithValues: simulator.stores.flatMap { store in store.agents.map { ($0.id.rawValue, store.profile.id.rawValue) } })
        let (due, _, _) = scan.counts(by: { "\(storeOf[$0.agent]!)/\($0.method)" })
        var within: [String: Double] = [:]
        for handOff in scan.handOffs where handOff.withinSLA { within["\(storeOf[handOff.agent]!)/\(handOff.method)", default: 0] += 1 }
        #expect(Set(review.methods.map { "\($0.store.rawValue)/\($0.method)" }) == Set(due.keys), "every store and way the events name, and no other")
        for line in review.methods {
            let key = "\(line.store.rawValue)/\(line.method)"
            #expect(line.handOffs == due[key], "\(key) hand-offs")
            #expect(line.pickup.numerator == within[key] ?? 0, "\(key) picked up within the SLA")
        }

        // The simulator: Toyota and Ford try push against e-mail (push answered in half
        // e-mail's time); Honda tells everyone on Slack.
        let trial = simulator.stores.filter { ["Toyota", "Ford"].contains($0.brand) }.map(\.profile.id)
        #expect(trial.count == 2 && review.storesComparing.sorted() == trial.sorted())
        let called = review.clearPairs.map { "\($0.store.rawValue): \(review.methods[$0.quicker!].method)" }
        #expect(called.sorted() == trial.map { "\($0.rawValue): push" }.sorted(), "\(called)")
        let findings = review.findings(storeName: { $0.rawValue }, showsStore: true)
        #expect(findings.count == 2 && findings.allSatisfy { $0.contains("push is clearly quicker") }, "\(findings)")
    }

    @Test("an agent coached halfway reads better than before on pick-up, and nobody else moved; each window's counts equal a plain scan")
    func findsTheCoachedAgent() async throws {
        var settings = Self.settings
        settings.coachedStoreAtEnd = 0
        settings.coachedDaysBeforeEnd = 35
        // 122-129 hand-offs a window for the coached agent (44 at 30 leads a day): once the
        // leads whose customer opted out or bought before the pick-up was due are left out,
        // 44 is too few to tell the coaching from chance across the 16 agents tested.
        settings.leadsPerDay = 45
        let simulator = DealershipSimulator(settings: settings)
        let coached = try #require(simulator.coached)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let (store, cleanUp) = try await StoreBackend.sqlite.make(configuration: simulator.configuration)
        defer { cleanUp() }
        try await SimulatedKPITests.deliverScrambled(events, to: store, seed: 43, batchSizes: 500...4_000)

        // The 30 whole days after the coaching day, against the 30 before it, in the coached
        // store's days (each store's leads are counted on its own local days).
        let calendar = try #require(simulator.stores.first).calendar
        let day = calendar.localDate(of: coached.at)
        let after = day.adding(days: 1)...day.adding(days: 30), before = day.adding(days: -30)...day.adding(days: -1)
        let rows = try await store.rollupRows(dimension: .agent, days: before.lowerBound.daysSinceEpoch...after.upperBound.daysSinceEpoch, store: nil)
        let series = KPISeries(catalog: simulator.configuration.kpiCatalog)
        func results(_ days: ClosedRange<CivilDate>) -> [StoreID: [String: [KPIResult]]] {
            var results: [StoreID: [String: [KPIResult]]] = [:]
            for storeID in simulator.stores.map(\.profile.id) {
                results[storeID] = series.resultsByGroup(rows.filter { $0.cell.store == storeID }, days: days.daysSinceEpoch) { $0.value }
            }
            return results
        }
        let review = TeamReview(
            results: results(after), before: results(before), stores: simulator.stores.map(\.profile.id), catalog: simulator.configuration.kpiCatalog)

        // The plain scan, each window's hand-offs on the coached store's local days.
        let scan = PlainPickupScan(events, configuration: simulator.configuration)
        let (nowHanded, nowPicked, _) = scan.counts(on: after), (thenHanded, thenPicked, _) = scan.counts(on: before)
        for line in review.agents {
            let pickup = try #require(line.comparison(.agentPickupWithinSLA))
            #expect(pickup.result.denominator == nowHanded[line.agent] && pickup.before?.denominator == thenHanded[line.agent], "\(line.agent) handed off")
            #expect(line.results[.agentPickupWithinSLA]?.detail("picked_up") == nowPicked[line.agent], "\(line.agent) picked up")
            #expect(pickup.before?.detail("picked_up") == thenPicked[line.agent], "\(line.agent) picked up before")
        }

        // The simulator's truth: four times slower before, their own time since.
        let line = try #require(review.agents.first { $0.agent == coached.agent.rawValue })
        let pickup = try #require(line.comparison(.agentPickupWithinSLA))
        #expect(pickup.progress == .better, "\(pickup.result.value ?? -1) from \(pickup.before?.value ?? -1)")
        let (meanNow, meanThen) = (try #require(pickup.result.detail("mean_seconds")), try #require(pickup.before?.detail("mean_seconds")))
        #expect(meanThen > 2 * meanNow, "average pick-up \(meanNow) s now, \(meanThen) s before")
        let (medianNow, medianThen) = (try #require(pickup.result.detail("median_seconds")), try #require(pickup.before?.detail("median_seconds")))
        #expect(medianThen > 2 * medianNow, "median pick-up \(medianNow) s now, \(medianThen) s before")
        let moved = review.progress(.better) + review.progress(.worse)
        #expect(moved.filter { $0.comparison.key == .agentPickupWithinSLA }.map(\.line.agent) == [coached.agent.rawValue])
        #expect(review.agentsTestedForProgress > 12)

        // Week by week, every week of theirs before the coaching reads below every week after.
        let weeks = TeamTrend.weekly(rows, days: before.lowerBound...after.upperBound, key: .agentPickupWithinSLA, catalog: simulator.configuration.kpiCatalog)
        let trend = try #require(weeks[line.store]?[line.agent])
        let (slow, quick) = (trend.prefix(4).compactMap { $0 }, trend.suffix(4).compactMap { $0 })
        #expect(slow.count == 4 && quick.count == 4 && slow.max()! < quick.min()!, "\(trend)")

        // The coaching log, the coaching recorded on its day and two colleagues' beside it as
        // controls, judged 30 days on: the windows are the same 30 days each side, the counts
        // the scan's, and only the coached agent's took.
        let colleagues = review.agents.filter {
            $0.store == line.store && $0.agent != line.agent && (thenHanded[$0.agent] ?? 0) >= 30 && (nowHanded[$0.agent] ?? 0) >= 30
        }.prefix(2).map(\.agent)
        #expect(colleagues.count == 2)
        let sessions = ([line.agent] + colleagues).enumerated().map { index, agent in
            CoachingSession(id: "c\(index)", store: line.store, agent: agent, day: day, focus: .agentPickupWithinSLA, note: nil, recordedBy: "test", recordedAt: coached.at)
        }
        let log = CoachingReview(sessions: sessions, through: after.upperBound, catalog: simulator.configuration.kpiCatalog) { session, window in
            series.resultsByGroup(rows.filter { $0.cell.store == session.store && $0.cell.value == session.agent }, days: window.daysSinceEpoch, keys: [session.focus]) {
                $0.value
            }[session.agent]?[session.focus]
        }
        #expect(log.outcomes.count == 3)
        for outcome in log.outcomes {
            let agent = outcome.session.agent
            #expect(outcome.before == before && outcome.since == after)
            #expect(outcome.figureSince?.denominator == nowHanded[agent] && outcome.figureSince?.detail("picked_up") == nowPicked[agent], "\(agent) since")
            #expect(outcome.figureBefore?.denominator == thenHanded[agent] && outcome.figureBefore?.detail("picked_up") == thenPicked[agent], "\(agent) before")
            #expect(outcome.verdict == (agent == line.agent ? .took : .noClearChange), "\(agent): \(outcome.words(catalog: simulator.configuration.kpiCatalog))")
        }
    }
}
