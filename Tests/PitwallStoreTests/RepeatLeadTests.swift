import Foundation
import Testing

import GRDB
import PitwallCore
@testable import PitwallPostgres
@testable import PitwallSQLite
import PitwallSimulator
import PitwallTestSupport

/// Repeat leads (the same person again at the same store within the window), on every backend:
/// by hand, then on a simulated group against a plain scan of the raw events.
@Suite("Repeat leads: the same shopper again")
struct RepeatLeadTests {
    static let day = Timestamp.millisecondsPerDay
    static let week = 7 * day
    static let base = try! Timestamp(rfc3339: "2026-05-04T15:00:00Z")

    static func lead(_ id: String, days: Double, store: StoreID = "a", source: String, cost: Double? = nil, phone: String? = nil, email: String? = nil) -> Event {
        Event(
            id: EventID("\(id)-created"), occurredAt: base.adding(seconds: days * 86_400), leadID: LeadID(id),
            payload: .leadCreated(LeadCreated(storeID: store, source: source, cost: cost.map { Money(amount: $0) }, contact: Contact(phone: phone, email: email))))
    }

    /// L1 from the website; L2 the same phone written otherwise two days on (CarGurus, $32);
    /// L3 the same e-mail in other capitals a day later, another phone; L4 the same phone 7.5
    /// days after L2, outside the week; L5 the same phone at another store; L6 the same
    /// phone at L1's very instant, so neither is the other's repeat; L7 no contact at all.
    static let story = [
        lead("L1", days: 0, source: "website", cost: 0, phone: "(312) 555-0101", email: "ana@example.com"),
        lead("L2", days: 2, source: "cargurus", cost: 32, phone: "+1 312 555 0101"),
        lead("L3", days: 3, source: "cargurus", cost: 32, phone: "312-555-0199", email: " Ana@Example.COM "),
        lead("L4", days: 9.5, source: "facebook_ads", cost: 11, phone: "3125550101"),
        lead("L5", days: 1, store: "b", source: "website", phone: "(312) 555-0101"),
        lead("L6", days: 0, source: "phone", phone: "312.555.0101"),
        lead("L7", days: 4, source: "walk_in"),
    ]

