import Crypto
import Foundation
import PitwallCore

/// Makes new bearer tokens and recognises presented ones. Only the SHA-256 of a secret is
/// stored; the secret itself is shown once, when it is created.
public struct TokenIssuer: Sendable {
    let store: any AccessTokenStore
    let clock: any WallClock

    public init(store: any AccessTokenStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    /// Creates and stores a token; returns the secret to hand to its user.
    public func issue(scope: AccessScope, name: String) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = "pw_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        try await store.saveToken(AccessToken(name: name, scope: scope, secretHash: Self.hash(secret), createdAt: clock.now()))
        return secret
    }

    /// The stored token a secret belongs to, or nil.
    public func token(forSecret secret: String) async throws -> AccessToken? {
        try await store.token(secretHash: Self.hash(secret))
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
