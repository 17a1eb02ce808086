import Foundation
import Hummingbird
import PitwallCore

/// Open routes: the liveness check and the API's own description.
struct SystemController {
    let store: any KPIRollupStore

    func addRoutes(to router: Router<PitwallRequestContext>) {
        router.get("healthz", use: health)
        router.get("openapi.yaml") { _, _ in try BundledResource.openAPI.response() }
        router.get("event.schema.json") { _, _ in try BundledResource.eventSchema.response() }
    }

    @Sendable func health(request: Request, context: PitwallRequestContext) async throws -> Response {
        // Touch the database so "healthy" means "can answer", not merely "the process runs",
        // with a read of one row a store: counting the events, as this did first, took a
        // quarter of a second on a year of a large group, at every poll of a load balancer.
        _ = try await store.storesWithLeads()
        return Response.json(#"{"status":"ok"}"#)
    }
}

/// Files shipped inside the server target.
public enum BundledResource: String, Sendable {
    case openAPI = "openapi.yaml"
    case eventSchema = "event.schema.json"

    var contentType: String {
        switch self {
        case .openAPI: "application/yaml; charset=utf-8"
        case .eventSchema: "application/schema+json"
        }
    }

    public func text() throws -> String {
        let name = rawValue as NSString
        guard let url = Bundle.module.url(forResource: name.deletingPathExtension, withExtension: name.pathExtension, subdirectory: "Resources") else {
            throw APIError(.internalServerError, code: "internal", message: "\(rawValue) is missing from this build")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    func response() throws -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: try text())))
    }
}
