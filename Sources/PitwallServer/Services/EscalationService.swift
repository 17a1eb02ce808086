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
        await organisations.repeating(every: interval, logger: logger, failure: "escalation watch failed") { [watch, clock, logger] organisation in
            let changes = try await watch.evaluate(now: clock.now())
            if !changes.isEmpty {
                logger.info(
                    "speed to lead", metadata: ["organisation": "\(organisation)", "raised": "\(changes.raised.count)", "resolved": "\(changes.resolved.count)"])
            }
        }
    }
}
