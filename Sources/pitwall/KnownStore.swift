import PitwallCore

/// A `--store` must name a store the configuration lists or one with leads (`KnownStores`),
/// as the server's 404 says of `?store=`: a mistyped id would otherwise print an empty
/// scorecard, read as "no leads" rather than "no such store".
func requireKnownStore(_ named: String?, in store: any KPIRollupStore, configuration: PitwallConfiguration) async throws {
    guard let named, !named.isEmpty, !configuration.listedStores.contains(StoreID(named)) else { return }
    if let problem = KnownStores(listed: configuration.listedStores, withLeads: try await store.storesWithLeads()).problem(naming: StoreID(named)) {
        throw CommandFailure("--store: " + problem)
    }
}
