import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The live queue on every backend.
@Suite("Speed to lead: the live queue")
struct SpeedToLeadDeskTests {
    static let newYork = StoreProfile(
        id: "ny", timeZone: TimeZone(identifier: "America/New_York")!, hours: WeeklyHours(days: Array(repeating: try! WeeklyHours.parseDay("08:00-20:00"), count: 7)))
    static let configuration = PitwallConfiguration(stores: [newYork])

    func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    func lead(_ id: String, at time: String, tier: LeadTier, phone: String? = nil) -> Event {
        Event(
            id: EventID("\(id)-created"), occurredAt: instant(time), leadID: LeadID(id),
            payload: .leadCreated(LeadCreated(storeID: "ny", source: "website", tier: tier, contact: phone.map { Contact(phone: $0) })))
    }

    @Test("unanswered leads, breached first, then by time left; answered ones leave; repeats point at the first", arguments: StoreBackend.allCases)
    func queue(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make(configuration: Self.configuration)
        defer { cleanUp() }
        // Tuesday 2026-05-12, New York (EDT, UTC-4), open 08:00-20:00; now is 10:10.
        let now = instant("2026-05-12T14:10:00Z")
        _ = try await store.ingest(
            [
                lead("hot-late", at: "2026-05-12T14:00:00Z", tier: .hot, phone: "(312) 555-0101"),  // 10 min of 5: breached
                lead("warm-soon", at: "2026-05-12T13:57:00Z", tier: .warm),  // 13 of 15 min: 2 left
                lead("cold-fresh", at: "2026-05-12T14:05:00Z", tier: .cold),  // 5 of 60 min
                lead("warm-answered", at: "2026-05-12T14:00:00Z", tier: .warm),
                Event(
                    id: "ans", occurredAt: instant("2026-05-12T14:01:00Z"), leadID: "warm-answered",
                    payload: .messageSent(MessageSent(messageID: "m-ans", channel: .sms, sender: .ai))),
                lead("hot-repeat", at: "2026-05-12T14:08:00Z", tier: .hot, phone: "+1 312 555 0101"),  // same person, 2 of 5 min
                lead("last-week", at: "2026-05-01T14:00:00Z", tier: .hot),  // older than the queue looks
            ], at: now)
        let desk = SpeedToLeadDesk(leads: store, events: store, configuration: Self.configuration)
        let queue = try await desk.openQueue(store: nil, now: now)
        #expect(queue.map(\.leadID) == ["hot-late", "warm-soon", "hot-repeat", "cold-fresh"])
        #expect(queue.map(\.state) == [.breached, .open, .open, .open])
        #expect(queue[1].secondsLeft == 120)
        #expect(queue[2].repeatOf == "hot-late")
        #expect(queue[0].repeatOf == nil)
        #expect(try await desk.openQueue(store: "elsewhere", now: now).isEmpty)

        var separate = Self.configuration
        separate.responseTime.foldRepeatLeads = false
        let unfolded = try await SpeedToLeadDesk(leads: store, events: store, configuration: separate).openQueue(store: "ny", now: now)
        #expect(unfolded.allSatisfy { $0.repeatOf == nil })
    }

