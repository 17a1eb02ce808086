import Hummingbird

/// Times every request and counts it by route pattern, method and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: response.status.code, since: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context: context, status: status, since: started)
            throw error
        }
    }

    func record(_ request: Request, context: Context, status: Int, since started: ContinuousClock.Instant) {
        let seconds = (ContinuousClock.now - started).seconds
        // Unmatched paths share one label, so scanners cannot create series at will.
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: status, seconds: seconds)
    }
}
