import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// What every backend's change log must do.
@Suite("Change log contract")
struct ChangeLogContractTests {
    let now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    func change(
        _ id: String, day: String, store: StoreID?, segment: ProcessChange.Segment? = nil, figure: KPIKey = .leadResponseRate, note: String? = nil
    ) -> ProcessChange {
        ProcessChange(
            id: id, day: CivilDate(iso: day)!, store: store, segment: segment, figure: figure, title: "New first text for \(id)", note: note,
            recordedBy: "marketing", recordedAt: now)
    }

    @Test("changes are kept whole, found by day and store (a store's list holds every store's changes too), oldest first; a retry replaces; removing logs who did",
        arguments: StoreBackend.allCases)
    func recordsFindsRemoves(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let template = change("ch-1", day: "2026-03-10", store: "north", note: "Shorter — names the car, asks \"when\"")
        let everywhere = change("ch-2", day: "2026-03-01", store: nil, segment: .init(dimension: .source, value: "facebook"), figure: .optOutRate)
        let south = change("ch-3", day: "2026-04-02", store: "south", figure: .slaAttainment)
        for recorded in [template, everywhere, south] { try await store.recordChange(recorded) }
        #expect(try await store.processChanges(days: nil, store: nil) == [everywhere, template, south])
        let march = CivilDate(iso: "2026-03-01")!...CivilDate(iso: "2026-03-31")!
        #expect(try await store.processChanges(days: march, store: nil) == [everywhere, template])
        #expect(try await store.processChanges(days: nil, store: "north") == [everywhere, template])
        #expect(try await store.processChanges(days: nil, store: "south") == [everywhere, south])
        #expect(try await store.processChanges(days: CivilDate(iso: "2026-03-10")!...CivilDate(iso: "2026-03-10")!, store: nil) == [template])
        // A retry (or an edit) with the same id replaces, never doubles.
        var moved = template
        moved.day = CivilDate(iso: "2026-03-11")!
        moved.store = nil
        try await store.recordChange(moved)
        #expect(try await store.processChanges(days: nil, store: "south") == [everywhere, moved, south])
        #expect(try await store.removeChange("ch-2", by: "owner", at: now.adding(seconds: 60)) == everywhere)
        #expect(try await store.removeChange("ch-2", by: "owner", at: now.adding(seconds: 61)) == nil)
        #expect(try await store.processChanges(days: nil, store: nil) == [moved, south])
        let audit = try await store.latestAuditEntries(limit: 10)
        #expect(
            audit.contains {
                $0.action == "change.removed" && $0.actor == "owner" && $0.subject == "ch-2"
                    && $0.detail == "New first text for ch-2 (every store, source facebook on 2026-03-01, opt_out_rate)"
            })
        #expect(audit.filter { $0.action == "change.recorded" && $0.actor == "marketing" }.count == 4)
    }

    @Test("an edit puts new fields under the recorded id, recorder and time, and logs who edited it and what it was", arguments: StoreBackend.allCases)
    func edits(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let recorded = change("ch-1", day: "2026-03-10", store: "north", note: "first try")
        try await store.recordChange(recorded)
        var fields = change("ch-1", day: "2026-03-08", store: nil, segment: .init(dimension: .campaign, value: "spring"), figure: .optOutRate)
        fields.recordedBy = "someone else"
        fields.recordedAt = now.adding(seconds: 999)
        let edited = try #require(try await store.editChange(fields, by: "owner", at: now.adding(seconds: 120)))
        #expect(edited.recordedBy == "marketing" && edited.recordedAt == now && edited.day == fields.day && edited.note == nil)
        #expect(edited.store == nil && edited.segment == fields.segment && edited.figure == .optOutRate)
        #expect(try await store.processChanges(days: nil, store: nil) == [edited])
        var unknown = fields
        unknown.id = "ch-9"
        #expect(try await store.editChange(unknown, by: "owner", at: now.adding(seconds: 121)) == nil)
        #expect(try await store.processChanges(days: nil, store: nil) == [edited])
        let audit = try await store.latestAuditEntries(limit: 10)
        #expect(audit.filter { $0.action == "change.edited" }.count == 1)
        let line = try #require(audit.first { $0.action == "change.edited" })
        #expect(line.actor == "owner" && line.subject == "ch-1" && line.at == now.adding(seconds: 120))
        #expect(
            line.detail == "New first text for ch-1 (every store, campaign spring on 2026-03-08, opt_out_rate); was New first text for ch-1 (north on 2026-03-10, lead_response_rate)")
    }
}
