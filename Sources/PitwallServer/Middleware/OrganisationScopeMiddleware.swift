import Hummingbird
import PitwallCore

extension Response {
    /// The response with `organisation` (and `stores`) in scope while its body is written: a
    /// streamed body (an export) is written after the handler has returned, outside the
    /// middleware's scope.
    func writtenFor(_ organisation: OrganisationID, stores: Set<StoreID>? = nil) -> Response {
        var response = self
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await TenantScope.$organisation.withValue(organisation) {
                try await TenantScope.$stores.withValue(stores) { try await body.write(writer) }
            }
        }
        return response
    }

    /// Runs a request's handling with the token's organisation and stores in scope, its body included.
    static func scoped(to token: AccessToken, _ handle: () async throws -> Response) async throws -> Response {
        let stores = token.stores.map(Set.init)
        return try await TenantScope.$organisation.withValue(token.organisation) {
            try await TenantScope.$stores.withValue(stores) { try await handle() }
        }.writtenFor(token.organisation, stores: stores)
    }
}

/// Puts the server's home organisation in scope for every request; authentication narrows
/// it to the caller's organisation further in.
struct HomeOrganisationMiddleware<Context: RequestContext>: RouterMiddleware {
    let home: OrganisationID

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await TenantScope.$organisation.withValue(home) { try await next(request, context) }.writtenFor(home)
    }
}
