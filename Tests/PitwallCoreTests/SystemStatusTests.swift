import Foundation
import Testing

@testable import PitwallCore

@Suite("System health")
struct SystemStatusTests {
    func signal(_ id: String, _ time: String, _ component: String, _ health: SystemStatus.Health, store: StoreID? = nil) -> SystemSignal {
        SystemSignal(eventID: EventID(id), at: try! Timestamp(rfc3339: time), status: SystemStatus(component: component, health: health, storeID: store))
    }

    @Test("a system.status event needs no lead and reads back the same")
    func parsing() throws {
        let object = try JSONSerialization.jsonObject(
            with: Data(#"{"id":"s1","type":"system.status","occurred_at":"2026-03-02T10:00:00Z","component":"ai_assistant","status":"down","region":"east"}"#.utf8))
            as! [String: Any]
        let event = try Event(jsonObject: object)
        #expect(event.payload == .systemStatus(SystemStatus(component: "ai_assistant", health: .down)))
        #expect(event.leadID == "system:ai_assistant")
        #expect(!event.canonicalJSON.contains("lead_id"))
        let again = try Event(jsonObject: JSONSerialization.jsonObject(with: Data(event.canonicalJSON.utf8)) as! [String: Any])
        #expect(again == event)
        var ledger = LeadLedger()
        ledger.apply(event, ingestedAt: event.occurredAt)
        #expect(ledger.leads.isEmpty)
        #expect(ledger.signals.count == 1)
        let missing = try JSONSerialization.jsonObject(
            with: Data(#"{"id":"s2","type":"system.status","occurred_at":"2026-03-02T10:00:00Z","status":"down"}"#.utf8)) as! [String: Any]
        #expect(throws: EventFieldError(field: "component", problem: "is required for system.status")) { try Event(jsonObject: missing) }
    }

    @Test("outages run from the first bad report to the next up, per component and store, in any order")
    func windows() {
        let signals = [
            signal("c", "2026-03-02T10:30:00Z", "ai_assistant", .up),
            signal("a", "2026-03-02T10:00:00Z", "ai_assistant", .degraded),
            signal("b", "2026-03-02T10:10:00Z", "ai_assistant", .down),
            signal("d", "2026-03-02T11:00:00Z", "sms_gateway", .down, store: "lkt"),
            signal("e", "2026-03-02T12:00:00Z", "ai_assistant", .up),
        ]
        let outages = Outage.windows(from: signals)
        #expect(outages.count == 2)
        #expect(outages[0].component == "ai_assistant" && outages[0].health == .down)
        #expect(outages[0].ended == (try? Timestamp(rfc3339: "2026-03-02T10:30:00Z")))
        #expect(outages[1].ended == nil)
        #expect(outages[1].affects("lkt") && !outages[1].affects("hph"))
        #expect(outages[0].affects("hph"))
    }
}
