/// Awaits a condition with a deadline: tries `attempt` until it gives a value, pausing between
/// tries, and gives nil once a try that started after the deadline has failed too.
///
/// The clock is read before each try, not after: on two busy cores a task can wait a minute to
/// resume, and a failed look taken before that wait must not be the one that decides.
public func eventually<Value>(
    within limit: Duration, pause: Duration = .milliseconds(50), _ attempt: () async throws -> Value?
) async throws -> Value? {
    let deadline = ContinuousClock.now + limit
    while true {
        let lastTry = ContinuousClock.now >= deadline
        if let value = try await attempt() { return value }
        if lastTry { return nil }
        try await Task.sleep(for: pause)
    }
}
