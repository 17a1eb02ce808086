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

    @Test(
        "the leads the compliance scan reads: texted and opted out, by event or in words, even if back in since; not those never texted or never opted out",
        arguments: StoreBackend.allCases)
    func leadsTextedAndOptedOut(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        func story(_ id: String, store: StoreID = "lkt", created: Bool = true, _ then: (inout EventFactory) -> [Event]) -> [Event] {
            var make = EventFactory(lead: LeadID(id))
            return (created ? [make.created(0, store: store)] : []) + then(&make)
        }
        let events =
            story("by-event") { [$0.sent(30, message: "e-1"), $0.make(60, .leadOptedOut(OptOut(channel: .sms)))] }
            + story("in-words") { [$0.sent(30, message: "w-1"), $0.received(60, message: "w-in", body: "please stop texting me")] }
            + story("back-in") { [$0.sent(30, message: "b-1"), $0.received(60, message: "b-in", body: "STOP"), $0.received(90, message: "b-in2", body: "START")] }
            + story("never-texted") { [$0.received(60, message: "n-in", body: "STOP")] }
            + story("kept-talking") { [$0.sent(30, message: "k-1"), $0.received(60, message: "k-in", body: "Is it still available?")] }
            + story("elsewhere", store: "hph") { [$0.sent(30, message: "x-1"), $0.received(60, message: "x-in", body: "stop")] }
            + story("no-creation", created: false) { [$0.sent(30, message: "c-1"), $0.received(60, message: "c-in", body: "STOP")] }
        _ = try await store.ingest(events, at: EventFactory(lead: "any").at(1_000))
        let since = EventFactory(lead: "any").at(-3_600)
        #expect(try await store.leadsTextedAndOptedOut(since: since, store: "lkt").map(\.leadID) == ["back-in", "by-event", "in-words"])
        let all = try await store.leadsTextedAndOptedOut(since: since, store: nil)
        #expect(all.map(\.leadID) == ["back-in", "by-event", "elsewhere", "in-words", "no-creation"])
        #expect(all == (try await store.leadStates(since: since, store: nil)).filter(\.wasTextedAndOptedOut))
    }
}
