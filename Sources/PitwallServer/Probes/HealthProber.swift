import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PitwallCore

/// Checks health URLs and files what it sees as events, so probe results are stored,
/// deduplicated and read by the KPIs and alert rules like any system report.
actor HealthProber {
    let client: HTTPClient
    let store: any EventStore
    let metrics: ServerMetrics
    /// The health last reported per organisation and probe, so a steady system does not
    /// repeat itself. Keyed by the organisation in `TenantScope` (nil outside any).
    private var reported: [OrganisationID?: [String: SystemStatus.Health]] = [:]

    init(client: HTTPClient, store: any EventStore, metrics: ServerMetrics) {
        self.client = client
        self.store = store
        self.metrics = metrics
    }

    /// The client probes use: one that reports a refused connection at once. The shared
    /// client keeps retrying a refused port until the deadline, which is right for sending a
    /// notification and wrong for telling an engineer a service is down. Lives as long as the
    /// process, as the shared client does.
    static let probeClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Checks one probe and stores its events as of `now`. Returns what the check saw.
    @discardableResult
    func check(_ probe: HealthProbe, at now: Timestamp) async throws -> ProbeOutcome {
        let outcome = await Self.fetch(probe, client: client)
        let organisation = TenantScope.organisation
        metrics.recordProbe(
            name: probe.name, organisation: organisation ?? TenantScope.soleOrganisation, up: outcome.health == .up, seconds: outcome.seconds)
        let previous = try await reportedHealth(of: organisation)
        let events = probe.events(for: outcome, at: now, previous: previous[probe.name])
        let started = ContinuousClock.now
        let dispositions = try await store.ingest(events, at: now)
        metrics.recordIngest(IngestTally(dispositions), via: .probe, seconds: (ContinuousClock.now - started).seconds, at: now)
        reported[organisation, default: [:]][probe.name] = outcome.health
        return outcome
    }

    /// After a restart the last stored report is the one to compare with.
    private func reportedHealth(of organisation: OrganisationID?) async throws -> [String: SystemStatus.Health] {
        if let known = reported[organisation] { return known }
        var loaded: [String: SystemStatus.Health] = [:]
        for signal in try await store.systemSignals() { loaded[signal.status.component] = signal.status.health }
        reported[organisation] = reported[organisation] ?? loaded
        return reported[organisation]!
    }

    static func fetch(_ probe: HealthProbe, client: HTTPClient) async -> ProbeOutcome {
        let started = ContinuousClock.now
        func elapsed() -> Double { (ContinuousClock.now - started).seconds }
        do {
            var request = HTTPClientRequest(url: probe.url)
            request.headers.add(name: "User-Agent", value: "pitwall-probe")
            let deadline = NIODeadline.now() + .milliseconds(Int64(probe.timeoutSeconds * 1000))
            let response = try await client.execute(request, deadline: deadline)
            _ = try await response.body.collect(upTo: 1024 * 1024)
            let seconds = elapsed()
            guard seconds <= probe.timeoutSeconds else {
                return ProbeOutcome(httpStatus: nil, seconds: seconds, failure: "no answer within \(Int(probe.timeoutSeconds)) s")
            }
            return ProbeOutcome(httpStatus: Int(response.status.code), seconds: seconds)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return ProbeOutcome(httpStatus: nil, seconds: elapsed(), failure: "no answer within \(Int(probe.timeoutSeconds)) s")
        } catch {
            return ProbeOutcome(httpStatus: nil, seconds: elapsed(), failure: Self.describe(error))
        }
    }

    /// Connection errors as an engineer would want them in an alert.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("refused") { return "connection refused" }
        return String(text.prefix(200))
    }
}
