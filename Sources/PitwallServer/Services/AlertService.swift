import Logging
import PitwallCore
import ServiceLifecycle

/// Evaluates the alerting rules on a schedule while the server runs, and stops with it;
/// between full rounds, the rules that new events touched are evaluated within a second.
struct AlertService: Service {
    let watch: AlertWatch
    let clock: any WallClock
    let interval: Duration
    let metrics: ServerMetrics
    let logger: Logger

    /// Rules touched by ingestion, evaluated at the next look.
    let nudges: AlertNudges
    /// How often to look for touched rules between full rounds.
    let nudgeInterval: Duration
    let organisations: OrganisationRoster
    /// Open dashboards, told when an alert changes.
    var live: LiveFeed?

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastFullRound: ContinuousClock.Instant?
            while !Task.isCancelled {
                if let last = lastFullRound, ContinuousClock.now - last < interval {
                    let touch = nudges.take()
                    if !touch.isEmpty { await round(touchedBy: touch) }
                } else {
                    lastFullRound = ContinuousClock.now
                    _ = nudges.take()
                    await round(touchedBy: nil)
                }
                try? await Task.sleep(for: min(nudgeInterval, interval))
            }
        }
    }

    /// One evaluation per organisation, of every rule (`touch` nil) or of those of its rules
    /// the new events touched (each organisation has its own); a failure is logged and
    /// retried at the next look, the server keeps serving.
    private func round(touchedBy touch: EventTouch?) async {
        do {
            try await organisations.forEach { _ in
                let only = touch.map { touch in Set(watch.monitor.rules.filter { $0.isTouched(by: touch) }.map(\.id)) }
                if only?.isEmpty == true { return }
                await evaluate(only: only)
            } failed: { organisation, error in
                logger.error("alert evaluation failed", metadata: ["organisation": "\(organisation)", "error": "\(String(reflecting: error))"])
            }
        } catch {
            logger.error("alert evaluation failed to list organisations", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func evaluate(only: Set<String>?) async {
        let started = ContinuousClock.now
        func elapsed() -> Double { (ContinuousClock.now - started).seconds }
        do {
            let transitions = try await watch.evaluate(now: clock.now(), only: only)
            metrics.recordAlertRound(seconds: elapsed(), failed: false)
            if only == nil || !transitions.isEmpty {
                // A rule taken out of the configuration keeps its stored status but no longer counts.
                let configured = Set(watch.monitor.rules.map(\.id))
                metrics.recordFiringAlerts(
                    try await watch.alerts.alertStatuses().filter { configured.contains($0.ruleID) },
                    organisation: TenantScope.organisation ?? TenantScope.soleOrganisation)
            }
            if !transitions.isEmpty { live?.changed() }
            for transition in transitions where transition.to == .firing || transition.to == .resolved {
                logger.notice(
                    "alert \(transition.to.rawValue)",
                    metadata: ["alert": "\(transition.alertID)", "severity": "\(transition.severity?.rawValue ?? "-")"])
            }
        } catch {
            metrics.recordAlertRound(seconds: elapsed(), failed: true)
            logger.error("alert evaluation failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
