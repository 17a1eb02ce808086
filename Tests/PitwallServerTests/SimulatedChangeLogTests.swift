import Foundation
import PitwallCore
import PitwallSimulator
import PitwallTestSupport
import Testing

@testable import PitwallServer

/// The change log on a simulated group, its counts checked against a plain scan of the events.
@Suite("Change log on simulated data, checked a second way")
struct SimulatedChangeLogTests {
    @Test("each change's counts before and since, of its leads and of the rest, equal a plain scan of the events")
    func countsMatchAPlainScan() async throws {
        let simulator = DealershipSimulator(settings: SimulationSettings(days: 50, seed: 11, storeCount: 3, leadsPerDay: 30))
        var events: [Event] = []
        simulator.run { events.append($0) }
        let app = try await TestApp.make(configuration: simulator.configuration)
        _ = try await app.store.ingest(events, at: simulator.settings.end)
        let stores = simulator.stores.map(\.profile.id)
        let start = simulator.configuration.store(stores[0]).calendar.localDate(of: simulator.settings.start)
        let through = simulator.configuration.store(stores[0]).calendar.localDate(of: simulator.settings.end).adding(days: -1)
        let recorded = simulator.settings.end
        let changes = [
            ProcessChange(
                id: "website-at-first", day: start.adding(days: 20), store: stores[0], segment: .init(dimension: .source, value: "website"),
                figure: .leadResponseRate, title: "Website leads get a shorter first text", note: nil, recordedBy: "test", recordedAt: recorded),
            ProcessChange(
                id: "everywhere", day: start.adding(days: 25), store: nil, segment: nil, figure: .leadResponseRate, title: "New AI model",
                note: nil, recordedBy: "test", recordedAt: recorded),
            ProcessChange(
                id: "cargurus", day: start.adding(days: 30), store: nil, segment: .init(dimension: .source, value: "cargurus"),
                figure: .appointmentSettingRate, title: "CarGurus leads offered a test drive", note: nil, recordedBy: "test", recordedAt: recorded),
        ]
        for change in changes { try await app.store.recordChange(change) }
        let reading = try await ChangeLogReading(
            start...through, store: nil, log: app.store, rollups: app.store, configuration: simulator.configuration, maturity: nil)

        // The plain scan: each lead's store, source and local day, whether it was texted and
        // answered, and its appointments.
        var createdOn: [LeadID: (store: StoreID, source: String, day: CivilDate)] = [:]
        var texted = Set<LeadID>(), answered = Set<LeadID>()
        var appointments: [LeadID: Set<AppointmentID>] = [:]
        for event in events {
            switch event.payload {
            case .leadCreated(let lead):
                createdOn[event.leadID] = (lead.storeID, lead.source, simulator.configuration.store(lead.storeID).calendar.localDate(of: event.occurredAt))
            case .messageSent: texted.insert(event.leadID)
            case .messageReceived: answered.insert(event.leadID)
            case .appointmentSet(let set): appointments[event.leadID, default: []].insert(set.appointmentID)
            default: break
            }
        }
        func scan(_ change: ProcessChange, _ part: ChangeReview.Part, _ days: ClosedRange<CivilDate>) -> (counted: Double, of: Double) {
            var (counted, of) = (0.0, 0.0)
            for (lead, created) in createdOn where days.contains(created.day) && texted.contains(lead) {
                let cell = RollupCell(dimension: change.segment?.dimension ?? .all, value: change.segment == nil ? "" : created.source, store: created.store, day: 0)
                guard change.part(of: cell) == part else { continue }
                of += 1
                counted += change.figure == .leadResponseRate ? (answered.contains(lead) ? 1 : 0) : Double(appointments[lead]?.count ?? 0)
            }
            return (counted, of)
        }

        #expect(reading.review.outcomes.map(\.change.id) == ["cargurus", "everywhere", "website-at-first"])
        for outcome in reading.review.outcomes {
            let change = outcome.change
            let (before, since) = (try #require(outcome.before), try #require(outcome.since))
            #expect(outcome.days == 30 || outcome.days == Int(through.daysSinceEpoch - change.day.daysSinceEpoch), "\(change.id)")
            for (figure, days, name) in [(outcome.figureBefore, before, "before"), (outcome.figureSince, since, "since")] {
                let counts = scan(change, .changed, days)
                #expect(counts.of > 50, "\(change.id) \(name): a window of the simulation counts leads")
                #expect(figure?.numerator == counts.counted && figure?.denominator == counts.of, "\(change.id) \(name): \(String(describing: figure)) against \(counts)")
            }
            guard change.restWords != nil else {
                #expect(outcome.restBefore == nil && outcome.restSince == nil)
                continue
            }
            for (figure, days, name) in [(outcome.restBefore, before, "rest before"), (outcome.restSince, since, "rest since")] {
                let counts = scan(change, .rest, days)
                #expect(counts.of > 50 && figure?.numerator == counts.counted && figure?.denominator == counts.of, "\(change.id) \(name): \(String(describing: figure)) against \(counts)")
            }
        }
        // The simulator changed nothing on those days: no change is called, and none credited.
        #expect(reading.review.count(.better) + reading.review.count(.worse) == 0, "\(reading.findings)")
    }
    @Test("the change the simulator did make (an agent coached to pick up four times faster) is called better, net of the other agents")
    func findsTheSimulatedChange() async throws {
        var settings = SimulationSettings(days: 70, seed: 7, storeCount: 3, leadsPerDay: 30)
        settings.coachedStoreAtEnd = 0
        settings.coachedDaysBeforeEnd = 35
        let simulator = DealershipSimulator(settings: settings)
        let coached = try #require(simulator.coached)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let app = try await TestApp.make(configuration: simulator.configuration)
        _ = try await app.store.ingest(events, at: simulator.settings.end)
        let calendar = try #require(simulator.stores.first).calendar
        let day = calendar.localDate(of: coached.at)
        let change = ProcessChange(
            id: "coached", day: day, store: nil, segment: .init(dimension: .agent, value: coached.agent.rawValue), figure: .agentPickupWithinSLA,
            title: "Coached on picking up handed-off leads", note: nil, recordedBy: "test", recordedAt: simulator.settings.end)
        try await app.store.recordChange(change)
        let reading = try await ChangeLogReading(
            day...day.adding(days: 30), store: nil, log: app.store, rollups: app.store, configuration: simulator.configuration, maturity: nil)
        let outcome = try #require(reading.review.outcomes.first)
        #expect(outcome.days == 30 && outcome.verdict == .better && outcome.judgedNetOfRest, "\(reading.findings)")
        #expect((outcome.netChange ?? 0) > 0.1, "\(reading.findings)")
        #expect(change.restWords == "the other agents")
    }
}
