import Foundation
import Testing

import PitwallCore
@testable import PitwallSQLite
import PitwallSimulator
import PitwallTestSupport

/// What every store must do. A new backend is added to `StoreBackend` and must pass all of it.
@Suite("Event store contract")
struct EventStoreContractTests {
    let now = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)

    func withStore(_ backend: StoreBackend, _ body: (any EventStore & AccessTokenStore) async throws -> Void) async throws {
        let (store, cleanUp) = try await backend.make()
        defer { cleanUp() }
        try await body(store)
    }

    func story() -> [Event] { EventFactory.wonLead() }

    @Test("new events are accepted; sending them again changes nothing", arguments: StoreBackend.allCases)
    func acceptsThenDeduplicates(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let events = story()
            #expect(try await store.ingest(events, at: now) == Array(repeating: .accepted, count: events.count))
            let before = try await store.ledgerSnapshot()
            #expect(try await store.ingest(events, at: now.adding(seconds: 60)) == Array(repeating: .duplicate, count: events.count))
            #expect(try await store.ledgerSnapshot() == before)
            #expect(try await store.totals() == StoreTotals(events: events.count, leads: 1))
        }
    }

    @Test("a reused id with other content is a conflict and the first version stands", arguments: StoreBackend.allCases)
    func conflict(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var make = EventFactory()
            let original = make.sale(100, id: "s1", amount: 30_000)
            var changed = original
            changed.payload = .saleClosed(SaleClosed(saleID: "s1", amount: Money(amount: 31_000)))
            _ = try await store.ingest([original], at: now)
            #expect(try await store.ingest([changed], at: now) == [.conflict])
            #expect(try await store.events(of: "lead-1").map(\.event) == [original])
            #expect(try await store.leadRecords("lead-1")?.state.revenue == Money(amount: 30_000))
        }
    }

    @Test("repeats inside one batch are told apart from conflicts", arguments: StoreBackend.allCases)
    func repeatsWithinBatch(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var make = EventFactory()
            let created = make.created(0)
            var clash = created
            clash.occurredAt = clash.occurredAt.adding(seconds: 1)
            let outcome = try await store.ingest([created, created, clash], at: now)
            #expect(outcome == [.accepted, .duplicate, .conflict])
        }
    }

    @Test("the stored lead state matches the story", arguments: StoreBackend.allCases)
    func leadState(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await store.ingest(story(), at: now)
            let records = try #require(try await store.leadRecords("lead-1"))
            let base = EventFactory().base
            #expect(records.state.profile?.contact?.email == "ana@example.com")
            #expect(records.state.profile?.vehicle?.model == "RAV4")
            #expect(records.state.startedAt == base.adding(seconds: -30))
            #expect(records.state.firstResponse?.at == base.adding(seconds: 42))
            #expect(records.state.firstAgentResponseAt == base.adding(seconds: 700))
            #expect(records.state.agentID == "maria")
            #expect(records.state.ingestedAt == now)
            #expect(records.messages.map(\.key.messageID) == ["auto", "m1", "r1", "m2"])
            #expect(records.messages.first { $0.key.messageID == "m1" }?.status == .delivered)
            #expect(records.appointments.map(\.outcome) == [.attended])
            #expect(records.sales.map(\.amount) == [Money(amount: 38_250.5)])
            #expect(try await store.leadRecords("nobody") == nil)
        }
    }

    @Test("many leads read at once come back whole, each once, the same as read one by one; unknown ids are left out", arguments: StoreBackend.allCases)
    func manyLeadsAtOnce(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var other = EventFactory(lead: "lead-2")
            let more = [other.created(0, store: "hph"), other.sent(30, message: "hello-2"), other.received(90, message: "back-2", body: "STOP")]
            // More leads than one read binds, so the reads are split and joined again.
            let crowd = (0..<1_100).map { index in
                var make = EventFactory(lead: LeadID("crowd-\(index)"))
                return make.created(Double(index), store: "lkt")
            }
            _ = try await store.ingest(story() + more + crowd, at: now)
            let asked: [LeadID] = ["lead-2", "nobody", "lead-1", "lead-2"] + crowd.map(\.leadID)
            let together = try await store.leadRecords(asked).sorted { $0.state.leadID < $1.state.leadID }
            var oneByOne: [LeadRecords] = []
            for id in Set(asked).sorted() {
                if let records = try await store.leadRecords(id) { oneByOne.append(records) }
            }
            #expect(together.count == 1_102)
            #expect(together == oneByOne)
            #expect(together.first { $0.state.leadID == "lead-1" }?.messages.map(\.key.messageID) == ["auto", "m1", "r1", "m2"])
            #expect(try await store.leadRecords([]).isEmpty)
        }
    }

    @Test("events read back in time order with their unknown fields", arguments: StoreBackend.allCases)
    func eventsReadBack(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var events = story()
            events[2].extras = ["crm": .object(["ref": .string("A-17"), "score": .number(61.5)]), "tags": .array([.string("vip"), .null])]
            _ = try await store.ingest(events.reversed(), at: now)
            let stored = try await store.events(of: "lead-1")
            #expect(stored.map(\.event) == events)
            #expect(stored.allSatisfy { $0.ingestedAt == now })
        }
    }

    @Test("a shuffled, repeated simulated stream gives the same ledger as in-order delivery", arguments: StoreBackend.allCases)
    func shuffledStream(backend: StoreBackend) async throws {
        var events: [Event] = []
        DealershipSimulator(settings: SimulationSettings(days: 3, seed: 11, storeCount: 3)).run { events.append($0) }
        #expect(events.count > 3_000)

        let (inOrder, cleanUpFirst) = try await backend.make()
        defer { cleanUpFirst() }
        for start in stride(from: 0, to: events.count, by: 700) {
            _ = try await inOrder.ingest(Array(events[start..<min(start + 700, events.count)]), at: now)
        }

        // Shuffle, then send a third of the events a second time inside later batches.
        var random = SeededRandom(seed: 99)
        var scrambled = events.shuffled(using: &random)
        scrambled += scrambled.prefix(events.count / 3).shuffled(using: &random)
        scrambled.shuffle(using: &random)
        let (outOfOrder, cleanUpSecond) = try await backend.make()
        defer { cleanUpSecond() }
        var duplicates = 0
        var start = 0
        while start < scrambled.count {
            let size = random.integer(1...900)
            let outcome = try await outOfOrder.ingest(Array(scrambled[start..<min(start + size, scrambled.count)]), at: now)
            duplicates += outcome.filter { $0 == .duplicate }.count
            #expect(!outcome.contains(.conflict))
            start += size
        }
        #expect(duplicates == events.count / 3)
        #expect(try await outOfOrder.ledgerSnapshot() == inOrder.ledgerSnapshot())
        #expect(try await outOfOrder.totals() == inOrder.totals())
    }

    @Test("large batches, whose change SQLite works out on a second core, give what small ones give, with repeats and conflicts", arguments: StoreBackend.allCases)
    func largeBatches(backend: StoreBackend) async throws {
        var events: [Event] = []
        DealershipSimulator(settings: SimulationSettings(days: 3, seed: 11, storeCount: 3)).run { events.append($0) }
        let (small, cleanUpSmall) = try await backend.make()
        defer { cleanUpSmall() }
        for start in stride(from: 0, to: events.count, by: 300) {
            _ = try await small.ingest(Array(events[start..<min(start + 300, events.count)]), at: now)
        }

        let (large, cleanUpLarge) = try await backend.make()
        defer { cleanUpLarge() }
        // All new: the worked-out change is kept.
        let half = events.count / 2
        #expect(half >= SQLiteStore.sharedWorkMinimum)
        #expect(try await large.ingest(Array(events[..<half]), at: now).allSatisfy { $0 == .accepted })
        // New events, a quarter of the first half again, and one id sent with other content:
        // the guess is thrown away and the change worked out from the new events only.
        var altered = events[0]
        altered.extras["note"] = .string("changed")
        var random = SeededRandom(seed: 5)
        let repeats = Array(events[..<(half / 4)])
        let second = (Array(events[half...]) + repeats + [altered]).shuffled(using: &random)
        #expect(second.count >= SQLiteStore.sharedWorkMinimum)
        let outcome = try await large.ingest(second, at: now)
        #expect(outcome.filter { $0 == .accepted }.count == events.count - half)
        #expect(outcome.filter { $0 == .duplicate }.count == repeats.count)
        #expect(outcome.filter { $0 == .conflict }.count == 1)

        #expect(try await large.ledgerSnapshot() == small.ledgerSnapshot())
        #expect(try await large.totals() == small.totals())
        let days = KPIQuery(from: CivilDate(year: 2026, month: 1, day: 5)!, to: CivilDate(year: 2026, month: 1, day: 7)!, groupBy: .store)
        #expect(try await large.scorecard(days).json == small.scorecard(days).json)
    }

    /// An import hands a store batch after batch; SQLite works out each batch's change while
    /// the one before it is still being written. Whatever a backend does, it must end where
    /// the same batches stored one at a time end, including when the batch before had repeats
    /// or something else wrote to the store in between.
    @Test("batches stored in order, as an import does, end where the same batches stored one at a time end", arguments: StoreBackend.allCases)
    func batchesInOrder(backend: StoreBackend) async throws {
        var events: [Event] = []
        DealershipSimulator(settings: SimulationSettings(days: 3, seed: 11, storeCount: 3)).run { events.append($0) }
        var batches = stride(from: 0, to: events.count, by: 400).map { Array(events[$0..<min($0 + 400, events.count)]) }
        #expect(batches.count >= 8)
        var lead = EventFactory(lead: "x-lead")
        var other = EventFactory(lead: "y-lead")
        // The text goes out in one batch; its delivery receipt, filed under another lead, comes
        // in the next, while the text is not in the file yet.
        batches[1] += [lead.created(0), lead.sent(40, message: "m-x")]
        batches[2] += [other.created(60), other.status(90, message: "m-x", .delivered)]
        // A retry: part of the batch before comes again.
        batches[3] += batches[2].prefix(25)
        // The lead's reply is written by someone else between two batches of the import, and
        // the agent's answer is in the next batch of the import.
        let replyFromElsewhere = [lead.received(400, message: "r-x")]
        batches[5] += [lead.sent(500, message: "m-x2", sender: .agent, agent: "maria")]

        let (oneByOne, cleanUpFirst) = try await backend.make()
        defer { cleanUpFirst() }
        for (index, batch) in batches.enumerated() {
            if index == 5 { _ = try await oneByOne.ingest(replyFromElsewhere, at: now) }
            _ = try await oneByOne.ingest(batch, at: now)
        }

        let (inOrder, cleanUpSecond) = try await backend.make()
        defer { cleanUpSecond() }
        var reports: [IngestReport] = []
        let clock = ManualClock(now)
        // Asked for the batch after next just before the batch before it is written.
        let next = handingOut(batches) { handed in
            if handed == 6 { _ = try await inOrder.ingest(replyFromElsewhere, at: self.now) }
        }
        let stored: (DecodedBatch, IngestReport) async throws -> Void = { _, report in reports.append(report) }
        if let sqlite = inOrder as? SQLiteStore {
            let tally = try await sqlite.ingestInOrderTallying(next: next, clock: clock, stored: stored)
            // The first batch goes the ordinary way; the one with repeats and the one after the
            // write from elsewhere are worked out again; every other was worked out ahead.
            #expect(tally == SQLiteStore.OrderedIngestTally(ordinary: 1, workedOutAhead: batches.count - 3, workedOutAgain: 2))
        } else {
            try await inOrder.ingestInOrder(next: next, clock: clock, stored: stored)
        }

        #expect(reports.count == batches.count)
        #expect(reports.map(\.duplicates) == batches.indices.map { $0 == 3 ? 25 : 0 })
        #expect(reports.map(\.accepted).reduce(0, +) == events.count + 5)
        let records = try #require(try await inOrder.leadRecords("x-lead"))
        #expect(records.messages.map(\.key.messageID) == ["m-x", "r-x", "m-x2"])
        #expect(records.messages.first?.status == .delivered)
        #expect(try await inOrder.ledgerSnapshot() == oneByOne.ledgerSnapshot())
        let days = KPIQuery(from: CivilDate(year: 2026, month: 1, day: 5)!, to: CivilDate(year: 2026, month: 3, day: 3)!, groupBy: .store)
        #expect(try await inOrder.scorecard(days).json == oneByOne.scorecard(days).json)
    }

    @Test("tokens are found by the hash of their secret only", arguments: StoreBackend.allCases)
    func tokens(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            // Hashes of their own: the group database's token table is shared by every organisation (and test).
            let hash = { (String(repeating: "ab", count: 16) + UUID().uuidString.lowercased()).replacingOccurrences(of: "-", with: "") }
            let token = AccessToken(name: "crm", scope: .ingest, secretHash: hash(), createdAt: now)
            let limited = AccessToken(name: "north-manager", scope: .read, secretHash: hash(), createdAt: now, stores: ["north", "lake"])
            try await store.saveToken(token)
            try await store.saveToken(limited)
            // The organisation is the store's own (a group database's store is one organisation's).
            for saved in [token, limited] {
                let found = try #require(try await store.token(secretHash: saved.secretHash))
                #expect(found.name == saved.name && found.scope == saved.scope && found.createdAt == saved.createdAt && found.stores == saved.stores)
            }
            #expect(try await store.token(secretHash: hash()) == nil)
        }
    }

    @Test("tokens are listed oldest first and revoked once: the first revocation time stands, and no other organisation's is touched",
          arguments: StoreBackend.allCases)
    func revokedTokens(backend: StoreBackend) async throws {
        let (store, cleanUp) = try await backend.make()
        let (elsewhere, cleanUpElsewhere) = try await backend.make()
        defer { cleanUp(); cleanUpElsewhere() }
        let hash = { String(repeating: UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""), count: 2) }
        let feed = AccessToken(name: "crm-feed", scope: .ingest, secretHash: hash(), createdAt: now)
        let manager = AccessToken(name: "manager", scope: .read, secretHash: hash(), createdAt: now.adding(seconds: 60), stores: ["lkt"])
        // As `pitwall copy` brings one over: revoked where it came from, revoked here.
        let retired = AccessToken(name: "old", scope: .admin, secretHash: hash(), createdAt: now.adding(seconds: 120), revokedAt: now.adding(seconds: 180))
        let theirs = AccessToken(name: "theirs", scope: .admin, secretHash: hash(), createdAt: now)
        for token in [manager, retired, feed] { try await store.saveToken(token) }
        try await elsewhere.saveToken(theirs)

        #expect(try await store.accessTokens().map(\.name) == ["crm-feed", "manager", "old"])
        #expect(try await store.accessTokens().map(\.revokedAt) == [nil, nil, now.adding(seconds: 180)])
        #expect(try await store.accessTokens().first?.stores == nil)
        #expect(try await store.accessTokens()[1].stores == ["lkt"])

        let revokedAt = now.adding(seconds: 3600)
        let revoked = try #require(try await store.revokeToken(secretHash: feed.secretHash, at: revokedAt))
        #expect(revoked.name == "crm-feed" && revoked.revokedAt == revokedAt)
        #expect(try await store.token(secretHash: feed.secretHash)?.revokedAt == revokedAt)
        let again = try await store.revokeToken(secretHash: feed.secretHash, at: revokedAt.adding(seconds: 60))
        #expect(again?.revokedAt == revokedAt, "revoking twice keeps the first time")
        #expect(try await store.token(secretHash: manager.secretHash)?.revokedAt == nil)

        #expect(try await store.revokeToken(secretHash: theirs.secretHash, at: revokedAt) == nil)
        #expect(try await store.revokeToken(secretHash: hash(), at: revokedAt) == nil)
        #expect(try await elsewhere.accessTokens().map(\.name) == ["theirs"])
        #expect(try await elsewhere.accessTokens().first?.revokedAt == nil)

        // Uses: the latest is kept, an older one reported late does not move it back.
        #expect(try await store.token(secretHash: manager.secretHash)?.lastUsedAt == nil)
        try await store.noteTokenUse(secretHash: manager.secretHash, at: now.adding(seconds: 7200))
        try await store.noteTokenUse(secretHash: manager.secretHash, at: now.adding(seconds: 3600))
        #expect(try await store.token(secretHash: manager.secretHash)?.lastUsedAt == now.adding(seconds: 7200))
        #expect(try await store.accessTokens().first { $0.name == "manager" }?.lastUsedAt == now.adding(seconds: 7200))
        if backend != .memory, backend != .sqlite {
            // A group database's store notes only its own organisation's tokens.
            try await store.noteTokenUse(secretHash: theirs.secretHash, at: now)
            #expect(try await elsewhere.token(secretHash: theirs.secretHash)?.lastUsedAt == nil)
        }
    }

    @Test("dashboard sessions are saved, found, kept going and forgotten", arguments: StoreBackend.allCases)
    func dashboardSessions(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let store = try #require(store as? any DashboardSessionStore)
            // Hashes of their own: the group database's session table is shared by every organisation (and test).
            let hash = { UUID().uuidString.lowercased() + UUID().uuidString.lowercased() }
            let (first, second, token) = (hash(), hash(), hash())
            try await store.saveSession(StoredSession(idHash: first, tokenHash: token, expiresAt: now.adding(seconds: 600)))
            try await store.saveSession(StoredSession(idHash: second, tokenHash: token, expiresAt: now.adding(seconds: 60)))
            #expect(try await store.session(idHash: first) == StoredSession(idHash: first, tokenHash: token, expiresAt: now.adding(seconds: 600)))
            // Saved again: a later expiry, the same token.
            try await store.saveSession(StoredSession(idHash: first, tokenHash: "other", expiresAt: now.adding(seconds: 900)))
            #expect(try await store.session(idHash: first) == StoredSession(idHash: first, tokenHash: token, expiresAt: now.adding(seconds: 900)))
            #expect(try await store.session(idHash: hash()) == nil)
            #expect(try await store.deleteSessions(of: hash(), expiredBefore: now.adding(seconds: 61)) == 0, "another token's")
            #expect(try await store.deleteSessions(of: token, expiredBefore: now.adding(seconds: 61)) == 1)
            #expect(try await store.session(idHash: second) == nil)
            #expect(try await store.session(idHash: first) != nil)
            // Renewed: only while it is there. A renewal that comes after a sign-out (a page's
            // request under way while the browser signs out) does not bring the session back.
            #expect(try await store.renewSession(idHash: first, expiresAt: now.adding(seconds: 1_200)))
            #expect(try await store.session(idHash: first)?.expiresAt == now.adding(seconds: 1_200))
            try await store.deleteSession(idHash: first)
            #expect(try await store.session(idHash: first) == nil)
            #expect(try await store.renewSession(idHash: first, expiresAt: now.adding(seconds: 1_800)) == false)
            #expect(try await store.session(idHash: first) == nil)
        }
    }

    @Test("an idempotency key is claimed once; its answer is kept, a failed request lets it go, and a day on it is forgotten", arguments: StoreBackend.allCases)
    func idempotencyKeys(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let store = try #require(store as? any IdempotencyRecordStore)
            // Hashes of their own: the group database's table is shared by every organisation (and test).
            let hash = { UUID().uuidString.lowercased() + UUID().uuidString.lowercased() }
            let caller = hash()
            let first = IdempotencyRecord(keyHash: hash(), caller: caller, fingerprint: "post /v1/silences {a}", createdAt: now)
            let dayAgo = now.adding(seconds: -86_400)
            #expect(try await store.claimIdempotencyKey(first, forgettingBefore: dayAgo) == nil, "claimed")
            // While it runs, a retry finds it in flight; once done, with its answer.
            #expect(try await store.claimIdempotencyKey(first, forgettingBefore: dayAgo)?.isFinished == false)
            try await store.finishIdempotentRequest(keyHash: first.keyHash, status: 201, body: #"{"id":"s-1"}"#)
            let done = try await store.claimIdempotencyKey(
                IdempotencyRecord(keyHash: first.keyHash, caller: caller, fingerprint: "other", createdAt: now.adding(seconds: 5)), forgettingBefore: dayAgo)
            #expect(done == IdempotencyRecord(keyHash: first.keyHash, caller: caller, fingerprint: first.fingerprint, status: 201, body: #"{"id":"s-1"}"#, createdAt: now))
            // Letting go is for a request that failed: a finished answer stays.
            try await store.releaseIdempotencyKey(keyHash: first.keyHash)
            #expect(try await store.claimIdempotencyKey(first, forgettingBefore: dayAgo)?.status == 201)
            let failed = IdempotencyRecord(keyHash: hash(), caller: caller, fingerprint: "post /v1/tokens {b}", createdAt: now)
            #expect(try await store.claimIdempotencyKey(failed, forgettingBefore: dayAgo) == nil)
            try await store.releaseIdempotencyKey(keyHash: failed.keyHash)
            #expect(try await store.claimIdempotencyKey(failed, forgettingBefore: dayAgo) == nil, "claimed again after the failure")
            // A request cut off mid-way (a crash) is taken over once it is old enough, by one taker only.
            let cutOff = IdempotencyRecord(keyHash: hash(), caller: caller, fingerprint: "first", createdAt: now)
            #expect(try await store.claimIdempotencyKey(cutOff, forgettingBefore: dayAgo) == nil)
            let takeOver = IdempotencyRecord(keyHash: cutOff.keyHash, caller: caller, fingerprint: "second", createdAt: now.adding(seconds: 120))
            #expect(try await store.takeOverIdempotencyKey(takeOver, abandonedBefore: now) == false, "begun at the limit: not abandoned yet")
            #expect(try await store.takeOverIdempotencyKey(takeOver, abandonedBefore: now.adding(seconds: 60)) == true)
            #expect(try await store.takeOverIdempotencyKey(takeOver, abandonedBefore: now.adding(seconds: 60)) == false, "taken over once")
            #expect(try await store.claimIdempotencyKey(cutOff, forgettingBefore: dayAgo) == takeOver, "now the taker's, begun when it took over")
            try await store.finishIdempotentRequest(keyHash: cutOff.keyHash, status: 200, body: "{}")
            #expect(try await store.takeOverIdempotencyKey(takeOver, abandonedBefore: now.adding(seconds: 600)) == false, "a finished request is never taken over")
            #expect(try await store.takeOverIdempotencyKey(IdempotencyRecord(keyHash: hash(), caller: caller, fingerprint: "z", createdAt: now), abandonedBefore: now.adding(seconds: 600)) == false, "nor one never claimed")
            // A day on, the caller's next claim forgets its old keys; another caller's stay.
            let other = IdempotencyRecord(keyHash: hash(), caller: hash(), fingerprint: "x", createdAt: now)
            #expect(try await store.claimIdempotencyKey(other, forgettingBefore: dayAgo) == nil)
            let later = now.adding(seconds: 86_401)
            #expect(try await store.claimIdempotencyKey(IdempotencyRecord(keyHash: hash(), caller: caller, fingerprint: "y", createdAt: later), forgettingBefore: later.adding(seconds: -86_400)) == nil)
            #expect(try await store.claimIdempotencyKey(first, forgettingBefore: dayAgo) == nil, "forgotten a day on, so claimed afresh")
            #expect(try await store.claimIdempotencyKey(other, forgettingBefore: dayAgo)?.fingerprint == "x", "another caller's key stays")
        }
    }

    @Test("a replay of live traffic keeps each event's own arrival time", arguments: StoreBackend.allCases)
    func replayedArrivals(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let events = Array(story().prefix(3))
            let arrivals = events.map { $0.occurredAt.adding(seconds: 2) }
            _ = try await store.ingest(PreparedBatch(events, receivedAt: arrivals), at: now)
            #expect(try await store.events(of: "lead-1").map(\.ingestedAt) == arrivals)
            #expect(try await store.leadRecords("lead-1")?.state.ingestedAt == arrivals[0])
        }
    }

    @Test("an empty batch is fine", arguments: StoreBackend.allCases)
    func emptyBatch(backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let outcome = try await store.ingest([Event](), at: now)
            let totals = try await store.totals()
            #expect(outcome.isEmpty)
            #expect(totals == StoreTotals(events: 0, leads: 0))
        }
    }
}
