/// What a token may do. `manage` may do everything `read` may; `admin` everything.
public enum AccessScope: String, CaseIterable, Hashable, Sendable, Codable {
    /// Send events.
    case ingest
    /// Read KPIs, leads and reports.
    case read
    /// Read, and act on what is read: acknowledge escalations and alerts.
    case manage
    /// Everything, including administration.
    case admin

    public func allows(_ required: AccessScope) -> Bool {
        switch self {
        case .admin: true
        case .manage: required == .manage || required == .read
        case .read, .ingest: self == required
        }
    }
}

/// A bearer token as stored: only a hash of the secret is kept.
public struct AccessToken: Hashable, Sendable {
    public var name: String
    public var scope: AccessScope
    /// Lower-case hex SHA-256 of the secret.
    public var secretHash: String
    public var createdAt: Timestamp
    /// Whose data the token reaches: every request it makes is scoped to this organisation.
    public var organisation: OrganisationID
    /// The only stores whose data the token reads; nil for all of the organisation's.
    public var stores: [StoreID]?
    /// When an administrator withdrew it: from then on it opens nothing. The record stays,
    /// so a request refused for it can say whose token it was and since when.
    public var revokedAt: Timestamp?
    /// When it last opened something, to the hour: what tells an administrator which tokens
    /// nobody uses any more.
    public var lastUsedAt: Timestamp?
    /// After this it opens nothing (a contractor's token, a trial); nil: until revoked.
    public var expiresAt: Timestamp?

    public init(
        name: String, scope: AccessScope, secretHash: String, createdAt: Timestamp, organisation: OrganisationID = TenantScope.soleOrganisation,
        stores: [StoreID]? = nil, revokedAt: Timestamp? = nil, lastUsedAt: Timestamp? = nil, expiresAt: Timestamp? = nil
    ) {
        self.name = name
        self.scope = scope
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.organisation = organisation
        self.stores = stores
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
    }

    /// How a token is named without its secret: the start of the secret's hash, which tells
    /// nothing about the secret but is as good as unique among an organisation's tokens
    /// (names need not be unique: many are "unnamed").
    public var id: String { String(secretHash.prefix(Self.idLength)) }

    public static let idLength = 12

    public var isRevoked: Bool { revokedAt != nil }

    /// Why the token opens nothing at `now`, for the one who presented it; nil while it is in force.
    public func refusal(at now: Timestamp) -> String? {
        if let revokedAt { return "token '\(name)' was revoked at \(revokedAt.rfc3339); ask an administrator for a new one" }
        if let expiresAt, expiresAt <= now { return "token '\(name)' expired at \(expiresAt.rfc3339); ask an administrator for a new one" }
        return nil
    }
}

/// Where access tokens live.
public protocol AccessTokenStore: Sendable {
    func saveToken(_ token: AccessToken) async throws
    /// The token a secret's hash belongs to, revoked or not.
    func token(secretHash: String) async throws -> AccessToken?
    /// The organisation's tokens, revoked ones included, oldest first.
    func accessTokens() async throws -> [AccessToken]
    /// Withdraws the organisation's token with this hash from `at` on; a token already
    /// revoked keeps its first revocation time. The token as it now stands, nil if unknown.
    func revokeToken(secretHash: String, at: Timestamp) async throws -> AccessToken?
    /// Records that the token was used at `at` (a later use than the one recorded).
    func noteTokenUse(secretHash: String, at: Timestamp) async throws
}
