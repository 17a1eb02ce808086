import PitwallCore
import Synchronization

/// Records when tokens are used, to the hour: a CRM feed posting every second costs one write
/// an hour, not one a request. Each server keeps the time it last wrote per token.
final class TokenUseLog: Sendable {
    private let written = Mutex<[String: Timestamp]>([:])
    static let resolutionMilliseconds: Int64 = 3_600_000

    init() {}

    func note(_ token: AccessToken, at now: Timestamp, in store: any AccessTokenStore) async {
        let due = written.withLock { written in
            if let last = written[token.secretHash] ?? token.lastUsedAt,
               now.millisecondsSinceEpoch - last.millisecondsSinceEpoch < Self.resolutionMilliseconds {
                return false
            }
            written[token.secretHash] = now
            return true
        }
        guard due else { return }
        // A use not written down is harmless (the next hour's is); failing the request for it is not.
        try? await store.noteTokenUse(secretHash: token.secretHash, at: now)
    }
}
