import Logging
import PitwallCore
import ServiceLifecycle

/// Runs the escalation watch every few seconds while the server runs, and stops with it.
struct EscalationService: Service {
    let watch: EscalationWatch
    let clock: any WallClock
    let interval: Duration
    let organisations: OrganisationRoster
    let logger: Logger

    func run() async throws {
        // Shutting down cancels the sleep; that ends the loop, and is no error.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                // A failed round is retried at the next tick; the server keeps serving.
                do {
                    try await organisations.forEach { [watch, clock, logger] organisation in
                        let changes = try await watch.evaluate(now: clock.now())
                        if !changes.isEmpty {
                            logger.info(
                                "speed to lead",
                                metadata: ["organisation": "\(organisation)", "raised": "\(changes.raised.count)", "resolved": "\(changes.resolved.count)"])
                        }
                    } failed: { organisation, error in
                        logger.error("escalation watch failed", metadata: ["organisation": "\(organisation)", "error": "\(String(reflecting: error))"])
                    }
                } catch {
                    logger.error("escalation watch failed to list organisations", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
