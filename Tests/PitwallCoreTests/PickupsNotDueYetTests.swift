import Foundation
import PitwallTestSupport
import Testing

@testable import PitwallCore

@Suite("Hand-offs whose pick-up is not due yet")
struct PickupsNotDueYetTests {
    /// Lakeside open 09:00-17:00 every day but Sunday, UTC; hot leads 5 minutes on business hours.
    static let configuration = PitwallConfiguration(stores: [
        StoreProfile(
            id: "lkt", timeZone: TimeZone(identifier: "UTC")!,
            hours: WeeklyHours(days: try! (Array(repeating: "09:00-17:00", count: 6) + ["closed"]).map(WeeklyHours.parseDay)))
    ])

    static func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    /// A hot lead created Monday 2026-03-02 at `at`, handed to amy a minute later; `then`
    /// adds what happened after.
    static func lead(_ id: LeadID, at: String, then: (inout EventFactory) -> [Event] = { _ in [] }) -> LeadRecords {
        var make = EventFactory(lead: id, base: instant(at))
        let events = [make.created(0, store: "lkt", tier: .hot), make.sent(5, message: "\(id.rawValue)-ai"), make.make(60, .leadAssigned(agent: "amy"))]
            + then(&make)
        return LeadLedger.records(of: events)!
    }

    let resolver = LocalDayResolver(configuration: Self.configuration)

    @Test("handed over at 20:00 Monday after closing: not due until 09:05 Tuesday; picked up, settled first or on the wall clock, it is due or done")
    func due() throws {
        let evening = Self.lead("L-1", at: "2026-03-02T19:59:00Z")
        #expect(evening.pickupIsNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T07:00:00Z")))
        #expect(evening.pickupIsNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T09:04:59Z")))
        #expect(!evening.pickupIsNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T09:05:00Z")))
        // What a reading filters on before loading any lead says the same.
        let light = HandOffAwaitingPickup(leadID: "L-1", storeID: "lkt", tier: .hot, source: "website", handedOffAt: Self.instant("2026-03-02T20:00:00Z"))
        #expect(light.isNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T09:04:59Z")))
        #expect(!light.isNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T09:05:00Z")))
        // Without a tier, the source's or the default (warm, 15 minutes): due at 09:15.
        var untiered = light
        untiered.tier = nil
        #expect(untiered.isNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T09:14:59Z")))
        #expect(!untiered.isNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T09:15:00Z")))
        // Saturday evening: Sunday is closed, so due Monday 09:05.
        let saturday = Self.lead("L-2", at: "2026-03-07T19:59:00Z")
        #expect(saturday.pickupIsNotDueYet(resolver: resolver, now: Self.instant("2026-03-09T08:59:00Z")))
        // Picked up at 09:02 Tuesday: done, whatever the hour.
        let answered = Self.lead("L-3", at: "2026-03-02T19:59:00Z") { make in [make.sent(47_580, message: "L-3-amy", sender: .agent, agent: "amy")] }
        #expect(!answered.pickupIsNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T09:03:00Z")))
        // STOP at 21:00: settled first, already out of the figure.
        let stopped = Self.lead("L-4", at: "2026-03-02T19:59:00Z") { make in [make.received(3_660, message: "L-4-in", body: "STOP")] }
        #expect(!stopped.pickupIsNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T07:00:00Z")))
        // On the wall clock the 5 minutes run at night too.
        var wall = Self.configuration
        wall.responseTime.clock = ResponseTimePolicy.Clock.wall
        let wallResolver = LocalDayResolver(configuration: wall)
        #expect(evening.pickupIsNotDueYet(resolver: wallResolver, now: Self.instant("2026-03-02T20:04:00Z")))
        #expect(!evening.pickupIsNotDueYet(resolver: wallResolver, now: Self.instant("2026-03-02T20:05:00Z")))
        // Never handed to an agent: nothing to be due.
        var plain = EventFactory(lead: "L-5", base: Self.instant("2026-03-02T19:59:00Z"))
        #expect(!LeadLedger.records(of: [plain.created(0, store: "lkt")])!.pickupIsNotDueYet(resolver: resolver, now: Self.instant("2026-03-03T07:00:00Z")))
    }

    @Test("a pending hand-off is taken out of its own cells only: its day, its agent's and its source's rows, not another day's or another agent's")
    func takenOutOfItsCells() throws {
        let pending = Self.lead("L-1", at: "2026-03-02T19:59:00Z")
        let monday = CivilDate(iso: "2026-03-02")!.daysSinceEpoch
        var rows: [RollupRow] = []
        for (dimension, value) in [(SegmentDimension.all, ""), (.agent, "amy"), (.agent, "bob"), (.source, "website")] {
            for day in [monday - 1, monday] {
                var counters = [Int64](repeating: 0, count: RollupCounter.allCases.count)
                counters[RollupCounter.handedOff.rawValue] = 4
                rows.append(RollupRow(cell: RollupCell(dimension: dimension, value: value, store: "lkt", day: day), counters: counters, responseTimes: Data()))
            }
        }
        func handedOff(_ rows: [RollupRow]) -> [String] {
            rows.map { "\($0.cell.dimension.rawValue) \($0.cell.value) \($0.cell.day - monday) \($0.counters[RollupCounter.handedOff.rawValue])" }
        }
        let byAgent = rows.filter { $0.cell.dimension == .agent }
        let corrected = PickupDueRollups.takingOut([pending], from: byAgent, resolver: resolver, dimension: .agent, value: nil, days: (monday - 1)...monday, store: nil)
        #expect(handedOff(corrected) == ["agent amy -1 4", "agent amy 0 3", "agent bob -1 4", "agent bob 0 4"])
        let whole = PickupDueRollups.takingOut(
            [pending], from: rows.filter { $0.cell.dimension == .all }, resolver: resolver, dimension: .all, value: nil, days: monday...monday, store: nil)
        #expect(handedOff(whole) == ["all  -1 4", "all  0 3"], "a day outside the window asked for is left as read")
        let otherStore = PickupDueRollups.takingOut(
            [pending], from: rows.filter { $0.cell.dimension == .all }, resolver: resolver, dimension: .all, value: nil, days: (monday - 1)...monday, store: "hph")
        #expect(handedOff(otherStore) == ["all  -1 4", "all  0 4"])
    }

    @Test("the earliest hand-off that can still be pending: the longest SLA back from now on business hours, across a closed Sunday")
    func earliestPending() throws {
        // Monday 09:10: an hour (the cold tier's) of open time back reaches Saturday 16:10.
        let earliest = PickupDueRollups.earliestPendingHandOff(resolver: resolver, stores: ["lkt"], now: Self.instant("2026-03-09T09:10:00Z"))
        #expect(earliest == Self.instant("2026-03-07T16:10:00Z"))
        var wall = Self.configuration
        wall.responseTime.clock = ResponseTimePolicy.Clock.wall
        let onWall = PickupDueRollups.earliestPendingHandOff(resolver: LocalDayResolver(configuration: wall), stores: ["lkt"], now: Self.instant("2026-03-09T09:10:00Z"))
        #expect(onWall == Self.instant("2026-03-09T08:10:00Z"))
    }
}
