import Hummingbird

/// Every API parameter takes one value. A parameter given twice (`group_by=store&group_by=source`,
/// often a script building its query in a loop) is refused naming it, rather than answered
/// for the first value as if the second had not been asked for.
struct RepeatedParameterMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var seen: [Substring: [Substring]] = [:]
        for (name, value) in request.uri.queryParameters { seen[name, default: []].append(value) }
        if let (name, values) = seen.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
            let given = values.map { "'\($0)'" }.joined(separator: ", ")
            throw APIError.badRequest(
                "\(name): given \(values.count) times (\(given)); give each parameter once", code: "invalid_parameter")
        }
        return try await next(request, context)
    }
}
