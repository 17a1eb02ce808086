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
        var query = try KPIQuery.parse(request, now: dependencies.clock.now(), configuration: dependencies.configuration)
        if let segment = ScorecardFilters.segmentDimensions.first(where: { request.query($0.rawValue) != nil }) {
            throw APIError.badRequest("\(segment.rawValue): " + SLAReviewReading.notNarrowed(segment))
        }
        if !KPIQuery.namesWindow(request) { query.from = query.to.adding(days: -(SLAReviewReading.usualDays - 1)) }
        let reading = try await SLAReviewReading(query.from...query.to, store: query.store, dependencies: dependencies)
        return Response.json(reading.json)
    }
}
