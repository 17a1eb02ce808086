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

    public init(
        name: String, scope: AccessScope, secretHash: String, createdAt: Timestamp, organisation: OrganisationID = TenantScope.soleOrganisation,
        stores: [StoreID]? = nil
    ) {
        self.name = name
        self.scope = scope
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.organisation = organisation
        self.stores = stores
    }
}

/// Where access tokens live.
public protocol AccessTokenStore: Sendable {
    func saveToken(_ token: AccessToken) async throws
    func token(secretHash: String) async throws -> AccessToken?
}
