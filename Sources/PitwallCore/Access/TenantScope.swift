/// The organisation the current task works for: set from the caller's token by the server's
/// authentication, and for each organisation in turn by the background services. A store
/// serving several organisations reads it on every call and refuses to guess when it is unset.
public enum TenantScope {
    @TaskLocal public static var organisation: OrganisationID?

    /// The stores the caller may read, when its token names some; nil for all of them.
    @TaskLocal public static var stores: Set<StoreID>?

    /// Whether the caller may read `store`'s data.
    public static func allows(_ store: StoreID?) -> Bool {
        guard let stores else { return true }
        return store.map(stores.contains) ?? false
    }

    /// The one organisation of a single-dealership install (and of every SQLite file).
    public static let soleOrganisation: OrganisationID = "default"
}
