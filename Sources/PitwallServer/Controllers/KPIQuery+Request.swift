import Hummingbird
import PitwallCore

extension KPIQuery {
    /// The window an API request asks for (`window` or `from` and `to`, `store`; with `breakdowns`, also
    /// `group_by` and `compare`), "today" being the store's date, or the group's over every
    /// store, as on the dashboard; a parameter that does not parse is a 400 naming it.
    /// With `narrows`, also one lead attribute's value (`source=website`, `agent=ana`, ...).
    static func parse(
        _ request: Request, now: Timestamp, configuration: PitwallConfiguration, breakdowns: Bool = false, compares: Bool = false, narrows: Bool = false
    ) throws -> KPIQuery {
        let parameters = request.uri.queryParameters
        let segments = narrows ? SegmentValue.given(request.query) : [:]
        do {
            return try KPIQuery.parse(
                window: parameters["window"].map(String.init), from: parameters["from"].map(String.init), to: parameters["to"].map(String.init), store: parameters["store"].map(String.init),
                groupBy: breakdowns ? parameters["group_by"].map(String.init) : nil,
                compare: breakdowns || compares ? parameters["compare"].map(String.init) : nil, segments: segments,
                today: configuration.today(store: parameters["store"].map { StoreID(String($0)) }, at: now))
        } catch {
            throw APIError.badRequest(error.description, code: "invalid_parameter")
        }
    }

    /// Whether the request names its window (`window`, `from` or `to`), for the routes whose
    /// default is not the scorecard's 30 days.
    static func namesWindow(_ request: Request) -> Bool {
        ["window", "from", "to"].contains { request.uri.queryParameters[$0] != nil }
    }
}
