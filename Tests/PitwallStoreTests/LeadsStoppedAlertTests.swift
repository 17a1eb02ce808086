import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The SOP default rule that watches for a store's new leads no longer coming in.
@Suite("No leads coming in, over stored leads")
struct LeadsStoppedAlertTests {
    /// A new lead at `store`, at `time` (UTC) on `day`.
    static func lead(_ id: String, store: StoreID, day: String, time: String) throws -> Event {
        var make = EventFactory(lead: LeadID(id), base: try Timestamp(rfc3339: "\(day)T\(time):00Z"))
        return make.created(0, store: store)
    }

    /// Two leads an hour, 9 to 5, on the four Tuesdays before 31 March 2026 (UTC stores).
    static func usualTuesdays(_ store: StoreID) throws -> [Event] {
        var events: [Event] = []
        for day in ["2026-03-03", "2026-03-10", "2026-03-17", "2026-03-24"] {
            for hour in 9..<17 {
                for minute in ["10", "40"] {
                    let clock = "\(hour < 10 ? "0" : "")\(hour):\(minute)"
                    events.append(try lead("\(store)-\(day)-\(clock)", store: store, day: day, time: clock))
                }
            }
        }
        return events
    }

    @Test(
        "a store silent since 10:00 on a Tuesday that usually brings two leads an hour is critical by 12:45, since 11:30; a busy store is ok, a new one has no data; the next lead clears it",
        arguments: StoreBackend.allCases)
    func silentStore(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        var events = try Self.usualTuesdays("lkt") + Self.usualTuesdays("hph")
        events += [
            try Self.lead("lkt-today-1", store: "lkt", day: "2026-03-31", time: "09:10"), try Self.lead("lkt-today-2", store: "lkt", day: "2026-03-31", time: "10:00"),
            try Self.lead("hph-today-1", store: "hph", day: "2026-03-31", time: "12:40"), try Self.lead("rvc-today-1", store: "rvc", day: "2026-03-31", time: "08:00"),
        ]
        let now = try Timestamp(rfc3339: "2026-03-31T12:45:00Z")
        _ = try await store.ingest(events, at: now)
        #expect(try await store.latestLeadArrival(at: "lkt", since: now.adding(seconds: -86_400)) == (try Timestamp(rfc3339: "2026-03-31T10:00:00Z")))
        #expect(try await store.latestLeadArrival(at: "lkt", since: now.adding(seconds: -60)) == nil)
        #expect(try await store.latestLeadArrival(at: "nowhere", since: now.adding(seconds: -86_400)) == nil)

        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "leads_stopped" })
        let monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule], leads: store)
        let round = try await monitor.evaluate(current: [:], now: now)
        let byStore = Dictionary(uniqueKeysWithValues: round.statuses.map { ($0.segment.store?.rawValue ?? "group", $0) })
        let lkt = try #require(byStore["lkt"])
        #expect(lkt.condition == .firing && lkt.severity == .critical, "\(lkt)")
        #expect(abs((lkt.measurement?.value ?? 0) - 5.5) < 1e-6)
        #expect(lkt.measurement?.note == "No lead since 31 Mar 2026 10:00 UTC (2 h 45 min); about 5.5 would have come in at this store's usual pace for those hours")
        #expect(lkt.breachSince == (try Timestamp(rfc3339: "2026-03-31T11:30:00Z")), "when the silence stopped being luck")
        #expect(byStore["hph"]?.condition == .ok)
        #expect(byStore["rvc"]?.condition == .noData, "one lead is no pace to judge by")

        // The feed is back: the next lead clears it at once.
        #expect(rule.isTouched(by: EventTouch(events: [try Self.lead("lkt-today-3", store: "lkt", day: "2026-03-31", time: "12:46")])))
        _ = try await store.ingest([try Self.lead("lkt-today-3", store: "lkt", day: "2026-03-31", time: "12:46")], at: now.adding(seconds: 60))
        let current = Dictionary(uniqueKeysWithValues: round.statuses.map { ($0.id, $0) })
        let after = try await monitor.evaluate(current: current, now: now.adding(seconds: 90))
        #expect(after.statuses.first { $0.id == lkt.id }?.condition == .resolved)
    }

    @Test("the demo's broken web form: the simulated store whose leads stop fires, at whatever hour the simulation ends; the stores whose leads keep coming do not")
    func simulatedGroup() async throws {
        // Ending at three different hours of the day (UTC): night, morning and afternoon in the US.
        for endHour in [4, 13, 20] {
            var settings = SimulationSettings(days: 30, seed: 11, storeCount: 3)
            settings.start = settings.start.adding(seconds: Double(endHour) * 3600)
            settings.silentStoreAtEnd = 2
            let simulator = DealershipSimulator(settings: settings)
            let stop = try #require(simulator.feedStop)
            let store = MemoryStore(configuration: simulator.configuration)
            _ = try await simulator.store(into: store, now: settings.end)
            let last = try #require(try await store.latestLeadArrival(at: stop.store, since: settings.start))
            #expect(last < stop.from, "no lead of the silent store after its form broke")

            let rule = try #require(AlertRule.sopDefaults.first { $0.id == "leads_stopped" })
            let monitor = AlertMonitor(rollups: store, events: store, configuration: simulator.configuration, rules: [rule], leads: store)
            let round = try await monitor.evaluate(current: [:], now: settings.end)
            let byStore = Dictionary(uniqueKeysWithValues: round.statuses.compactMap { status in status.segment.store.map { ($0, status) } })
            let silent = try #require(byStore[stop.store])
            #expect(silent.condition == .firing && silent.severity == .critical, "ending at \(endHour):00 UTC: \(silent.measurement?.note ?? "")")
            for (id, status) in byStore where id != stop.store {
                #expect(status.condition != .firing, "ending at \(endHour):00 UTC, \(id): \(status.measurement?.note ?? "")")
            }
        }
    }
}
