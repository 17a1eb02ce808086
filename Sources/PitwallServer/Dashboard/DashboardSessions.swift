import Foundation
import PitwallCore
import Synchronization

/// A signed-in browser: which token it signed in with, and the secret its forms must carry.
public struct DashboardSession: Sendable {
    public var id: String
    public var token: AccessToken
    /// Put in every form and checked on every POST, so another site cannot post as this user.
    public var csrf: String
    public var expiresAt: Timestamp
}

/// The signed-in browsers. Kept in memory: a restart signs everyone out, which is the safe
/// way round, and nothing secret is ever written down.
public final class DashboardSessions: Sendable {
    private let sessions = Mutex<[String: DashboardSession]>([:])
    /// A session lasts this long after its last use.
    public let idleSeconds: Double

    public init(idleSeconds: Double = 12 * 3600) {
        self.idleSeconds = idleSeconds
    }

    func open(for token: AccessToken, now: Timestamp) -> DashboardSession {
        let session = DashboardSession(id: RandomSecret.make(), token: token, csrf: RandomSecret.make(), expiresAt: now.adding(seconds: idleSeconds))
        sessions.withLock { all in
            all = all.filter { $0.value.expiresAt > now }
            all[session.id] = session
        }
        return session
    }

    /// The live session with this id, its idle time restarted; nil when unknown or expired.
    func session(_ id: String, now: Timestamp) -> DashboardSession? {
        sessions.withLock { all in
            guard var session = all[id] else { return nil }
            guard session.expiresAt > now else {
                all[id] = nil
                return nil
            }
            session.expiresAt = now.adding(seconds: idleSeconds)
            all[id] = session
            return session
        }
    }

    func close(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }
}
