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

    /// Creates and stores a token of `organisation` (by default the one in scope), reading
    /// only `stores` if given; returns the secret to hand to its user.
    /// Lasts `days` days if given, else until revoked.
    public func issue(scope: AccessScope, name: String, organisation: OrganisationID? = nil, stores: [StoreID]? = nil, days: Int? = nil) async throws -> String {
        try await issued(scope: scope, name: name, organisation: organisation, stores: stores, days: days).secret
    }

    /// As `issue`, by someone (`actor`: the administrator's token name, or the command line)
    /// whose act is a line of the audit log; with the token as stored, for the answer.
    public func issue(
        scope: AccessScope, name: String, organisation: OrganisationID? = nil, stores: [StoreID]? = nil, days: Int? = nil,
        by actor: String, loggingTo log: any EscalationStore
    ) async throws -> (secret: String, token: AccessToken) {
        let issued = try await issued(scope: scope, name: name, organisation: organisation, stores: stores, days: days)
        try await log.audit(issued.token.issuedEntry(by: actor, at: issued.token.createdAt))
        return issued
    }

    /// Revokes `token` now; the audit log gets a line only when this call revoked it (a token
    /// already revoked keeps its first time). The token as it now stands; nil if it is gone.
    public func revoke(_ token: AccessToken, by actor: String, loggingTo log: any EscalationStore) async throws -> AccessToken? {
        let now = clock.now()
        guard let revoked = try await store.revokeToken(secretHash: token.secretHash, at: now) else { return nil }
        if revoked.revokedAt == now { try await log.audit(revoked.revokedEntry(by: actor, at: now)) }
        return revoked
    }

    private func issued(
        scope: AccessScope, name: String, organisation: OrganisationID?, stores: [StoreID]?, days: Int?
    ) async throws -> (secret: String, token: AccessToken) {
        let secret = RandomSecret.make(prefix: "pw_")
        let now = clock.now()
        let token = AccessToken(
            name: name, scope: scope, secretHash: Self.hash(secret), createdAt: now,
            organisation: organisation ?? TenantScope.organisation ?? TenantScope.soleOrganisation, stores: stores,
            expiresAt: days.map { now.adding(seconds: Double($0) * 86_400) })
        try await store.saveToken(token)
        return (secret, token)
    }

    /// How long a token may be issued for, in days: ten years at most.
    public static let lifetimeDays = 1...3_650

    /// The stored token a secret belongs to, or nil; a revoked one too (callers refuse it,
    /// saying so).
    public func token(forSecret secret: String) async throws -> AccessToken? {
        try await store.token(secretHash: Self.hash(secret))
    }

    /// The stores a token issued now may read: those asked for when the issuing token's
    /// stores (in scope) cover them, and left out, the issuing token's own. A store manager's
    /// admin token issues tokens for its own stores only.
    static func storesWithinReach(_ asked: [StoreID]?) -> Result<[StoreID]?, BeyondReach> {
        guard let reach = TenantScope.stores else { return .success(asked) }
        let beyond = (asked ?? []).filter { !reach.contains($0) }
        guard beyond.isEmpty else { return .failure(BeyondReach(beyond: beyond, reach: reach)) }
        return .success(asked ?? reach.sorted { $0.rawValue < $1.rawValue })
    }

    struct BeyondReach: Error, CustomStringConvertible {
        let beyond: [StoreID]
        let reach: Set<StoreID>
        var description: String {
            "\(beyond.map(\.rawValue).joined(separator: ", ")) beyond this token's own (\(reach.map(\.rawValue).sorted().joined(separator: ", ")))"
        }
    }


    public static func hash(_ secret: String) -> String {
        HexDigest.sha256(secret)
    }
}
