import Crypto
import Foundation
import PitwallCore

/// A signed-in browser: which token it signed in with, and the secret its forms must carry.
public struct DashboardSession: Sendable {
    public var id: String
    public var token: AccessToken
    /// Put in every form and checked on every POST, so another site cannot post as this user.
    public var csrf: String
    public var expiresAt: Timestamp
}

/// The signed-in browsers, kept in the database so a restart (or another server of the
/// group) does not sign anyone out. Only hashes are written: of the cookie's value and of
/// the token's secret. The form secret is worked out from the cookie's value, so it is the
/// same on every server and never stored.
public final class DashboardSessions: Sendable {
    let store: any DashboardSessionStore
    let tokens: any AccessTokenStore
    let uses: TokenUseLog
    /// A session lasts this long after its last use.
    public let idleSeconds: Double

    /// A session's expiry is written again only once it would move by this much, so a wall
    /// screen refreshing itself every few seconds does not write every time.
    static let touchSeconds = 60.0

    init(store: any DashboardSessionStore, tokens: any AccessTokenStore, uses: TokenUseLog = TokenUseLog(), idleSeconds: Double = 12 * 3600) {
        self.store = store
        self.tokens = tokens
        self.uses = uses
        self.idleSeconds = idleSeconds
    }

    /// The same sessions, each lasting `seconds` after its last use.
    func lasting(_ seconds: Double) -> DashboardSessions {
        DashboardSessions(store: store, tokens: tokens, uses: uses, idleSeconds: seconds)
    }

    /// What a session cookie leads to.
    enum Lookup {
        /// `renewed`: its expiry was moved on (and written) by this use.
        case live(DashboardSession, renewed: Bool)
        /// Unknown, expired or signed out.
        case ended
        /// Its token was revoked or expired since: the session is closed as well.
        case tokenWithdrawn
    }

    func open(for token: AccessToken, now: Timestamp) async throws -> DashboardSession {
        // The token's sessions left to expire (a browser closed, never back) go now.
        try await store.deleteSessions(of: token.secretHash, expiredBefore: now)
        let id = RandomSecret.make()
        let expiresAt = now.adding(seconds: idleSeconds)
        try await store.saveSession(StoredSession(idHash: TokenIssuer.hash(id), tokenHash: token.secretHash, expiresAt: expiresAt))
        return DashboardSession(id: id, token: token, csrf: Self.formSecret(for: id), expiresAt: expiresAt)
    }

    /// The live session with this id, its idle time restarted (unless only `checking` that it
    /// still stands, as the live feed does while a page sits open: watching is not using).
    func session(_ id: String, now: Timestamp, checking: Bool = false) async throws -> Lookup {
        let idHash = TokenIssuer.hash(id)
        guard var stored = try await store.session(idHash: idHash) else { return .ended }
        guard stored.expiresAt > now else {
            try await store.deleteSession(idHash: idHash)
            return .ended
        }
        guard let token = try await tokens.token(secretHash: stored.tokenHash), token.refusal(at: now) == nil else {
            // Kept, not deleted: a wall screen's live check and its own refresh ask at the same
            // moment, and the one that came second must say why too, not "session ended". The
            // token's refusal ends the session all the same; its idle expiry removes the row.
            return .tokenWithdrawn
        }
        if checking {
            return .live(DashboardSession(id: id, token: token, csrf: Self.formSecret(for: id), expiresAt: stored.expiresAt), renewed: false)
        }
        await uses.note(token, at: now, in: tokens)
        let expiresAt = now.adding(seconds: idleSeconds)
        let renewed = expiresAt.millisecondsSinceEpoch - stored.expiresAt.millisecondsSinceEpoch >= Int64(Self.touchSeconds * 1000)
        if renewed {
            // Only an update: a sign-out that came in since the read above stays signed out.
            guard try await store.renewSession(idHash: idHash, expiresAt: expiresAt) else { return .ended }
            stored.expiresAt = expiresAt
        }
        return .live(DashboardSession(id: id, token: token, csrf: Self.formSecret(for: id), expiresAt: stored.expiresAt), renewed: renewed)
    }

    func close(_ id: String) async throws {
        try await store.deleteSession(idHash: TokenIssuer.hash(id))
    }

    /// Only the holder of the cookie can work it out; a hash of the cookie's value with a
    /// purpose of its own, so it is not the stored hash either.
    static func formSecret(for id: String) -> String {
        RandomSecret.base64URL(SHA256.hash(data: Data(("pitwall form secret\n" + id).utf8)))
    }
}
