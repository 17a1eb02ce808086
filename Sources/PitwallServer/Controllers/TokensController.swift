import Foundation
import Hummingbird
import PitwallCore

/// The organisation's API tokens for its administrators: list them, issue one, revoke one
/// (a lost laptop, a CRM feed replaced, someone who left). A token limited to some stores
/// sees and manages only tokens within those stores.
struct TokensController {
    let tokens: any AccessTokenStore
    /// Where issuing and revoking are logged.
    let audit: any EscalationStore
    let clock: any WallClock
    /// A retried issue (same Idempotency-Key) issues nothing more.
    let idempotent: IdempotentRequest

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        let admin = group.group("tokens").add(middleware: RequireScopeMiddleware(required: .admin))
        admin.get(use: list)
        admin.post(use: create)
        admin.post("{id}/revoke", use: revoke)
    }

    @Sendable func list(request: Request, context: PitwallRequestContext) async throws -> Response {
        Response.json(AccessToken.listJSON(try await tokens.accessTokens()))
    }

    static let example = #"{"scope": "ingest", "name": "crm-feed", "stores": ["lkt"], "expires_in_days": 90}"#

    @Sendable func create(request: Request, context: PitwallRequestContext) async throws -> Response {
        try await idempotent.respond(to: request, context: context, replay: Self.secretShownOnce) { request in
            try await issue(request, context: context)
        }
    }

    /// A retry of an issue is not given the secret again (it is not kept, only its hash): it
    /// gets 409 naming the token the first request issued, so a client that lost the first
    /// answer can revoke that token and issue another, and no second token is left unused.
    static let secretShownOnce = IdempotentRequest.Replay(
        keeping: { json in
            guard case .object(let answer)? = try? JSONTextReader.read(Data(json.utf8)), let token = answer["token"] else { return "null" }
            var writer = JSONWriter()
            writer.value(token)
            return writer.text
        },
        answer: { record in
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("error")
            writer.beginObject()
            writer.member("code", "already_issued")
            writer.member(
                "message",
                "a token was already issued for this Idempotency-Key; its secret was shown only in that first answer. If that answer was lost, revoke the token below and issue another")
            writer.endObject()
            writer.key("token")
            writer.raw(record.body ?? "null")
            writer.endObject()
            return Response.json(writer.text, status: .conflict)
        })

    private func issue(_ request: Request, context: PitwallRequestContext) async throws -> (status: HTTPResponse.Status, json: String) {
        let body = try await JSONRequestBody.read(request, example: Self.example, required: true)
        let scopes = AccessScope.allCases.map(\.rawValue).joined(separator: ", ")
        guard let scopeText = try body.text("scope", maximumLength: 16) else {
            throw APIError.badRequest("scope: required, one of \(scopes)", code: "invalid_body")
        }
        guard let scope = AccessScope(rawValue: scopeText) else {
            throw APIError.badRequest("scope: '\(scopeText)' is not one of \(scopes)", code: "invalid_body")
        }
        let name = try body.text("name", maximumLength: 128) ?? "unnamed"
        var stores = try body.strings("stores", maximumLength: 128)?.map { StoreID($0) }
        if let stores, stores.isEmpty {
            throw APIError.badRequest("stores: name at least one store, or leave it out for every store", code: "invalid_body")
        }
        switch TokenIssuer.storesWithinReach(stores) {
        case .success(let within): stores = within
        case .failure(let refusal): throw APIError.forbidden("stores: \(refusal.description)")
        }
        let days = try body.integer("expires_in_days", in: TokenIssuer.lifetimeDays)
        let (secret, token) = try await TokenIssuer(store: tokens, clock: clock).issue(
            scope: scope, name: name, stores: stores, days: days, by: context.accessToken?.name ?? "?", loggingTo: audit)
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("secret", secret)
        writer.member("note", "The secret is shown only this once; only its hash is kept.")
        writer.key("token")
        token.write(to: &writer)
        writer.endObject()
        return (.created, writer.text)
    }

    /// Revoking twice is harmless: the first time stays the revocation time.
    @Sendable func revoke(request: Request, context: PitwallRequestContext) async throws -> Response {
        let reference = try context.parameters.require("id")
        guard AccessToken.isID(reference) else {
            throw APIError.badRequest(
                "id: '\(reference)' is not a token id: give it as GET /v1/tokens lists it (\(AccessToken.idLength) hex digits)", code: "invalid_parameter")
        }
        guard let token = AccessToken.withID(reference, among: try await tokens.accessTokens()) else {
            throw APIError.notFound("no token '\(reference)' here: GET /v1/tokens lists this organisation's")
        }
        guard let revoked = try await TokenIssuer(store: tokens, clock: clock).revoke(token, by: context.accessToken?.name ?? "?", loggingTo: audit) else {
            throw APIError.notFound("no token '\(reference)' here")
        }
        var writer = JSONWriter()
        revoked.write(to: &writer)
        return Response.json(writer.text)
    }
}
