import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// The SOP's compliance rule: any text after an opt-out is critical at once.
@Suite("Compliance alert over stored events")
struct ComplianceAlertTests {
    @Test(
        "a text after STOP fires critical at once with the lead and the sender; a store whose opt-outs were respected is ok; one without opt-outs has no reading",
        arguments: StoreBackend.allCases)
    func fires(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        var make = EventFactory(lead: "L-1")
        var clean = EventFactory(lead: "L-2")
        let events = [
            make.created(0, store: "lkt"), make.received(60, message: "in1", body: "STOP"), make.sent(70, message: "confirm"),
            make.sent(900, message: "promo", sender: .agent, agent: "amy"),
            clean.created(0, store: "hph"), clean.sent(30, message: "hello"), clean.received(40, message: "in2", body: "unsubscribe"),
            clean.sent(45, message: "you-are-unsubscribed"),
        ]
        var quiet = EventFactory(lead: "L-3")
        let others = [quiet.created(0, store: "rvc"), quiet.sent(30, message: "hi-rvc")]
        _ = try await store.ingest(events + others, at: make.at(1000))
        let rule = try #require(AlertRule.sopDefaults.first { $0.id == "compliance_violations" })
        let monitor = AlertMonitor(rollups: store, events: store, configuration: PitwallConfiguration(), rules: [rule], leads: store)
        let round = try await monitor.evaluate(current: [:], now: make.at(1000))
        let byStore = Dictionary(uniqueKeysWithValues: round.statuses.map { ($0.segment.store?.rawValue ?? "group", $0) })
        let lkt = try #require(byStore["lkt"])
        #expect(lkt.condition == .firing)
        #expect(lkt.severity == .critical)
        #expect(lkt.measurement?.note == "1 text after an opt-out (lead L-1 by amy)")
        #expect(byStore["hph"]?.condition == .ok)
        #expect(byStore["rvc"] == nil)
        #expect(rule.isTouched(by: EventTouch(events: [make.sent(2000, message: "again")])))
        // A day later the window has moved on: the alert resolves.
        var current = Dictionary(uniqueKeysWithValues: round.statuses.map { ($0.id, $0) })
        let later = try await monitor.evaluate(current: current, now: make.at(1000 + 86_400 + 60))
        current = Dictionary(uniqueKeysWithValues: later.statuses.map { ($0.id, $0) })
        #expect(current[lkt.id]?.condition == .resolved || current[lkt.id]?.condition == .ok)
    }
}
