import Hummingbird
import PitwallCore

/// `GET /v1/outlook`: where this month (or week) is heading for leads, texts, sales and
/// revenue, the week ahead day by day with each store's busiest hour, and how the same
/// method did on the weeks just past.
struct OutlookController {
    let dependencies: AppDependencies

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.group("outlook").add(middleware: RequireScopeMiddleware(required: .read)).get(use: outlook)
    }

    @Sendable func outlook(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let query = try OutlookQuery.parse(request, now: now, configuration: dependencies.configuration) { error in
            APIError.badRequest(error.description, code: "invalid_parameter")
        }
        let reading = try await OutlookReading(query, rollups: dependencies.rollups, configuration: dependencies.configuration, now: now)
        return Response.json(reading.json)
    }
}

extension OutlookQuery {
    /// The outlook a request asks for (`as_of`, `period`, `store`), each failure told by `refuse`.
    static func parse(_ request: Request, now: Timestamp, configuration: PitwallConfiguration, refuse: (ParameterError) -> any Error) throws -> OutlookQuery {
        let parameters = request.uri.queryParameters
        let store = parameters["store"].map(String.init)
        do {
            return try OutlookQuery.parse(
                asOf: parameters["as_of"].map(String.init), period: parameters["period"].map(String.init), store: store,
                today: configuration.today(store: store.flatMap { $0.isEmpty ? nil : StoreID($0) }, at: now))
        } catch {
            throw refuse(error)
        }
    }
}
