import Logging
import PitwallCore
import ServiceLifecycle
import Synchronization

/// Runs every configured health probe on its own interval while the server runs: the file's
/// (the home organisation's) and each organisation's own, filing their readings with the
/// organisation that configured them. Organisations' configurations change while the server
/// runs, so the probes in force are looked up again every `refreshInterval`: a new probe
/// starts, a changed one restarts, a removed one stops.
struct ProbeService: Service {
    let prober: HealthProber
    let configurations: ConfigurationBook
    let home: OrganisationID
    let clock: any WallClock
    let refreshInterval: Duration
    let logger: Logger

    /// One probe of one organisation.
    struct Key: Hashable, Sendable {
        var organisation: OrganisationID
        var name: String
    }

    /// The probes in force, by organisation and name.
    static func inForce(_ configurations: ConfigurationBook, home: OrganisationID) -> [Key: HealthProbe] {
        var probes: [Key: HealthProbe] = [:]
        for (organisation, configuration) in configurations.byOrganisation(home: home) {
            for probe in configuration.probes { probes[Key(organisation: organisation, name: probe.name)] = probe }
        }
        return probes
    }

    /// What should run, and what each loop is running: a loop ends when its probe is no longer wanted.
    final class Roster: Sendable {
        let wanted = Mutex<[Key: HealthProbe]>([:])
        let running = Mutex<[Key: HealthProbe]>([:])
    }

    func run() async throws {
        let roster = Roster()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    let current = Self.inForce(configurations, home: home)
                    roster.wanted.withLock { $0 = current }
                    for (key, probe) in current where roster.running.withLock({ $0[key] }) != probe {
                        roster.running.withLock { $0[key] = probe }
                        group.addTask {
                            await TenantScope.$organisation.withValue(key.organisation) {
                                await loop(probe, key: key, stillWanted: { roster.wanted.withLock { $0[key] } == probe })
                            }
                            roster.running.withLock { if $0[key] == probe { $0[key] = nil } }
                        }
                    }
                    try? await Task.sleep(for: refreshInterval)
                }
            }
        }
    }

    private func loop(_ probe: HealthProbe, key: Key, stillWanted: @Sendable () -> Bool) async {
        var last: SystemStatus.Health?
        while !Task.isCancelled, stillWanted() {
            do {
                let outcome = try await prober.check(probe, at: clock.now())
                if outcome.health != last {
                    logger.notice(
                        "probe \(probe.name) is \(outcome.health.rawValue)", metadata: ["organisation": "\(key.organisation)", "detail": "\(outcome.detail)"])
                    last = outcome.health
                }
            } catch {
                logger.error(
                    "probe \(probe.name) could not be recorded", metadata: ["organisation": "\(key.organisation)", "error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: .milliseconds(Int64(probe.intervalSeconds * 1000)))
        }
    }
}
