import Logging
import PitwallCore
import ServiceLifecycle

/// Runs every configured health probe on its own interval while the server runs.
struct ProbeService: Service {
    let prober: HealthProber
    let probes: [HealthProbe]
    let clock: any WallClock
    /// The probed systems are this server's own configuration's: their readings are filed
    /// with the home organisation.
    let home: OrganisationID
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await TenantScope.$organisation.withValue(home) {
                await withDiscardingTaskGroup { group in
                    for probe in probes {
                        group.addTask { await loop(probe) }
                    }
                }
            }
        }
    }

    private func loop(_ probe: HealthProbe) async {
        var last: SystemStatus.Health?
        while !Task.isCancelled {
            do {
                let outcome = try await prober.check(probe, at: clock.now())
                if outcome.health != last {
                    logger.notice("probe \(probe.name) is \(outcome.health.rawValue)", metadata: ["detail": "\(outcome.detail)"])
                    last = outcome.health
                }
            } catch {
                logger.error("probe \(probe.name) could not be recorded", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: .milliseconds(Int64(probe.intervalSeconds * 1000)))
        }
    }
}
