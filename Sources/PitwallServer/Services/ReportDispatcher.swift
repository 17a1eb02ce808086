import AsyncHTTPClient
import Crypto
import Foundation
import Mustache
import PitwallCore

/// Sends the scheduled reports that are due and not sent yet, for the organisation in scope.
/// Each (report, date, store, channel) is claimed in the database before it is sent, so a
/// restart, or a second server on the same database, does not send it again: a report goes
/// out at most once. A report more than its kind's lateness late (the server was down) is
/// left for the next one.
struct ReportDispatcher: Sendable {
    let dependencies: AppDependencies
    let retryDelays: [Duration]
    /// Loaded once: the e-mail's HTML template.
    let renderer = PageRenderer()

    /// One report that went to one channel, or failed to.
    struct Dispatch: Hashable, Sendable {
        var kind: ReportKind
        var date: CivilDate
        var store: StoreID?
        var channel: String
        var delivered: Bool
    }

    /// Claims are kept this long: longer than any report may be late.
    static let claimDays = 40

    func sendDue() async throws -> [Dispatch] {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        guard !configuration.reports.isEmpty else { return [] }
        let delivery = NotificationDelivery(client: .shared, retryDelays: retryDelays, linkBase: configuration.notifications.linkBase)
        var dispatched: [Dispatch] = []
        var made: [String: PerformanceReport] = [:]
        for schedule in configuration.reports.schedules {
            for name in schedule.channels {
                // A channel taken out of a newer organisation configuration simply gets nothing.
                guard let channel = configuration.notifications.channels.first(where: { $0.name == name }) else { continue }
                let scopes: [StoreID?] = channel.stores.isEmpty ? [nil] : channel.stores.sorted()
                for store in scopes {
                    guard let sending = schedule.latestSending(atOrBefore: now, calendar: configuration.calendar(of: store)),
                        sending.isStillWorthSending(at: now)
                    else { continue }
                    let organisation = (TenantScope.organisation ?? TenantScope.soleOrganisation).rawValue
                    let key = "report|\(organisation)|\(schedule.kind.rawValue)|\(store?.rawValue ?? "*")|\(sending.date)|\(channel.name)"
                    guard try await claim(key, now: now) else { continue }
                    let madeKey = "\(schedule.kind.rawValue)|\(store?.rawValue ?? "*")|\(sending.date)"
                    let report: PerformanceReport
                    if let ready = made[madeKey] {
                        report = ready
                    } else {
                        do {
                            report = try await dependencies.performanceReport(schedule.kind, period: sending.period, store: store, now: now)
                        } catch {
                            // Nothing was sent: let the next round try again.
                            try? await dependencies.idempotency.releaseIdempotencyKey(keyHash: Self.hash(key))
                            throw error
                        }
                        made[madeKey] = report
                    }
                    let base = configuration.notifications.linkBase
                    let html = renderer.library.render(
                        ReportPage.content(report, today: configuration.today(store: store, at: now), linkBase: base), withTemplate: "report-email")
                    let outcome = await delivery.deliver(
                        OutgoingMessage(
                            channel: channel, subject: report.subject, text: report.text(linkBase: base), json: report.json(linkBase: base), html: html, at: now))
                    try await dependencies.idempotency.finishIdempotentRequest(
                        keyHash: Self.hash(key), status: outcome.delivered ? 200 : 502, body: outcome.detail)
                    try await dependencies.escalations.audit(
                        AuditEntry(
                            at: now, actor: AuditEntry.systemActor, action: outcome.delivered ? "report.sent" : "report.failed",
                            subject: "\(schedule.kind.rawValue) report \(sending.period.lowerBound)\(store.map { " \($0.rawValue)" } ?? "")",
                            detail: "\(channel.name): \(outcome.attempts) attempt\(outcome.attempts == 1 ? "" : "s"); \(outcome.detail)"))
                    dispatched.append(Dispatch(kind: schedule.kind, date: sending.date, store: store, channel: channel.name, delivered: outcome.delivered))
                }
            }
        }
        return dispatched
    }

    /// True when this call claimed `key`; false when it was claimed before (sent, or being sent).
    private func claim(_ key: String, now: Timestamp) async throws -> Bool {
        let hash = Self.hash(key)
        let record = IdempotencyRecord(keyHash: hash, caller: Self.caller, fingerprint: hash, createdAt: now)
        let forgetting = now.adding(milliseconds: -Int64(Self.claimDays) * 86_400_000)
        return try await dependencies.idempotency.claimIdempotencyKey(record, forgettingBefore: forgetting) == nil
    }

    /// The claims' owner among the idempotency records: no token's hash looks like it.
    static let caller = "pitwall:scheduled-reports"

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
