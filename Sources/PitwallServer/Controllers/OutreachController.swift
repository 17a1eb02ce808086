import Hummingbird
import PitwallCore

/// `GET /v1/outreach`: the templates ranked by how often leads answer them, the A/B tests and
/// their verdicts, and when texts are answered, for the templated messages sent in a window.
struct OutreachController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("outreach").add(middleware: RequireScopeMiddleware(required: .read)).get(use: outreach)
    }

    @Sendable func outreach(request: Request, context: PitwallRequestContext) async throws -> Response {
        let query = try KPIQuery.parse(request, now: dependencies.clock.now(), configuration: dependencies.configuration)
        let source = try SegmentParameter.parse(request, allowed: [.source], what: "the template review")?.value
        do {
            try OutreachAnalysis.check(query.from...query.to, parameter: "from")
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_parameter")
        }
        let reading = try await OutreachReading(
            query.from...query.to, store: query.store, source: source, leads: dependencies.leads, configuration: dependencies.configuration,
            now: dependencies.clock.now())
        return Response.json(reading.json(query))
    }
}
