/// Where recorded coaching sessions live. Recording, editing and removing each write an
/// audit line.
public protocol CoachingLog: Sendable {
    /// The sessions coached on `days` (every one when nil), of `store` (every store when nil),
    /// oldest coaching first.
    func coachingSessions(days: ClosedRange<CivilDate>?, store: StoreID?) async throws -> [CoachingSession]

    /// Stores a session; one with the same id replaces it (a client's retry).
    func recordCoaching(_ session: CoachingSession) async throws

    /// Puts `session`'s fields in place of those of the recorded session with its id, keeping
    /// who recorded it and when, and logging who edited it and what it was; nil for an unknown id.
    func editCoaching(_ session: CoachingSession, by actor: String, at instant: Timestamp) async throws -> CoachingSession?

    /// Removes a session recorded by mistake, logging who did; nil for an unknown id.
    func removeCoaching(_ id: String, by actor: String, at instant: Timestamp) async throws -> CoachingSession?
}