    @Test("a repeat is the same phone or e-mail at the same store within the window before, strictly earlier, with the earliest match", arguments: StoreBackend.allCases)
    func byHand(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        // Out of order, across batches: the later leads first.
        _ = try await store.ingest(Array(Self.story.reversed().prefix(4)), at: Self.base.adding(seconds: 30 * 86_400))
        _ = try await store.ingest(Array(Self.story.prefix(3)), at: Self.base.adding(seconds: 30 * 86_400))
        let everything = try await store.repeatLeads(
            createdFrom: Self.base.adding(seconds: -86_400), before: Self.base.adding(seconds: 30 * 86_400), store: nil, window: Self.week)
        #expect(everything.map(\.leadID) == ["L2", "L3"], "\(everything.map(\.leadID))")
        #expect(everything.map(\.earlierLeadID) == ["L1", "L1"], "L1 and L6 came at the same instant; L1 sorts first")
        #expect(everything[0] == RepeatLead(
            leadID: "L2", storeID: "a", source: "cargurus", cost: Money(amount: 32), createdAt: Self.base.adding(seconds: 2 * 86_400),
            earlierLeadID: "L1", earlierSource: "website", earlierCreatedAt: Self.base))
        // A window of its own: a lead before it may be the earlier one; a shorter look-back
        // finds none for a lead two days on.
        let later = try await store.repeatLeads(
            createdFrom: Self.base.adding(seconds: 2.5 * 86_400), before: Self.base.adding(seconds: 30 * 86_400), store: "a", window: Self.week)
        #expect(later.map(\.leadID) == ["L3"])
        #expect(try await store.repeatLeads(createdFrom: Self.base, before: Self.base.adding(seconds: 30 * 86_400), store: "a", window: Self.day).isEmpty)
        #expect(try await store.repeatLeads(createdFrom: Self.base, before: Self.base.adding(seconds: 30 * 86_400), store: "b", window: Self.week).isEmpty)
        // L4 is 9.5 days after L1 and 7.5 after L2: a fortnight's look-back takes it, from L1.
        let fortnight = try await store.repeatLeads(createdFrom: Self.base, before: Self.base.adding(seconds: 30 * 86_400), store: "a", window: 2 * Self.week)
        #expect(fortnight.map(\.leadID) == ["L2", "L3", "L4"] && fortnight.last?.earlierLeadID == "L1")
    }

    @Test("the report by source: repeats, their share and spend, which source first brought them, and the words", arguments: [StoreBackend.memory])
    func report(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        _ = try await store.ingest(Self.story, at: Self.base.adding(seconds: 30 * 86_400))
        let repeats = try await store.repeatLeads(createdFrom: Self.base, before: Self.base.adding(seconds: 30 * 86_400), store: nil, window: Self.week)
        let report = RepeatLeadReport(repeats: repeats, leads: ["website": 2, "cargurus": 2, "facebook_ads": 1, "phone": 1, "walk_in": 1], windowDays: 7)
        #expect(report.lines.map(\.source) == ["cargurus", "facebook_ads", "phone", "walk_in", "website"])
        let cargurus = report.lines[0]
        #expect(cargurus.repeats == 2 && cargurus.repeatShare == 1 && cargurus.repeatSpend == Money(amount: 64) && cargurus.firstFrom == ["website": 2])
        #expect(report.total.repeats == 2 && report.total.leads == 7)
        #expect(report.findings { ["cargurus": "CarGurus", "website": "Website"][$0] ?? $0 } == [
            "2 of 7 leads (28.6%) came from people who had sent the same store a lead in the 7 days before: the scorecard counts each as a new lead.",
            "CarGurus: 2 of its 2 leads were repeats, 2 of them first through Website; $64.00 of its spend went on shoppers the store already had.",
        ])
        #expect(RepeatLeadReport(repeats: [], leads: ["website": 3], windowDays: 7).findings { $0 }.isEmpty, "no repeat, nothing to say")
    }

    /// Both ways of a backend that has two.
    static func bothWays(
        _ store: any PitwallStore, from: Timestamp, before: Timestamp, shop: StoreID?, window: Int64
    ) async throws -> (probed: [RepeatLead], walked: [RepeatLead]) {
        if let sqlite = store as? SQLiteStore {
            return try await sqlite.pool.read { db in
                (try SQLiteStore.repeatLeads(createdFrom: from, before: before, store: shop, window: window, by: .probes, in: db),
                 try SQLiteStore.repeatLeads(createdFrom: from, before: before, store: shop, window: window, by: .scan, in: db))
            }
        }
        let postgres = try #require(store as? PostgresStore)
        return (try await postgres.repeatLeads(createdFrom: from, before: before, store: shop, window: window, by: .probes),
                try await postgres.repeatLeads(createdFrom: from, before: before, store: shop, window: window, by: .scan))
    }

    @Test("the walk of the contact indexes finds the repeats the probes find, ties, edges of the look-back and stores included",
          arguments: StoreBackend.allCases.filter { $0 != .memory })
    func waysAgree(backend: StoreBackend) async throws {
        let simulator = DealershipSimulator(settings: SimulatedKPITests.settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let (store, cleanUp) = try await backend.make(configuration: simulator.configuration)
        defer { cleanUp() }
        // The story, and at its edges: L8 exactly a week after L1 (inside the look-back), L9 a
        // week and a millisecond after L3's e-mail (outside it), L10 at L2's instant.
        let edges = [
            Event(id: "L8-created", occurredAt: Self.base.adding(milliseconds: Self.week), leadID: "L8",
                  payload: .leadCreated(LeadCreated(storeID: "a", source: "website", contact: Contact(email: "ana@example.com")))),
            Event(id: "L9-created", occurredAt: Self.base.adding(seconds: 3 * 86_400).adding(milliseconds: Self.week + 1), leadID: "L9",
                  payload: .leadCreated(LeadCreated(storeID: "a", source: "website", contact: Contact(phone: "312-555-0199")))),
            Event(id: "L10-created", occurredAt: Self.base.adding(seconds: 2 * 86_400), leadID: "L10",
                  payload: .leadCreated(LeadCreated(storeID: "a", source: "phone", contact: Contact(phone: "3125550101")))),
        ]
        _ = try await store.ingest(Self.story + edges + events, at: SimulatedKPITests.settings.end.adding(seconds: 86_400))
        let windows: [(Timestamp, Timestamp)] = [
            (Self.base.adding(seconds: -86_400), Self.base.adding(seconds: 30 * 86_400)), (Self.base.adding(seconds: 2.5 * 86_400), Self.base.adding(seconds: 9 * 86_400)),
            (SimulatedKPITests.settings.start, SimulatedKPITests.settings.end),
            (SimulatedKPITests.settings.start.adding(seconds: 9 * 86_400), SimulatedKPITests.settings.start.adding(seconds: 20 * 86_400)),
        ]
        var found = 0
        for (from, before) in windows {
            for shop in [nil, "a", "b", simulator.stores[0].profile.id] as [StoreID?] {
                for window in [Self.day, Self.week, 2 * Self.week] {
                    let (probed, walked) = try await Self.bothWays(store, from: from, before: before, shop: shop, window: window)
                    #expect(walked == probed, "\(from) to \(before), \(shop?.rawValue ?? "every store"), look-back \(window) ms")
                    found += probed.count
                }
            }
        }
        #expect(found > 100, "\(found) repeats compared")
        let story = try await Self.bothWays(
            store, from: Self.base.adding(seconds: -86_400), before: Self.base.adding(seconds: 30 * 86_400), shop: "a", window: Self.week).walked
        #expect(story.map(\.leadID) == ["L10", "L2", "L3", "L8"], "\(story.map(\.leadID))")
        #expect(story.map(\.earlierLeadID) == ["L1", "L1", "L1", "L1"], "L10 came with L2 (ids in order at one instant), but L1 is earlier; L8 a week to the millisecond after L1")
        #expect(RepeatLeadSearch.choose(windowLeads: 30, allLeads: 365) == .probes && RepeatLeadSearch.choose(windowLeads: 200, allLeads: 365) == .scan)
    }

    @Test("on a simulated group delivered out of order, the repeats equal a plain scan of the raw events", arguments: StoreBackend.allCases)
    func simulated(backend: StoreBackend) async throws {
        let simulator = DealershipSimulator(settings: SimulatedKPITests.settings)
        var events: [Event] = []
        simulator.run { events.append($0) }
        let (store, cleanUp) = try await backend.make(configuration: simulator.configuration)
        defer { cleanUp() }
        try await SimulatedKPITests.deliverScrambled(events, to: store, seed: 43, batchSizes: 150...2_000)

        // The scan: each lead's first `lead.created`, then every earlier lead of the store
        // within the week whose digits or lower-cased e-mail agree, the earliest kept.
        struct Created { var lead: LeadID; var store: StoreID; var at: Timestamp; var phone: String?; var email: String? }
        var first: [LeadID: (Timestamp, EventID, LeadCreated)] = [:]
        for event in events {
            guard case .leadCreated(let profile) = event.payload else { continue }
            if let known = first[event.leadID], (known.0, known.1) < (event.occurredAt, event.id) { continue }
            first[event.leadID] = (event.occurredAt, event.id, profile)
        }
        func digits(_ phone: String?) -> String? {
            guard var digits = phone?.filter(\.isNumber), digits.count >= 7 else { return nil }
            if digits.count == 10 { digits = "1" + digits }
            return digits
        }
        let leads = first.map { id, value in
            Created(
                lead: id, store: value.2.storeID, at: value.0, phone: digits(value.2.contact?.phone),
                email: value.2.contact?.email.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.contains("@") ? $0 : nil })
        }
        let byStore = Dictionary(grouping: leads, by: \.store)
        let from = SimulatedKPITests.settings.start.adding(seconds: 5 * 86_400)
        let before = SimulatedKPITests.settings.end
        var expected: [(LeadID, LeadID)] = []
        for lead in leads where lead.at >= from && lead.at < before {
            let matches = (byStore[lead.store] ?? []).filter { other in
                other.at < lead.at && other.at.millisecondsSinceEpoch >= lead.at.millisecondsSinceEpoch - Self.week
                    && ((lead.phone != nil && other.phone == lead.phone) || (lead.email != nil && other.email == lead.email))
            }
            if let earliest = matches.min(by: { ($0.at, $0.lead) < ($1.at, $1.lead) }) { expected.append((lead.lead, earliest.lead)) }
        }
        let found = try await store.repeatLeads(createdFrom: from, before: before, store: nil, window: Self.week)
        #expect(found.count == expected.count && found.count > 20, "the simulator sends about 5 % of its leads again: \(found.count) against \(expected.count)")
        #expect(Set(found.map { "\($0.leadID.rawValue)<\($0.earlierLeadID.rawValue)" }) == Set(expected.map { "\($0.0.rawValue)<\($0.1.rawValue)" }))
        #expect(found.map(\.createdAt) == found.map(\.createdAt).sorted(), "oldest first")
    }
}
