import PitwallCore

extension DealershipSimulator {
    /// Stores the whole simulated history in `store`, in batches, as if each event had
    /// reached Pitwall a second after it happened (never after `now`). Returns the count;
    /// `progress` hears the running total after each batch.
    @discardableResult
    public func store(into store: any EventStore, now: Timestamp, batchSize: Int = 5_000, progress: (Int) -> Void = { _ in }) async throws -> Int {
        var events = events()
        var count = 0
        while true {
            var batch: [Event] = []
            batch.reserveCapacity(batchSize)
            while batch.count < batchSize, let event = events.next() { batch.append(event) }
            guard !batch.isEmpty else { break }
            _ = try await store.ingest(PreparedBatch(batch, receivedAt: batch.map { min($0.occurredAt.adding(seconds: 1), now) }), at: now)
            count += batch.count
            progress(count)
        }
        return count
    }
}
