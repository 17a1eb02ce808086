/// Where recorded coaching sessions live. Recording and removing each write an audit line.
public protocol CoachingLog: Sendable {
    /// The sessions coached on `days` (every one when nil), of `store` (every store when nil),
    /// oldest coaching first.
    func coachingSessions(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [CoachingSession]

    /// Stores a session; one with the same id replaces it (a client's retry).
    func recordCoaching(_ session: CoachingSession) async throws

    /// Removes a session recorded by mistake, logging who did; nil for an unknown id.
    func removeCoaching(_ id: String, by actor: String, at instant: Timestamp) async throws -> CoachingSession?
}