    @Test("the rolling 15 minutes per store, and each agent's waiting leads", arguments: StoreBackend.allCases)
    func rollingAndAgents(backend: StoreBackend) async throws {
        var configuration = Self.configuration
        configuration.responseTime.agentWaitingLimit = 1
        let (store, cleanUp) = try await backend.make(configuration: configuration)
        defer { cleanUp() }
        // Tuesday 2026-05-12 in New York (UTC-4); now is 10:20, the window (10:05, 10:20].
        let now = instant("2026-05-12T14:20:00Z")
        func story(_ id: String, at minute: Double, tier: LeadTier, answeredAfter: Double?, agent: AgentID?, byAgent: Bool = false) -> [Event] {
            var make = EventFactory(lead: LeadID(id), base: instant("2026-05-12T14:00:00Z"))
            var events = [make.created(minute * 60, store: "ny", tier: tier)]
            if let agent { events.append(make.make(minute * 60 + 5, .leadAssigned(agent: agent))) }
            if let answeredAfter {
                events.append(make.sent((minute + answeredAfter) * 60, message: "\(id)-m1", sender: byAgent ? .agent : .ai, agent: byAgent ? agent : nil))
            }
            return events
        }
        _ = try await store.ingest(
            story("A", at: 0, tier: .hot, answeredAfter: 2, agent: nil)  // answered 10:02, before the window
                + story("B", at: 8, tier: .hot, answeredAfter: 2, agent: "maria")  // answered 10:10 by the AI: 2 min
                + story("C", at: 10, tier: .warm, answeredAfter: 6, agent: "tom", byAgent: true)  // answered 10:16 by tom: 6 min
                + story("D", at: 12, tier: .hot, answeredAfter: nil, agent: "maria")  // due 10:17, waiting: a breach in the window
                + story("E", at: 18, tier: .cold, answeredAfter: nil, agent: nil),  // waiting, inside its hour
            at: now)
        let desk = SpeedToLeadDesk(leads: store, events: store, configuration: configuration)
        let rolling = try await desk.rollingView(minutes: 15, store: nil, now: now)
        #expect(rolling.count == 1)
        let view = try #require(rolling.first)
        #expect(view.answered == 2)
        #expect(view.meanSeconds == 240)
        #expect(view.medianSeconds == 120)
        #expect(view.breaches == 1)
        #expect(view.waiting == 2)

        let agents = try await desk.agentLoad(store: "ny", now: now)
        #expect(agents.map(\.agentID) == ["maria"])
        #expect(agents.first?.waiting == 2)
        #expect(agents.first?.overLimit == true)
        #expect(agents.first?.oldestWaitingSince == instant("2026-05-12T14:08:05Z"))
    }

    @Test("leads unanswered at an instant: none answered by then by the standard rule; a later answer or an auto-reply keeps a lead in", arguments: StoreBackend.allCases)
    func leadsUnansweredAt(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make(configuration: Self.configuration)
        defer { cleanUp() }
        let base = instant("2026-05-12T14:00:00Z")
        func story(_ id: String, minute: Double, _ then: (inout EventFactory) -> [Event] = { _ in [] }) -> [Event] {
            var make = EventFactory(lead: LeadID(id), base: base)
            return [make.created(minute * 60, store: "ny")] + then(&make)
        }
        _ = try await store.ingest(
            story("early", minute: 0) { [$0.sent(120, message: "early-1")] }  // answered 14:02
                + story("on-the-dot", minute: 1) { [$0.sent(600, message: "dot-1")] }  // answered 14:10, the instant asked
                + story("late", minute: 2) { [$0.sent(900, message: "late-1", sender: .agent, agent: "maria")] }  // answered 14:15
                + story("auto-only", minute: 3) { [$0.sent(200, message: "auto-1", autoReply: true)] }
                + story("silent", minute: 4),
            at: instant("2026-05-12T14:30:00Z"))
        let since = base.adding(seconds: -3_600)
        let at1410 = try await store.leads(createdSince: since, store: "ny", unansweredAt: instant("2026-05-12T14:10:00Z"))
        #expect(at1410.map(\.state.leadID) == ["late", "auto-only", "silent"])
        #expect(try await store.leads(createdSince: since, store: nil, unansweredAt: instant("2026-05-12T14:30:00Z")).map(\.state.leadID) == ["auto-only", "silent"])
        #expect(try await store.leads(createdSince: since, store: "ny", unansweredAt: nil).count == 5)
        #expect(try await store.leads(createdSince: base.adding(seconds: 100), store: nil, unansweredAt: base).map(\.state.leadID) == ["late", "auto-only", "silent"])
        // The records come whole: the late lead's answer is among them.
        #expect(at1410.first?.messages.map(\.key.messageID) == ["late-1"])
        // The states alone of a span of creation times, in the same order as the whole records.
        let states = try await store.leadStates(createdFrom: since, before: base.adding(seconds: 200), store: "ny")
        #expect(states.map(\.leadID) == ["early", "on-the-dot", "late", "auto-only"])
        #expect(states == (try await store.leads(createdFrom: since, before: base.adding(seconds: 200), store: "ny")).map(\.state))
        #expect(try await store.leadStates(createdFrom: since, before: base.adding(seconds: 200), store: "bos").isEmpty)
    }

