import PitwallCore

/// A `--store` must name a store the configuration lists or one with leads: a mistyped id
/// would otherwise print an empty scorecard, read as "no leads" rather than "no such store".
/// The server answers the same mistake with 404 and the same list.
func requireKnownStore(_ named: String?, in store: any KPIRollupStore, configuration: PitwallConfiguration) async throws {
    guard let named, !named.isEmpty else { return }
    let configured = Set(configuration.stores.map(\.id) + configuration.roster.agents.map(\.storeID))
    if configured.contains(StoreID(named)) { return }
    let withLeads = try await store.storesWithLeads()
    guard !withLeads.contains(StoreID(named)) else { return }
    let known = Set((withLeads + configured).map(\.rawValue)).sorted()
    throw CommandFailure("--store: no store '\(named)'; known stores: " + (known.isEmpty ? "none yet" : known.joined(separator: ", ")))
}
