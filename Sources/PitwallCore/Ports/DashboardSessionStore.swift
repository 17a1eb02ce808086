/// A signed-in browser as the database keeps it: hashes only. The cookie's value and the
/// token's secret never leave the browser and the person who holds them.
public struct StoredSession: Hashable, Sendable {
    /// SHA-256 of the session cookie's value.
    public var idHash: String
    /// The token the browser signed in with (its secret's hash), looked up on every request.
    public var tokenHash: String
    public var expiresAt: Timestamp

    public init(idHash: String, tokenHash: String, expiresAt: Timestamp) {
        self.idHash = idHash
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}

/// Where dashboard sessions live, so a server restarted (or another server of the group)
/// knows the browsers signed in. Sessions belong to no organisation: like tokens they are
/// looked up before the organisation is known.
public protocol DashboardSessionStore: Sendable {
    /// Saves a new session, or a later expiry for one already saved.
    func saveSession(_ session: StoredSession) async throws
    /// Moves a session's expiry on, if it is still there: false when it is gone (signed out
    /// while the request renewing it was under way), and then it stays gone.
    func renewSession(idHash: String, expiresAt: Timestamp) async throws -> Bool
    func session(idHash: String) async throws -> StoredSession?
    func deleteSession(idHash: String) async throws
    /// Forgets a token's sessions that expired before `instant`; how many there were. (One
    /// token's only: servers whose clocks disagree, like tests with clocks of their own, never
    /// end each other's sessions.)
    @discardableResult
    func deleteSessions(of tokenHash: String, expiredBefore instant: Timestamp) async throws -> Int
}
