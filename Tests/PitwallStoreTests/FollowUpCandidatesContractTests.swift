import Foundation
import Testing

import PitwallCore
import PitwallSimulator
import PitwallTestSupport

/// The follow-ups list ranks what each backend reads off its lead table
/// (`followUpCandidates`), then shows the states of the leads it lists (`leadStates(of:)`).
/// Both must be what the leads' full states say, on every backend.
@Suite("What the follow-ups list ranks, read without the states")
struct FollowUpCandidatesContractTests {
    static let base = try! Timestamp(rfc3339: "2026-03-02T15:00:00Z")

    /// A lead for each fact the rank reads, and its edge.
    static func events() -> [Event] {
        var events: [Event] = []
        func lead(_ id: LeadID, _ story: (inout EventFactory) -> [Event]) {
            var make = EventFactory(lead: id, base: base)
            events += story(&make)
        }
        lead("fast") { [$0.created(0, submittedSecondsEarlier: 30), $0.sent(200, message: "fast-m")] }
        // 290 s after the CRM got it, 350 s after the customer asked: not fast.
        lead("slow-since-asked") { [$0.created(0, submittedSecondsEarlier: 60), $0.sent(290, message: "slow-m")] }
        lead("auto-reply-only") { [$0.created(0), $0.sent(5, message: "auto-m", autoReply: true)] }
        lead("unanswered") { [$0.created(0)] }
        lead("talking") { make in
            [make.created(0, tier: .cold), make.sent(60, message: "t-m")] + (1...3).map { make.received(Double(100 * $0), message: "t-r\($0)") }
        }
        lead("booked") { [$0.created(0), $0.sent(60, message: "b-m"), $0.appointmentSet(500, id: "b-appt", scheduledInSeconds: 86_400)] }
        lead("bought") { [$0.created(0), $0.sent(60, message: "s-m"), $0.sale(86_400, id: "s-sale", amount: 30_000)] }
        lead("stopped") { [$0.created(0), $0.sent(60, message: "o-m"), $0.received(90, message: "o-r", body: "Stop")] }
        lead("stopped-then-back") { make in
            [make.created(0), make.sent(60, message: "ob-m"), make.received(90, message: "ob-r1", body: "STOP"), make.received(400, message: "ob-r2", body: "start")]
        }
        lead("complained") { [$0.created(0), $0.sent(60, message: "c-m"), $0.make(90, .leadComplained(Complaint()))] }
        lead("assigned") { [$0.created(0, source: "cargurus", tier: nil), $0.make(30, .leadAssigned(agent: "maria")), $0.sent(45, message: "a-m", sender: .agent, agent: "maria")] }
        lead("other-store") { [$0.created(0, store: "store-b"), $0.sent(60, message: "x-m")] }
        // Nothing to reach it by, and a vehicle without a make or model.
        lead("bare") { make in
            [make.make(0, .leadCreated(LeadCreated(storeID: "store-a", source: "walk-in", vehicle: Vehicle(condition: .used, make: ""), contact: Contact(phone: "12")))),
             make.sent(60, message: "bare-m")]
        }
        lead("email-only") { make in
            [make.make(0, .leadCreated(LeadCreated(storeID: "store-a", source: "website", vehicle: Vehicle(model: "Civic"), contact: Contact(email: "sam@example.com")))),
             make.sent(60, message: "e-m")]
        }
        // Heard of only by a reply: no `lead.created` yet, so not one to rank.
        lead("orphan") { [$0.received(60, message: "orphan-r")] }
        return events
    }

    @Test("each lead's candidate is its state's, and the states by id are the leads' own", arguments: StoreBackend.allCases)
    func handMade(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        _ = try await store.ingest(Self.events(), at: Self.base.adding(seconds: 200_000))
        let (from, before) = (Self.base.adding(seconds: -3_600), Self.base.adding(seconds: 3_600))
        let candidates = try await store.followUpCandidates(createdFrom: from, before: before, store: nil).sorted { $0.leadID < $1.leadID }
        let states = try await store.leadStates(createdFrom: from, before: before, store: nil)
        #expect(candidates == states.compactMap(FollowUpCandidate.init(state:)).sorted { $0.leadID < $1.leadID })
        func candidate(_ id: LeadID) -> FollowUpCandidate? { candidates.first { $0.leadID == id } }

        #expect(candidates.count == 14, "every created lead, the orphan not")
        #expect(candidate("fast")?.signals.answeredFast == true && candidate("slow-since-asked")?.signals.answeredFast == false)
        #expect(candidate("auto-reply-only")?.answered == false && candidate("unanswered")?.answered == false && candidate("fast")?.answered == true)
        #expect(candidate("talking")?.signals.replies == 3 && candidate("talking")?.signals.tier == .cold && candidate("talking")?.isOpen == true)
        #expect(candidate("booked")?.signals.appointmentsSet == 1 && candidate("booked")?.isOpen == false)
        #expect(candidate("bought")?.signals.verdict == .bought && candidate("stopped")?.signals.verdict == .optedOut)
        #expect(candidate("stopped-then-back")?.signals.verdict == nil && candidate("stopped-then-back")?.isOpen == true, "back in after the STOP")
        #expect(candidate("complained")?.signals.verdict == .complained)
        #expect(candidate("assigned")?.agentID == "maria" && candidate("assigned")?.source == "cargurus" && candidate("assigned")?.signals.tier == nil)
        #expect(candidate("bare")?.signals.reachable == false && candidate("bare")?.signals.vehicleNamed == false)
        #expect(candidate("email-only")?.signals.reachable == true && candidate("email-only")?.signals.vehicleNamed == true)
        #expect(candidate("fast")?.signals.reachable == true && candidate("fast")?.signals.vehicleNamed == true)
        #expect(try await store.followUpCandidates(createdFrom: from, before: before, store: "store-b").map(\.leadID) == ["other-store"])
        #expect(try await store.followUpCandidates(createdFrom: before, before: before.adding(seconds: 3_600), store: nil).isEmpty)

        let wanted: [LeadID] = ["talking", "assigned", "nobody", "orphan"]
        let shown = try await store.leadStates(of: wanted).sorted { $0.leadID < $1.leadID }
        let own = try await store.leadStates(since: from, store: nil).filter { wanted.contains($0.leadID) }.sorted { $0.leadID < $1.leadID }
        #expect(shown.map(\.leadID) == ["assigned", "orphan", "talking"], "an unknown id is left out")
        #expect(shown == own)
        #expect(try await store.leadStates(of: []).isEmpty)
    }

    @Test("on a simulated group, every day's candidates are its states'", arguments: StoreBackend.allCases)
    func simulated(backend: StoreBackend) async throws {
        let settings = SimulatedKPITests.settings
        let group = SimulatedGroup(settings)
        let (store, cleanUp) = try await group.delivered(to: backend, seed: 53, resentAt: settings.end)
        defer { cleanUp() }
        var (day, compared, open) = (settings.start, 0, 0)
        while day < settings.end {
            let next = day.adding(milliseconds: Timestamp.millisecondsPerDay)
            let candidates = try await store.followUpCandidates(createdFrom: day, before: next, store: nil).sorted { $0.leadID < $1.leadID }
            let states = try await store.leadStates(createdFrom: day, before: next, store: nil)
            #expect(candidates == states.compactMap(FollowUpCandidate.init(state:)).sorted { $0.leadID < $1.leadID }, "\(day)")
            compared += candidates.count
            open += candidates.filter(\.isOpen).count
            day = next
        }
        #expect(compared > 1_000 && open > 0 && open < compared, "\(open) open of \(compared)")
    }
}
