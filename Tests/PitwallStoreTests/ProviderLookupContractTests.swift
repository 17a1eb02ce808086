import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// What an SMS provider's callback names (a message id, a phone number), mapped to the lead.
@Suite("Provider lookups contract")
struct ProviderLookupContractTests {
    @Test("a delivery callback's message id finds the lead it was sent to; an unknown or inbound id finds none", arguments: StoreBackend.allCases)
    func byMessage(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        var first = EventFactory(lead: "L-1")
        var second = EventFactory(lead: "L-2")
        _ = try await store.ingest(
            [first.created(0), first.sent(30, message: "SM-1"), second.created(60), second.sent(90, message: "SM-2"), second.received(120, message: "SM-in")],
            at: first.at(200))
        #expect(try await store.lead(sentMessage: "SM-1") == "L-1")
        #expect(try await store.lead(sentMessage: "SM-2") == "L-2")
        #expect(try await store.lead(sentMessage: "SM-in") == nil)
        #expect(try await store.lead(sentMessage: "SM-404") == nil)
    }

    @Test("an incoming text's number finds the newest lead with that phone at that store, however it was written", arguments: StoreBackend.allCases)
    func byPhone(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        // The factory's leads all have the phone +1 312 555 0101.
        var older = EventFactory(lead: "L-old")
        var newer = EventFactory(lead: "L-new")
        var elsewhere = EventFactory(lead: "L-other-store")
        _ = try await store.ingest([older.created(0), newer.created(3600), elsewhere.created(7200, store: "store-b")], at: older.at(8000))
        let key = try #require(ContactKey.phone("(312) 555-0101"))
        #expect(try await store.newestLead(at: "store-a", phoneKey: key, since: older.at(-1)) == "L-new")
        #expect(try await store.newestLead(at: "store-b", phoneKey: key, since: older.at(-1)) == "L-other-store")
        #expect(try await store.newestLead(at: "store-a", phoneKey: key, since: older.at(7000)) == nil)
        #expect(try await store.newestLead(at: "store-a", phoneKey: "19995550000", since: older.at(-1)) == nil)
    }

    @Test("held callbacks come back as they went in, oldest first, once per key, until released", arguments: StoreBackend.allCases)
    func heldCallbacks(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        let base = try Timestamp(rfc3339: "2026-03-02T15:00:00Z")
        let report = HeldCallback(
            update: .delivery(.init(provider: "twilio", messageID: "SM-9", providerStatus: "undelivered", status: .undelivered, errorCode: "30003", at: base)),
            stores: ["lkt"], receivedAt: base.adding(seconds: 5))
        let text = HeldCallback(
            update: .inbound(.init(provider: "bandwidth", messageID: "IN-1", from: "+13128675309", body: "Is the CR-V still there?\nThanks", at: nil)),
            stores: ["lkt", "nrh"], receivedAt: base)
        try await store.hold(report)
        try await store.hold(text)
        // A retry of the same callback, arriving later with other details, is not held twice.
        var retry = report
        retry.receivedAt = base.adding(seconds: 60)
        try await store.hold(retry)
        #expect(try await store.heldCallbacks(limit: 10) == [text, report])
        #expect(try await store.heldCallbacks(limit: 1) == [text])
        try await store.release([text.key, "unknown-key"])
        #expect(try await store.heldCallbacks(limit: 10) == [report])
        #expect(report.key == "twilio:status:SM-9:undelivered")
    }
}
