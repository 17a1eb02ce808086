import Foundation
import Hummingbird
import PitwallCore

/// Open routes: the liveness check and the API description.
struct SystemController {
    let store: any EventStore

    func addRoutes(to router: Router<PitwallRequestContext>) {
        router.get("healthz", use: health)
        router.get("openapi.yaml", use: openAPI)
    }

    @Sendable func health(request: Request, context: PitwallRequestContext) async throws -> Response {
        // Touch the database so "healthy" means "can answer", not merely "the process runs".
        _ = try await store.totals()
        return Response.json(#"{"status":"ok"}"#)
    }

    @Sendable func openAPI(request: Request, context: PitwallRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: try OpenAPIDocument.text())))
    }
}

/// The OpenAPI description shipped as a package resource.
public enum OpenAPIDocument {
    public static func text() throws -> String {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources") else {
            throw APIError(.internalServerError, code: "internal", message: "the API description is missing from this build")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
