import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// Leads whose timestamps cannot be right: listed, counted per source, and kept out of the
/// response-time figures, on every backend.
@Suite("Timestamp audit")
struct TimestampAuditTests {
    func instant(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    @Test("each kind of bad timestamp is found, shared out per source, and kept out of the averages", arguments: StoreBackend.allCases)
    func audit(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make(configuration: PitwallConfiguration())
        defer { cleanUp() }
        let base = instant("2026-03-02T15:00:00Z")
        let now = instant("2026-03-03T00:00:00Z")
        var events: [Event] = []
        var arrivals: [Timestamp] = []
        func lead(_ id: String, arriving: Timestamp = now, _ body: (inout EventFactory) -> [Event]) {
            var make = EventFactory(lead: LeadID(id), base: base)
            let made = body(&make)
            events += made
            arrivals += Array(repeating: arriving, count: made.count)
        }
        lead("L-ok") { [$0.created(0), $0.sent(60, message: "ok-1")] }
        // Answered 40 s before the form was sent: a clock is wrong somewhere.
        lead("L-negative") { [$0.created(0, submittedSecondsEarlier: 10), $0.sent(-50, message: "neg-1")] }
        // The form is stamped two minutes after the CRM got it; the answer 80 s after the form.
        lead("L-submitted-late") { [$0.created(0, submittedSecondsEarlier: -120), $0.sent(200, message: "late-1")] }
        // The answer is dated an hour after it reached Pitwall.
        lead("L-future") { [$0.created(0), $0.sent(base.seconds(until: now) + 3600, message: "fut-1")] }
        // Messages about a lead whose lead.created never came.
        lead("L-orphan") { [$0.sent(60, message: "orphan-1")] }
        _ = try await store.ingest(PreparedBatch(events, receivedAt: arrivals), at: now)

        let audit = TimestampAudit(leads: try await store.leadStates(since: base.adding(seconds: -86_400), store: nil), policy: ResponseTimePolicy(), now: now)
        #expect(audit.leadsChecked == 5)
        let problems = Dictionary(uniqueKeysWithValues: audit.findings.map { ($0.state.leadID, $0.problems) })
        #expect(problems["L-ok"] == nil)
        #expect(problems["L-negative"] == [.negativeResponseTime])
        #expect(problems["L-submitted-late"] == [.submittedAfterReceived])
        #expect(problems["L-future"] == [.responseInFuture, .datedAfterArrival, .datedInFuture])
        #expect(problems["L-orphan"] == [.missingLeadCreated])
        #expect(audit.excludedFromResponseTimes == 2)
        let website = try #require(audit.bySource.first { $0.source == "website" })
        #expect((website.leads, website.flagged) == (4, 3))
        #expect(website.share == 0.75)
        let unknown = try #require(audit.bySource.first { $0.source == TimestampAudit.unknownSource })
        #expect((unknown.leads, unknown.flagged, unknown.share) == (1, 1, 1.0))

        // One store: the orphan cannot be placed in a store, so it is left out.
        let oneStore = try await store.leadStates(since: base.adding(seconds: -86_400), store: "store-a")
        #expect(oneStore.map(\.leadID) == ["L-future", "L-negative", "L-ok", "L-submitted-late"])

        // The scorecard averages the two trustworthy answers (60 s and 80 s) and counts the two others apart.
        let report = try await store.scorecard(KPIQuery(from: CivilDate(iso: "2026-03-02")!, to: CivilDate(iso: "2026-03-02")!))
        let response = try #require(report.result(.firstResponseTime))
        #expect(response.detail("count") == 2)
        #expect(response.detail("mean") == 70)
        #expect(abs((response.value ?? 0) - 60) <= 0.6)  // the median comes from the 1 % sketch
        #expect(response.detail("excluded") == 2)
        #expect(response.detail("unanswered") == 0)
    }
}