    @Test(
        "the agents' waiting leads: assigned, no person's answer yet, not opted out (unless back in), not sold, of the week and store asked",
        arguments: StoreBackend.allCases)
    func leadsAwaitingAgent(backend: StoreBackend) async throws {
        let boston = StoreProfile(id: "bos", timeZone: TimeZone(identifier: "America/New_York")!)
        let (store, cleanUp) = try await backend.make(configuration: PitwallConfiguration(stores: [Self.newYork, boston]))
        defer { cleanUp() }
        let now = instant("2026-05-12T14:20:00Z")
        func story(_ id: String, store: StoreID = "ny", daysAgo: Double = 0, agent: AgentID? = "maria", then: (inout EventFactory) -> [Event] = { _ in [] })
            -> [Event]
        {
            var make = EventFactory(lead: LeadID(id), base: now.adding(seconds: -daysAgo * 86_400 - 3_600))
            var events = [make.created(0, store: store)]
            if let agent { events.append(make.make(10, .leadAssigned(agent: agent))) }
            return events + then(&make)
        }
        _ = try await store.ingest(
            story("waits") { [$0.sent(60, message: "waits-ai")] }  // the AI answered; no person yet
                + story("answered") { [$0.sent(60, message: "answered-1", sender: .agent, agent: "maria")] }
                + story("stopped") { [$0.make(120, .leadOptedOut(OptOut(channel: .sms)))] }
                + story("back") { [$0.received(120, message: "back-1", body: "STOP"), $0.received(180, message: "back-2", body: "start")] }
                + story("sold") { [$0.sale(600, id: "sold-sale", amount: 31_000)] }
                + story("unassigned", agent: nil)
                + story("last-week", daysAgo: 8)
                + story("boston", store: "bos"),
            at: now)
        let since = now.adding(milliseconds: -7 * Timestamp.millisecondsPerDay)
        #expect(try await store.leadsAwaitingAgent(since: since, store: "ny").map(\.leadID) == ["back", "waits"])
        #expect(try await store.leadsAwaitingAgent(since: since, store: nil).map(\.leadID) == ["back", "boston", "waits"])
        #expect(try await store.leadsAwaitingAgent(since: since, store: "bos").map(\.leadID) == ["boston"])
        let everyLead = try await store.leadStates(since: now.adding(milliseconds: -30 * Timestamp.millisecondsPerDay), store: nil)
        #expect(
            try await store.leadsAwaitingAgent(since: now.adding(milliseconds: -30 * Timestamp.millisecondsPerDay), store: nil)
                == everyLead.filter(\.isWaitingForAgent))
        #expect(everyLead.filter(\.isWaitingForAgent).map(\.leadID) == ["back", "boston", "last-week", "waits"])
    }

    @Test(
        "hand-offs awaiting pick-up: every lead handed over since the instant asked that no person has answered, with its store, tier, source and hand-off; none answered, sold or handed over before",
        arguments: StoreBackend.allCases)
    func handOffsAwaitingPickup(backend: StoreBackend) async throws {
        let boston = StoreProfile(id: "bos", timeZone: TimeZone(identifier: "America/New_York")!)
        let (store, cleanUp) = try await backend.make(configuration: PitwallConfiguration(stores: [Self.newYork, boston]))
        defer { cleanUp() }
        let now = instant("2026-05-12T14:20:00Z")
        func story(_ id: String, store: StoreID = "ny", hoursAgo: Double = 1, tier: LeadTier? = .hot, then: (inout EventFactory) -> [Event] = { _ in [] }) -> [Event] {
            var make = EventFactory(lead: LeadID(id), base: now.adding(seconds: -hoursAgo * 3_600))
            return [make.created(0, store: store, source: "cars.com", tier: tier), make.make(10, .leadAssigned(agent: "maria"))] + then(&make)
        }
        _ = try await store.ingest(
            story("waits") { [$0.sent(60, message: "waits-ai")] }
                + story("untiered", tier: nil)
                + story("answered") { [$0.sent(60, message: "answered-1", sender: .agent, agent: "maria")] }
                + story("sold") { [$0.sale(600, id: "sold-sale", amount: 31_000)] }
                + story("earlier", hoursAgo: 3)
                + story("boston", store: "bos"),
            at: now)
        let since = now.adding(milliseconds: -7 * Timestamp.millisecondsPerDay)
        let handedOffSince = now.adding(milliseconds: -2 * 3_600_000)
        let all = try await store.handOffsAwaitingPickup(since: since, handedOffSince: handedOffSince, store: nil)
        #expect(Set(all.map(\.leadID)) == ["waits", "untiered", "boston"], "\(all.map(\.leadID))")
        let waits = try #require(all.first { $0.leadID == "waits" })
        #expect(waits == HandOffAwaitingPickup(leadID: "waits", storeID: "ny", tier: .hot, source: "cars.com", handedOffAt: now.adding(seconds: -3_600 + 10)))
        #expect(all.first { $0.leadID == "untiered" }?.tier == nil)
        #expect(try await store.handOffsAwaitingPickup(since: since, handedOffSince: handedOffSince, store: "bos").map(\.leadID) == ["boston"])
        // Created before `since`: not looked at.
        #expect(try await store.handOffsAwaitingPickup(since: now.adding(seconds: -1_800), handedOffSince: handedOffSince, store: nil).isEmpty)
    }

    @Test("the response-time table: one row per lead of the store's local days, both clocks, oldest first", arguments: StoreBackend.allCases)
    func responseTimeTable(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make(configuration: Self.configuration)
        defer { cleanUp() }
        var answered = EventFactory(lead: "answered", base: instant("2026-05-12T14:00:00Z"))  // 10:00 in New York
        var night = EventFactory(lead: "night", base: instant("2026-05-13T03:00:00Z"))  // 23:00 on the 12th in New York
        var before = EventFactory(lead: "before", base: instant("2026-05-12T03:00:00Z"))  // 23:00 on the 11th
        _ = try await store.ingest(
            [
                answered.created(0, store: "ny", source: "Cars.com, Inc.", tier: .hot, submittedSecondsEarlier: 20), answered.sent(120, message: "a-1"),
                night.created(0, store: "ny", tier: .warm), night.sent(9 * 3600 + 600, message: "n-1", sender: .agent, agent: "maria"),
                before.created(0, store: "ny", tier: .hot),
            ], at: instant("2026-05-13T13:00:00Z"))
        let desk = SpeedToLeadDesk(leads: store, events: store, configuration: Self.configuration)
        var rows: [[String: TableCell]] = []
        try await desk.responseTimeRows(from: CivilDate(iso: "2026-05-12")!, to: CivilDate(iso: "2026-05-12")!, store: nil, now: instant("2026-05-13T13:00:00Z")) {
            rows += $0.map { Dictionary(uniqueKeysWithValues: zip(ResponseTimeTable.columns, $0)) }
        }
        #expect(rows.map { $0["lead_id"] } == [.text("answered"), .text("night")])
        let first = rows[0]
        #expect(first["source"] == .text("Cars.com, Inc."))
        #expect(first["submitted_at"] == .text("2026-05-12T13:59:40.000Z"))
        #expect(first["start_basis"] == .text("submitted"))
        #expect(first["wall_seconds"] == .number(140))
        #expect(first["business_seconds"] == .number(140))
        #expect(first["sla_seconds"] == .number(300))
        #expect(first["sla_state"] == .text("answered_within_sla"))
        #expect(first["first_human_response_at"] == .empty)
        #expect(first["policy_version"] == .integer(1))
        let second = rows[1]
        #expect(second["wall_seconds"] == .number(33_000))
        #expect(second["business_seconds"] == .number(600))  // opens at 08:00, answered 08:10
        #expect(second["elapsed_seconds"] == .number(600))
        #expect(second["human_business_seconds"] == .number(600))
        #expect(second["first_response_sender"] == .text("agent"))
        #expect(second["start_basis"] == .text("received"))
        #expect(rows.allSatisfy { $0.count == ResponseTimeTable.columns.count })
    }
}
