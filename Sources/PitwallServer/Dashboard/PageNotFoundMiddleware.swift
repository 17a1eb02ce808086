import HTTPTypes
import Hummingbird

/// A browser that asks for a page that does not exist (a mistyped or old bookmark) gets a page
/// saying so, with the way to the status board, instead of the API's JSON. Added to the router
/// after every route, so it wraps only the router's answer to a path no route matched; the API
/// under /v1 and clients that do not ask for HTML keep the JSON answer.
struct PageNotFoundMiddleware: RouterMiddleware {
    typealias Context = PitwallRequestContext
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && Self.wantsPage(request) {
            return renderer.html(
                DashboardErrorMiddleware.ErrorPage(
                    chrome: nil, title: "Page not found",
                    message: "There is no page at \(request.uri.path). The status board links to every page of the dashboard.", status: 404),
                template: "error", status: .notFound)
        }
    }

    /// A browser's navigation asks for text/html first; curl, scripts and fetch calls do not.
    static func wantsPage(_ request: Request) -> Bool {
        let path = request.uri.path
        guard path != "/v1", !path.hasPrefix("/v1/") else { return false }
        return request.headers[values: .accept].contains { $0.lowercased().contains("text/html") }
    }
}
