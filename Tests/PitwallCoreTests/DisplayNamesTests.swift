import PitwallCore
import Testing

@Suite("Sources and agents by the names people know them by")
struct DisplayNamesTests {
    let names = DisplayNames(sources: ["cars_com": "Cars.com", "cargurus": "CarGurus"], agents: ["lkt-maria": "Maria Lopez"])

    @Test("a named source or agent shows its name, anything else as sent, and other segments are left alone")
    func lookUp() {
        #expect(names.source("cars_com") == "Cars.com" && names.source("truecar") == "truecar")
        #expect(names.agent(AgentID("lkt-maria")) == "Maria Lopez" && names.agent("lkt-ben") == "lkt-ben")
        #expect(names.value("cars_com", of: .source) == "Cars.com")
        #expect(names.value("lkt-maria", of: .agent) == "Maria Lopez")
        #expect(names.value("cars_com", of: .campaign) == "cars_com", "a campaign that happens to share a source's id is not renamed")
        #expect(names.value("unknown", of: .responseBucket) == "clock problems" && names.value("5-15 min", of: .responseBucket) == "5-15 min")
        #expect(names.value("unknown", of: .region) == "unknown", "only the wait bucket of that name means clock problems")
    }

    @Test("an alert's 'Where' and a lead's timeline use the names")
    func inSentences() throws {
        #expect(AlertSegment(store: "lkt", breakdown: "source=cargurus").breakdown(in: names) == "source: CarGurus")
        #expect(AlertSegment(store: "lkt", breakdown: "source=cargurus").breakdownInWords == "source: cargurus")
        let at = try Timestamp(rfc3339: "2026-03-02T15:00:00Z")
        let created = Event(id: "e1", occurredAt: at, leadID: "L-1", payload: .leadCreated(LeadCreated(storeID: "lkt", source: "cars_com")))
        let assigned = Event(id: "e2", occurredAt: at, leadID: "L-1", payload: .leadAssigned(agent: "lkt-maria", notifiedVia: "push"))
        let sent = Event(
            id: "e3", occurredAt: at, leadID: "L-1", payload: .messageSent(MessageSent(messageID: "m1", channel: .sms, sender: .agent, agentID: "lkt-maria")))
        let lines = LeadTimeline.lines([created, assigned, sent], names: names)
        #expect(lines.map(\.description.title) == ["Lead came in", "Assigned to Maria Lopez", "Maria Lopez sent a text"])
        #expect(lines[0].description.detail == "from Cars.com")
        #expect(lines[1].description.detail == "told by push", "how the agent was told of the lead, where the hand-off says")
    }
}
