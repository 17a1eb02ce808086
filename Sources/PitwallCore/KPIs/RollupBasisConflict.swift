/// Events for a store whose KPI rollups were last counted under another configuration than
/// the writer's (another time zone, business hours, holidays or response-time rule): a
/// server still running on an older configuration after another process recounted, or a
/// command run without the servers' configuration file. The batch is refused whole, so
/// nothing is stored half-counted; once the writer has the right configuration, the same
/// batch goes in (ingestion is idempotent).
public struct RollupBasisConflict: Error, Sendable, Hashable, CustomStringConvertible {
    public var store: StoreID
    /// Whether the writer's configuration lists the store at all.
    public var listed: Bool

    public init(store: StoreID, listed: Bool) {
        self.store = store
        self.listed = listed
    }

    public var description: String {
        let why = listed
            ? "were last counted under another configuration than this server's (a time zone, business hours, holidays or response-time rule changed since it started)"
            : "were counted under a configuration that lists the store, and this one does not"
        let fix = listed
            ? "restart this server, or every server of the group database, so that all read the same configuration"
            : "run with the configuration the servers use (--config), list the store in it again, "
                + "or count its days in UTC from now on (pitwall recount --store \(store) --utc)"
        return "store '\(store)': its KPI days in the database \(why); nothing of this batch was stored: \(fix), then send it again"
    }
}
