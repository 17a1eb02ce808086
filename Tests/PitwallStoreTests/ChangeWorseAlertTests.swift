import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// The SOP default rule that warns when a change recorded in the change log reads clearly
/// worse since: the log's own verdict, told when it turns, not only in the weekly report.
@Suite("A change made things worse, over stored events and the change log")
struct ChangeWorseAlertTests {
    static let now = try! Timestamp(rfc3339: "2026-03-09T12:00:00Z")

    /// North's leads answer 30 of 40 the week of 23 February and 10 of 40 the week after the
    /// change of 1 March; South's answer 10 of 40 both weeks.
    static func events() throws -> [Event] {
        try ReplyWeeks.events([
            (start: "2026-02-23T15:00:00Z", replying: [(store: "north", count: 30), (store: "south", count: 10)]),
            (start: "2026-03-02T15:00:00Z", replying: [(store: "north", count: 10), (store: "south", count: 10)]),
        ])
    }

    static func change(_ id: String, store: StoreID, title: String) -> ProcessChange {
        ProcessChange(
            id: id, day: CivilDate(iso: "2026-03-01")!, store: store, segment: nil, figure: .leadResponseRate, title: title, note: nil,
            recordedBy: "marketing", recordedAt: try! Timestamp(rfc3339: "2026-03-01T09:00:00Z"))
    }

    @Test(
        "North's change, clearly worse net of South, fires a warning at once that says to undo it; South's flat change stays ok; removing North's resolves it",
        arguments: StoreBackend.allCases)
    func worse(backend: StoreBackend) async throws {
        let configuration = PitwallConfiguration()
        let (store, cleanUp) = try await backend.make(configuration: configuration)
        defer { cleanUp() }
        _ = try await store.ingest(try Self.events(), at: Self.now)
        let log: any ChangeLog = store
        try await log.recordChange(Self.change("c-north", store: "north", title: "Longer first text"))
        try await log.recordChange(Self.change("c-south", store: "south", title: "Routing by shift"))

        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "change_worse" })
        var monitor = AlertMonitor(rollups: store, events: store, configuration: configuration, rules: [rule], leads: store)
        monitor.changes = log
        let first = try await monitor.evaluate(current: [:], now: Self.now)
        let bySegment = Dictionary(uniqueKeysWithValues: first.statuses.map { ($0.segment.description, $0) })
        #expect(bySegment.keys.sorted() == ["store=north,change=c-north", "store=south,change=c-south"])
        let north = try #require(bySegment["store=north,change=c-north"])
        #expect(north.condition == .firing && north.severity == .warning)
        #expect(
            north.measurement?.note
                == "Since 'Longer first text' (north, 1 Mar 2026), lead response rate 25% (10 of 40) in the 8 days since, from 75% (30 of 40) in the 8 days before, "
                + "clearly worse net of the other stores: undo it, or find out why.")
        #expect(first.transitions.filter { $0.to == .firing }.map(\.alertID) == [north.id], "told once, when it turns")
        let south = try #require(bySegment["store=south,change=c-south"])
        #expect(south.condition == .ok)
        #expect(south.measurement?.note?.hasPrefix("Routing by shift (south), 1 Mar 2026 on lead response rate. No clear change") == true, "\(south.measurement?.note ?? "")")
        #expect(north.segment.breakdownInWords == "a change made")

        // Undone, and removed from the log: the alert resolves at the next round rather than
        // firing on with no data.
        _ = try await log.removeChange("c-north", by: "marketing", at: Self.now.adding(seconds: 3600))
        let current = Dictionary(uniqueKeysWithValues: first.statuses.map { ($0.id, $0) })
        let later = try await monitor.evaluate(current: current, now: Self.now.adding(seconds: 3660))
        let gone = try #require(later.statuses.first { $0.id == north.id })
        #expect(gone.condition == .resolved, "\(gone.condition)")
        #expect(gone.measurement?.note == "No longer watched: removed from the change log, or took effect more than 90 days ago")
    }

    @Test("without the change log, or with no change recorded, the rule sees nothing", arguments: [StoreBackend.memory])
    func nothing(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make(configuration: PitwallConfiguration())
        defer { cleanUp() }
        _ = try await store.ingest(try Self.events(), at: Self.now)
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "change_worse" })
        var monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule], leads: store)
        #expect(try await monitor.evaluate(current: [:], now: Self.now).statuses.isEmpty)
        monitor.changes = store
        #expect(try await monitor.evaluate(current: [:], now: Self.now).statuses.isEmpty)
    }
}
