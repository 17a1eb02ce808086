import Hummingbird

/// Refuses an address holding a NUL character (`%00`). No id, name or filter value can hold
/// one (PostgreSQL refuses it in any text), so such an address is a mistake or a probe, and it
/// is answered as one before it reaches a lookup.
struct NulCharacterMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let address = request.uri.description
        if address.contains("%00") || address.utf8.contains(0) {
            throw APIError.badRequest("the address holds a NUL character (%00), which no id, name or parameter can contain")
        }
        return try await next(request, context)
    }
}
