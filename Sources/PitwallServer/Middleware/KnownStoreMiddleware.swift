import Hummingbird
import PitwallCore

/// A read that names a store (`?store=ID`) must name one of the caller's organisation's
/// stores: one it has leads for, or one its configuration lists (its own configuration's, or
/// for the home organisation the configuration file's). Anything else is 404, the
/// same answer whether the store belongs to another organisation or to nobody, so store ids
/// do not leak across organisations, and a mistyped id is said plainly instead of answered
/// with an empty report.
struct KnownStoreMiddleware: RouterMiddleware {
    typealias Context = PitwallRequestContext
    let rollups: any KPIRollupStore
    let configurations: ConfigurationBook
    let home: OrganisationID
    let notFound: @Sendable (String) -> any Error

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Writes name the store their data is for (ADF leads): a new store is not an error there.
        guard request.method == .get, let named = request.uri.queryParameters.get("store"), !named.isEmpty else {
            return try await next(request, context)
        }
        let store = StoreID(named)
        let configuration = configurations.current
        let configured: Set<StoreID> = configurations.listsOwnStores(of: TenantScope.organisation, home: home)
            ? configuration.listedStores.filter { TenantScope.allows($0) } : []
        if configured.contains(store) { return try await next(request, context) }
        if let problem = KnownStores(listed: configured, withLeads: try await rollups.storesWithLeads()).problem(naming: store) {
            throw notFound(problem)
        }
        return try await next(request, context)
    }
}
