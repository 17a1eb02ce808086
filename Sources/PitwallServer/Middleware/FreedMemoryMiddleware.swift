import Hummingbird

/// After each request, lets `FreedMemoryReturn` know how long it took.
struct FreedMemoryMiddleware<Context: RequestContext>: RouterMiddleware {
    let freedMemory: FreedMemoryReturn

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        defer { freedMemory.requestAnswered(after: ContinuousClock.now - started) }
        return try await next(request, context)
    }
}
