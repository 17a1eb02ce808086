import Hummingbird
import PitwallCore

/// `GET /v1/team`: each agent's shares against the rest of their store's agents, with who to
/// coach and whose way to pass on.
struct TeamController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("team").add(middleware: RequireScopeMiddleware(required: .read)).get(use: team)
    }

    @Sendable func team(request: Request, context: PitwallRequestContext) async throws -> Response {
        let query = try KPIQuery.parse(request, now: dependencies.clock.now(), configuration: dependencies.configuration, compares: true)
        if let segment = ScorecardFilters.segmentDimensions.first(where: { request.query($0.rawValue) != nil }) {
            throw APIError.badRequest("\(segment.rawValue): " + TeamReading.notNarrowed(segment))
        }
        let compared = query.comparedWindow.map { $0.from...$0.to }
        let reading = try await TeamReading(query.from...query.to, comparedWith: compared, store: query.store, dependencies: dependencies)
        return Response.json(reading.json(query))
    }
}
