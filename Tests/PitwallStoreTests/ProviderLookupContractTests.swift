import Foundation
import Testing

import PitwallCore
import PitwallTestSupport

/// What an SMS provider's callback names (a message id, a phone number), mapped to the lead.
@Suite("Provider lookups contract")
struct ProviderLookupContractTests {
    @Test("a delivery callback's message id finds the lead it was sent to; an unknown or inbound id finds none", arguments: StoreBackend.allCases)
    func byMessage(backend: StoreBackend) async throws {
        let (store, cleanUp) = try backend.make()
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
        let (store, cleanUp) = try backend.make()
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
}
