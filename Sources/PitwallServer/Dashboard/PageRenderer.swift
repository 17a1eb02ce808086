import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the dashboard's mustache templates (shipped in Resources/templates) into HTML
/// answers with the headers every page carries.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// Templates that did not load, with the parser's reason: empty in a good build.
    let problems: [String]

    init() {
        var library = MustacheLibrary()
        var problems: [String] = []
        let folder = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") ?? URL(fileURLWithPath: "/missing")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasSuffix(".mustache") {
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                // A build mistake, which the template test reports.
                problems.append("\(name): \(error)")
            }
        }
        if names.isEmpty { problems.append("no templates in \(folder.path)") }
        self.library = library
        self.problems = problems
    }

    func has(template name: String) -> Bool { library.getTemplate(named: name) != nil }

    func html(_ view: some Sendable, template: String, status: HTTPResponse.Status = .ok) -> Response {
        let text = library.render(view, withTemplate: template) ?? "<!doctype html><title>Pitwall</title><p>The page template '\(template)' is missing from this build.</p>"
        return Response(status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// No caching of live figures; nothing runs but our own script; no framing by other sites.
    static let headers: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]
}
