import Foundation
import HTTPTypes
import Hummingbird
import PitwallCore

/// Requires `Authorization: Bearer TOKEN` with a known token, and records who is calling.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = PitwallRequestContext
    let issuer: TokenIssuer
    let uses: TokenUseLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("missing Authorization header: send 'Authorization: Bearer TOKEN' (create one with 'pitwall token create')")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError.unauthorized("the Authorization header must be 'Bearer TOKEN'")
        }
        guard let token = try await issuer.token(forSecret: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized("unknown token")
        }
        let now = issuer.clock.now()
        if let refusal = token.refusal(at: now) { throw APIError.unauthorized(refusal) }
        await uses.note(token, at: now, in: issuer.store)
        var context = context
        context.accessToken = token
        // Everything this request reads or writes is the token's organisation's (and its stores').
        return try await Response.scoped(to: token) { try await next(request, context) }
    }
}

/// Lets a request through only when its token's scope covers `required`.
struct RequireScopeMiddleware: RouterMiddleware {
    typealias Context = PitwallRequestContext
    let required: AccessScope

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = context.accessToken else { throw APIError.unauthorized("missing token") }
        guard token.scope.allows(required) else {
            throw APIError.forbidden("this route needs a token with '\(required.rawValue)' scope; token '\(token.name)' has '\(token.scope.rawValue)'")
        }
        return try await next(request, context)
    }
}
