import PitwallCore

/// The organisations this server works for, and running work for each in turn. A SQLite
/// install has one; a server on the group database serves every organisation in it.
public struct OrganisationRoster: Sendable {
    /// The organisation of requests that carry no token: provider callbacks (their accounts
    /// are in this server's configuration), health and metrics, and the health probes.
    public var home: OrganisationID
    let list: @Sendable () async throws -> [OrganisationID]

    public init(home: OrganisationID = TenantScope.soleOrganisation, list: (@Sendable () async throws -> [OrganisationID])? = nil) {
        self.home = home
        self.list = list ?? { [home] }
    }

    /// Runs `body` once per organisation with that organisation in scope. One organisation's
    /// failure is reported and the others still run.
    func forEach(_ body: @Sendable (OrganisationID) async throws -> Void, failed: (OrganisationID, any Error) -> Void) async throws {
        for organisation in try await list() {
            do {
                try await TenantScope.$organisation.withValue(organisation) { try await body(organisation) }
            } catch {
                failed(organisation, error)
            }
        }
    }
}
