import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The SOP default rule that warns when an agent holds more leads no person has answered
/// than they can answer within the SLA (curriculum module 5).
@Suite("An agent holding too many leads, over stored leads")
struct AgentOverloadedAlertTests {
    static let now = try! Timestamp(rfc3339: "2026-03-31T18:00:00Z")

    /// A lead created `hoursAgo` hours before now, texted by the AI, handed to `agent` a minute
    /// later; answered by the agent when `answered`.
    static func handedLead(_ id: String, to agent: AgentID, hoursAgo: Double, answered: Bool = false, optedOut: Bool = false) -> [Event] {
        var make = EventFactory(lead: LeadID(id), base: now.adding(seconds: -hoursAgo * 3600))
        var events = [make.created(0, store: "lkt"), make.sent(20, message: "\(id)-ai"), make.make(60, .leadAssigned(agent: agent))]
        if answered { events.append(make.sent(300, message: "\(id)-agent", sender: .agent, agent: agent)) }
        if optedOut { events.append(make.received(200, message: "\(id)-stop", body: "STOP")) }
        return events
    }

    @Test(
        "Ana holds 12 unanswered leads of the last week: a warning after five minutes, naming her and the oldest; Ben on the roster with none is ok; answering three resolves it after ten quiet minutes",
        arguments: StoreBackend.allCases)
    func overloaded(backend: StoreBackend) async throws {
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", name: "Lakeside Toyota", timeZone: TimeZone(identifier: "America/Chicago")!)])
        configuration.roster = AgentRoster(agents: [
            RosterAgent(agentID: "ana", name: "Ana Silva", storeID: "lkt", shifts: .alwaysOpen),
            RosterAgent(agentID: "ben", name: "Ben Adams", storeID: "lkt", shifts: .alwaysOpen),
        ])
        let (store, cleanUp) = try await backend.make(configuration: configuration)
        defer { cleanUp() }
        var events: [Event] = []
        for index in 0..<12 { events += Self.handedLead("wait-\(index)", to: "ana", hoursAgo: Double(index) + 1) }
        // Not waiting on her: one she answered, one that opted out, one of eight days ago.
        events += Self.handedLead("done", to: "ana", hoursAgo: 2, answered: true)
        events += Self.handedLead("stopped", to: "ana", hoursAgo: 3, optedOut: true)
        events += Self.handedLead("old", to: "ana", hoursAgo: 8 * 24)
        // Cy, off the roster, answered the one lead handed to him.
        events += Self.handedLead("cy-1", to: "cy", hoursAgo: 5, answered: true)
        _ = try await store.ingest(events, at: Self.now)

        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "agent_overloaded" })
        let monitor = AlertMonitor(rollups: store, events: store, configuration: configuration, rules: [rule], leads: store)
        let first = try await monitor.evaluate(current: [:], now: Self.now)
        let bySegment = Dictionary(uniqueKeysWithValues: first.statuses.map { ($0.segment.description, $0) })
        let ana = try #require(bySegment["store=lkt,agent=ana"], "\(bySegment.keys.sorted())")
        #expect(ana.condition == .pending && ana.measurement?.value == 12)
        // The oldest: created 12 h before 18:00 UTC, handed over a minute later, 06:01 UTC (01:01 CDT).
        #expect(ana.measurement?.note == "Ana Silva holds 12 leads no person has answered; the oldest was handed over 31 Mar 2026 01:01 CDT (11 h 59 min ago)")
        #expect(bySegment["store=lkt,agent=ben"]?.condition == .ok)
        #expect(bySegment["store=lkt,agent=ben"]?.measurement?.note == "No lead waits on Ben Adams")
        #expect(bySegment["store=lkt,agent=cy"]?.condition == .ok && bySegment["store=lkt,agent=cy"]?.measurement?.value == 0, "handed a lead this week")

        var current = Dictionary(uniqueKeysWithValues: first.statuses.map { ($0.id, $0) })
        let later = try await monitor.evaluate(current: current, now: Self.now.adding(seconds: 301))
        let firing = try #require(later.statuses.first { $0.id == ana.id })
        #expect(firing.condition == .firing && firing.severity == .warning)

        // She answers three: 9 left, at or under the limit.
        var answers: [Event] = []
        for index in 0..<3 {
            var make = EventFactory(lead: LeadID("wait-\(index)"), base: Self.now.adding(seconds: 400))
            let sent = make.sent(0, message: "wait-\(index)-agent", sender: .agent, agent: "ana")
            answers.append(Event(id: EventID("answer-\(index)"), occurredAt: sent.occurredAt, leadID: sent.leadID, payload: sent.payload))
        }
        #expect(rule.isTouched(by: EventTouch(events: answers)))
        _ = try await store.ingest(answers, at: Self.now.adding(seconds: 400))
        current = Dictionary(uniqueKeysWithValues: later.statuses.map { ($0.id, $0) })
        let clearing = try await monitor.evaluate(current: current, now: Self.now.adding(seconds: 420))
        #expect(clearing.statuses.first { $0.id == ana.id }?.measurement?.value == 9)
        #expect(clearing.statuses.first { $0.id == ana.id }?.condition == .firing, "clears only after ten quiet minutes")
        current = Dictionary(uniqueKeysWithValues: clearing.statuses.map { ($0.id, $0) })
        let resolved = try await monitor.evaluate(current: current, now: Self.now.adding(seconds: 420 + 601))
        #expect(resolved.statuses.first { $0.id == ana.id }?.condition == .resolved)
    }

    @Test("the shipped rule follows agent_waiting_limit; one the configuration wrote itself keeps its own thresholds")
    func followsTheLimit() throws {
        let shipped = try #require(AlertRule.sopDefaults.first { $0.id == "agent_overloaded" })
        let five = shipped.followingWaitingLimit(5)
        #expect(five.warning == 5 && five.critical == 10)
        var own = shipped
        own.warning = 3
        #expect(own.followingWaitingLimit(5).warning == 3)
        let other = try #require(AlertRule.sopDefaults.first { $0.id == "receipts_missing" })
        #expect(other.followingWaitingLimit(5) == other)
    }

    @Test("the demo's agent away three days with every lead still handed to them is named; nobody else is, and each agent's count is a plain scan's of the events")
    func simulatedAgentAway() async throws {
        let simulated = try await SimulatedAlertRound(ruleID: "agent_overloaded", days: 14, endHour: 18) { $0.agentAwayStoreAtEnd = 1 }
        let away = try #require(simulated.simulator.agentAway)

        // The plain scan: each lead of the last 7 days, its latest agent, and whether a person
        // wrote to it, it opted out or it bought.
        let since = simulated.settings.end.adding(seconds: -7 * 86_400)
        var created: [LeadID: (store: StoreID, at: Timestamp)] = [:]
        var agentOf: [LeadID: (agent: AgentID, at: Timestamp)] = [:]
        var settled = Set<LeadID>()
        simulated.simulator.run { event in
            switch event.payload {
            case .leadCreated(let lead): created[event.leadID] = (lead.storeID, event.occurredAt)
            case .leadAssigned(let agent, _):
                if agentOf[event.leadID].map({ $0.at <= event.occurredAt }) ?? true { agentOf[event.leadID] = (agent, event.occurredAt) }
            case .messageSent(let sent) where sent.sender == .agent && !sent.autoReply: settled.insert(event.leadID)
            case .leadOptedOut, .saleClosed: settled.insert(event.leadID)
            case .messageReceived(let reply) where reply.body.flatMap(ConsentClassifier.read)?.intent == .optOut: settled.insert(event.leadID)
            default: break
            }
        }
        var waiting: [String: Int] = [:]
        for (lead, agent) in agentOf where !settled.contains(lead) {
            guard let lead = created[lead], lead.at >= since else { continue }
            waiting["store=\(lead.store),agent=\(agent.agent)", default: 0] += 1
        }

        let statuses = simulated.round.statuses
        #expect(statuses.count >= simulated.simulator.stores.flatMap(\.agents).count, "every roster agent has a reading")
        for status in statuses {
            let segment = status.segment.description
            #expect(status.measurement?.value == Double(waiting[segment] ?? 0), "\(segment): \(status.measurement?.note ?? "")")
            if segment.hasSuffix("agent=\(away.agent)") {
                #expect(status.condition == .pending && (status.measurement?.value ?? 0) > 10, "three days of leads: \(status.measurement?.note ?? "")")
            } else {
                #expect(status.condition == .ok, "\(segment): \(status.measurement?.note ?? "")")
            }
        }
    }
}
