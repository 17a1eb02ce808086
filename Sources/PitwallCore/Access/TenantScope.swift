/// The organisation the current task works for: set from the caller's token by the server's
/// authentication, and for each organisation in turn by the background services. A store
/// serving several organisations reads it on every call and refuses to guess when it is unset.
public enum TenantScope {
    @TaskLocal public static var organisation: OrganisationID?

    /// The one organisation of a single-dealership install (and of every SQLite file).
    public static let soleOrganisation: OrganisationID = "default"
}
