import Hummingbird
import PitwallCore

/// `GET /v1/sla/review`: the quarterly review of each tier's SLA, store by store and for the
/// group: keep it, tighten it to what the team already does, or staff to it.
struct SLAReviewController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("sla").add(middleware: RequireScopeMiddleware(required: .read)).get("review", use: review)
    }

    @Sendable func review(request: Request, context: PitwallRequestContext) async throws -> Response {
        let query = try KPIQuery.parse(request, now: dependencies.clock.now(), configuration: dependencies.configuration)
        if let segment = ScorecardFilters.segmentDimensions.first(where: { request.query($0.rawValue) != nil }) {
            throw APIError.badRequest("\(segment.rawValue): " + SLAReviewReading.notNarrowed(segment))
        }
        let namesStart = request.uri.queryParameters["window"] != nil || request.uri.queryParameters["from"] != nil
        let reading = try await SLAReviewReading(SLAReviewReading.days(query, namesStart: namesStart), store: query.store, dependencies: dependencies)
        return Response.json(reading.json)
    }
}
