import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// Rules evaluated over stored events, and their statuses kept, on every backend.
@Suite("Alerts over stored events")
struct AlertMonitorTests {
    func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    /// `count` texts to one lead at `store` today, `failed` of them failed, the rest delivered.
    func messages(store: StoreID, count: Int, failed: Int) -> [Event] {
        var make = EventFactory(lead: LeadID("lead-\(store)"), base: instant("2026-03-02T09:00:00Z"))
        var events = [make.created(0, store: store)]
        for index in 0..<count {
            let id = "\(store)-m\(index)"
            events.append(make.sent(Double(index * 60), message: id))
            events.append(make.status(Double(index * 60 + 5), message: id, index < failed ? .failed : .delivered))
        }
        return events
    }

    @Test("a failure rate that is clearly bad fires, a tiny sample is no data; statuses, history and acknowledgements are kept", arguments: StoreBackend.allCases)
    func evaluate(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        _ = try await store.ingest(messages(store: "lkt", count: 100, failed: 20) + messages(store: "hph", count: 3, failed: 1), at: instant("2026-03-02T12:00:00Z"))
        var rule = AlertRule.sopDefaults.first { $0.id == "message_failure_rate" }!
        rule.forSeconds = 60
        let monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule])

        func round(at time: String) async throws -> [AlertTransition] {
            let current = Dictionary(uniqueKeysWithValues: try await store.alertStatuses().map { ($0.id, $0) })
            let round = try await monitor.evaluate(current: current, now: instant(time))
            try await store.recordAlerts(round.statuses, transitions: round.transitions, audit: [])
            return round.transitions
        }
        // hph starts as no data and stays so: no transition. lkt turns pending.
        #expect(try await round(at: "2026-03-02T12:00:00Z").map { "\($0.alertID) \($0.to.rawValue)" } == ["message_failure_rate:store=lkt pending"])
        #expect(try await round(at: "2026-03-02T12:00:30Z").isEmpty)
        let fired = try await round(at: "2026-03-02T12:01:00Z")
        #expect(fired.map(\.alertID) == ["message_failure_rate:store=lkt"])
        #expect(fired.first?.severity == .critical)
        let measurement = try #require(fired.first?.measurement)
        #expect(measurement.value == 0.2)
        #expect(measurement.sample == 100)
        #expect(abs((measurement.bound ?? 0) - 0.133367) < 0.00001)  // the Wilson lower bound of 20 in 100

        let statuses = Dictionary(uniqueKeysWithValues: try await store.alertStatuses().map { ($0.id, $0) })
        #expect(statuses["message_failure_rate:store=lkt"]?.condition == .firing)
        #expect(statuses["message_failure_rate:store=hph"]?.condition == .noData)
        #expect(statuses["message_failure_rate:store=lkt"]?.breachSince == instant("2026-03-02T12:00:00Z"))

        let before = Dictionary(uniqueKeysWithValues: try await store.alertStatuses().map { ($0.id, $0) })
        let acknowledgement = AlertAcknowledgement(by: "floor-manager", at: instant("2026-03-02T12:05:00Z"), comment: "carrier ticket open", until: nil)
        let acknowledged = try await store.acknowledgeAlert("message_failure_rate:store=lkt", acknowledgement)
        #expect(acknowledged?.acknowledgement == acknowledgement)
        #expect(try await store.alertStatuses().first { $0.id == "message_failure_rate:store=lkt" }?.acknowledgement == acknowledgement)
        #expect(try await store.acknowledgeAlert("message_failure_rate:store=hph", acknowledgement)?.acknowledgement == nil)  // not firing
        #expect(try await store.acknowledgeAlert("no-such-alert", acknowledgement) == nil)
        #expect(try await store.auditLog(after: 0, limit: 10).map(\.action) == ["alert.acknowledged"])
        // A round that read the statuses before the acknowledgement does not wipe it out.
        let late = try await monitor.evaluate(current: before, now: instant("2026-03-02T12:06:00Z"))
        try await store.recordAlerts(late.statuses, transitions: late.transitions, audit: [])
        #expect(try await store.alertStatuses().first { $0.id == "message_failure_rate:store=lkt" }?.acknowledgement == acknowledgement)

        let history = try await store.alertHistory(after: 0, limit: 100, alertID: "message_failure_rate:store=lkt")
        #expect(history.map(\.transition.to) == [.pending, .firing])
        #expect(history.last?.transition.measurement?.numerator == 20)
        #expect(try await store.alertHistory(after: history[0].sequence, limit: 100, alertID: nil).count >= 1)
    }

    @Test("a component reported down fires the system rule for the stores it affects", arguments: StoreBackend.allCases)
    func systemDown(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let down = Event(
            id: "s1", occurredAt: instant("2026-03-02T11:00:00Z"), leadID: SystemStatus.ledgerKey(component: "sms_gateway"),
            payload: .systemStatus(SystemStatus(component: "sms_gateway", health: .down, storeID: "lkt")))
        // Slow before it went down; another component down earlier but only slow now: down is down, slow is not.
        let report = { (id: String, at: String, component: String, health: SystemStatus.Health) in
            Event(
                id: EventID(id), occurredAt: instant(at), leadID: SystemStatus.ledgerKey(component: component),
                payload: .systemStatus(SystemStatus(component: component, health: health, storeID: "lkt")))
        }
        let before = [
            report("s0", "2026-03-02T10:30:00Z", "sms_gateway", .degraded), report("c1", "2026-03-02T09:00:00Z", "crm_feed", .down),
            report("c2", "2026-03-02T10:00:00Z", "crm_feed", .degraded),
        ]
        _ = try await store.ingest(messages(store: "lkt", count: 1, failed: 0) + before + [down], at: instant("2026-03-02T12:00:00Z"))
        var rule = AlertRule.sopDefaults.first { $0.id == "system_down" }!
        rule.forSeconds = 0
        let chicago = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "America/Chicago")!)])
        let round = try await AlertMonitor(rollups: store, events: store, configuration: chicago, rules: [rule])
            .evaluate(current: [:], now: instant("2026-03-02T12:00:00Z"))
        let byID = Dictionary(uniqueKeysWithValues: round.statuses.map { ($0.id, $0) })
        #expect(byID["system_down:store=lkt"]?.condition == .firing)
        #expect(byID["system_down:store=lkt"]?.measurement?.value == 1)
        // On the store's clock, its zone named: 11:00 UTC is 05:00 in Chicago in March (before the change to daylight time).
        #expect(byID["system_down:store=lkt"]?.measurement?.note == "SMS gateway down since 2 Mar 2026 05:00 CST")
        #expect(byID["system_down:group"]?.condition == .ok)
    }
}
