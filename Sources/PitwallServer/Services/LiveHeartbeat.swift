import ServiceLifecycle

/// Keeps the dashboards' live connections alive through proxies that close quiet ones.
struct LiveHeartbeat: Service {
    let live: LiveFeed
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                live.heartbeat()
            }
        }
    }
}
