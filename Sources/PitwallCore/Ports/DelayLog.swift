/// Where the delays agents report are kept. Recording, editing and removing each write an
/// audit line.
public protocol DelayLog: Sendable {
    /// The reports made on `days` (every one when nil), of `store` (every store when nil),
    /// oldest first.
    func reportedDelays(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [ReportedDelay]

    /// Stores a report; one with the same id replaces it (a client's retry).
    func recordDelay(_ delay: ReportedDelay) async throws

    /// Puts `delay`'s fields in place of those of the recorded report with its id, keeping who
    /// recorded it and when, and logging who edited it and what it was; nil for an unknown id.
    func editDelay(_ delay: ReportedDelay, by actor: String, at instant: Timestamp) async throws -> ReportedDelay?

    /// Removes a report made by mistake, logging who did; nil for an unknown id.
    func removeDelay(_ id: String, by actor: String, at instant: Timestamp) async throws -> ReportedDelay?
}
