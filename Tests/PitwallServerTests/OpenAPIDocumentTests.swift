import Foundation
import HTTPTypes
import Hummingbird
import PitwallTestSupport
import PitwallServer
import Testing
import Yams

@Suite("API description")
struct OpenAPIDocumentTests {
    @Test("every route is documented and every documented route exists")
    func documentMatchesRoutes() async throws {
        let app = try await TestApp.make()
        defer { app.folder.remove() }
        let routed = Set(app.router.routes.map { "\($0.method.rawValue) \($0.path)" })

        let document = try #require(try Yams.load(yaml: BundledResource.openAPI.text()) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]
        let documented = Set(paths.flatMap { path, operations in
            operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
        #expect(routed.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented routes that do not exist: \(documented.subtracting(routed).sorted())")
        #expect(routed.count >= 6)
    }

    @Test("the event schema shipped with the server is valid JSON")
    func eventSchema() throws {
        let schema = try JSONSerialization.jsonObject(with: Data(BundledResource.eventSchema.text().utf8)) as? [String: Any]
        #expect(schema?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }
}
