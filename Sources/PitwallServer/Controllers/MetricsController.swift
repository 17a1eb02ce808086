import Hummingbird
import PitwallCore

/// `GET /metrics`: Pitwall's own health for Prometheus. Open, like `/healthz`, so a scraper
/// needs no token; it carries counts and timings, never lead data.
struct MetricsController {
    let metrics: ServerMetrics
    let rollups: any KPIRollupStore
    let store: any EventStore
    let held: any HeldCallbackStore
    let clock: any WallClock

    func addRoutes(to router: Router<PitwallRequestContext>) {
        router.get("metrics", use: scrape)
    }

    @Sendable func scrape(request: Request, context: PitwallRequestContext) async throws -> Response {
        // Time the read a scorecard starts with, so the figure is the one users feel.
        let started = ContinuousClock.now
        let today = clock.now().millisecondsSinceEpoch / Timestamp.millisecondsPerDay
        _ = try await rollups.rollupRows(dimension: .all, days: today...today, store: nil)
        metrics.recordDatabaseQuery(seconds: (ContinuousClock.now - started).seconds)
        let waiting = try await held.heldCallbacks(limit: 10_000)
        metrics.recordStorage(StorageOutlook(try await store.storageFootprint(leadsCreatedSince: StorageOutlook.paceStart(now: clock.now()))))
        metrics.recordHeldCallbacks(count: waiting.count, oldestSeconds: waiting.first.map { $0.receivedAt.seconds(until: clock.now()) } ?? 0)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: metrics.text)))
    }
}
