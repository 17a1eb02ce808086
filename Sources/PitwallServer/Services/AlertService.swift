import Logging
import PitwallCore
import ServiceLifecycle

/// Evaluates the alerting rules on a schedule while the server runs, and stops with it.
struct AlertService: Service {
    let watch: AlertWatch
    let clock: any WallClock
    let interval: Duration
    let metrics: ServerMetrics
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let started = ContinuousClock.now
                func elapsed() -> Double { (ContinuousClock.now - started).seconds }
                do {
                    let transitions = try await watch.evaluate(now: clock.now())
                    metrics.recordAlertRound(seconds: elapsed(), failed: false)
                    for transition in transitions where transition.to == .firing || transition.to == .resolved {
                        logger.notice(
                            "alert \(transition.to.rawValue)",
                            metadata: ["alert": "\(transition.alertID)", "severity": "\(transition.severity?.rawValue ?? "-")"])
                    }
                } catch {
                    metrics.recordAlertRound(seconds: elapsed(), failed: true)
                    // A failed round is retried at the next tick; the server keeps serving.
                    logger.error("alert evaluation failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
