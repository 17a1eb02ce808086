import AsyncHTTPClient
import Foundation
import Mustache
import PitwallCore

/// Sends the scheduled reports that are due and not sent yet, for the organisation in scope.
/// Each (report, date, store, channel) is claimed in the database before it is sent, so a
/// restart, or a second server on the same database, does not send it again. A claim still
/// unfinished after `abandonedAfterMinutes` was cut off by a crash or a kill mid-send and is
/// taken over: a manager may then get the report twice, never not at all. A report more than
/// its kind's lateness late (the server was down) is left for the next one.
struct ReportDispatcher: Sendable {
    let dependencies: AppDependencies
    let retryDelays: [Duration]
    /// The e-mail's HTML template, loaded once by whoever makes the dispatcher (the server,
    /// the dashboard), not at each sending.
    var renderer = PageRenderer()

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

    /// One report due to one channel: which, for which store (nil: the group), sent when.
    struct Due: Sendable {
        var schedule: ReportSchedule
        var channel: NotificationChannel
        var store: StoreID?
        var sending: ReportSending

        /// What is claimed in the database: one organisation's report of one date to one channel.
        var claimKey: String {
            let organisation = (TenantScope.organisation ?? TenantScope.soleOrganisation).rawValue
            return "report|\(organisation)|\(reportKey)|\(channel.name)"
        }

        /// The report itself, the same for every channel it goes to.
        var reportKey: String { "\(schedule.kind.rawValue)|\(store?.rawValue ?? "*")|\(sending.date)" }
    }

    /// The reports due at `now` and still worth sending, on each one's clock.
    static func due(at now: Timestamp, configuration: PitwallConfiguration) -> [Due] {
        configuration.reports.schedules.flatMap { schedule in
            schedule.channels.flatMap { name -> [Due] in
                // A channel taken out of a newer organisation configuration simply gets nothing.
                guard let channel = configuration.notifications.channels.first(where: { $0.name == name }) else { return [] }
                let scopes: [StoreID?] = channel.stores.isEmpty ? [nil] : channel.stores.sorted()
                return scopes.compactMap { store in
                    guard let sending = schedule.latestSending(atOrBefore: now, calendar: configuration.calendar(of: store)),
                        sending.isStillWorthSending(at: now)
                    else { return nil }
                    return Due(schedule: schedule, channel: channel, store: store, sending: sending)
                }
            }
        }
    }

    func sendDue() async throws -> [Dispatch] {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let delivery = NotificationDelivery(client: .shared, retryDelays: retryDelays, linkBase: configuration.notifications.linkBase)
        var dispatched: [Dispatch] = []
        var made: [String: PerformanceReport] = [:]
        for due in Self.due(at: now, configuration: configuration) {
            guard let (round, claimed, cutOff) = try await claim(due.claimKey, now: now) else { continue }
            let report: PerformanceReport
            if let ready = made[due.reportKey] {
                report = ready
            } else {
                do {
                    report = try await dependencies.performanceReport(due.schedule.kind, period: due.sending.period, store: due.store, now: now)
                } catch {
                    // Nothing was sent: let the next round try again.
                    try? await dependencies.idempotency.releaseIdempotencyKey(keyHash: claimed)
                    throw error
                }
                made[due.reportKey] = report
            }
            let outcome = await delivery.deliver(message(report, to: due.channel, configuration: configuration, now: now))
            let failed = outcome.delivered ? nil : FailedSending(round: round, at: now)
            try await dependencies.idempotency.finishIdempotentRequest(
                keyHash: claimed, status: outcome.delivered ? 200 : 502, body: failed.map { "\($0.text): \(outcome.detail)" } ?? outcome.detail)
            let local = LocalTimeFormatting(store: due.store.map(configuration.store) ?? configuration.homeStore, now: now)
            let next = failed.map { failed in failed.retryAt.map { "; trying again at \(local.time($0))" } ?? "; not tried again" } ?? ""
            let resumed = cutOff.map { "the sending begun at \(local.time($0)) was cut off (the server stopped), so it went again: " } ?? ""
            try await dependencies.escalations.audit(
                AuditEntry(
                    at: now, actor: AuditEntry.systemActor, action: outcome.delivered ? "report.sent" : "report.failed",
                    subject: "\(due.schedule.kind.rawValue) report \(due.sending.period.lowerBound)\(due.store.map { " \($0.rawValue)" } ?? "")",
                    detail: "\(due.channel.name): \(resumed)\(outcome.attempts) attempt\(outcome.attempts == 1 ? "" : "s"); \(outcome.detail)\(next)"))
            dispatched.append(
                Dispatch(kind: due.schedule.kind, date: due.sending.date, store: due.store, channel: due.channel.name, delivered: outcome.delivered))
        }
        return dispatched
    }

    /// The report in every form a channel may take: text and HTML for e-mail, text for chat,
    /// JSON for a webhook; links on Pitwall's address.
    func message(_ report: PerformanceReport, to channel: NotificationChannel, configuration: PitwallConfiguration, now: Timestamp) -> OutgoingMessage {
        let base = configuration.notifications.linkBase
        let html = renderer.library.render(
            ReportPage.content(report, today: configuration.today(store: report.store, at: now), linkBase: base), withTemplate: "report-email")
        return OutgoingMessage(
            channel: channel, subject: report.subject, text: report.text(linkBase: base), json: report.json(linkBase: base), html: html, at: now)
    }

    /// Sends the report of `kind` for `period` and `store` to the channel named `channelName` now,
    /// outside the schedule and without a claim: a manager's "send it now" (to try a channel,
    /// or to send again what failed). Logged in the audit log under `actor`. Problems with the
    /// request are said by the parameter's name.
    func sendNow(_ kind: ReportKind, period: ClosedRange<CivilDate>, store: StoreID?, channel channelName: String?, by actor: String) async throws -> DeliveryOutcome {
        let configuration = dependencies.configuration
        let channels = configuration.notifications.channels
        guard let channelName else {
            throw ParameterError(name: "channel", reason: "required: one of \(channels.isEmpty ? "the notification channels (none are configured)" : channels.map(\.name).joined(separator: ", "))")
        }
        guard let channel = channels.first(where: { $0.name == channelName }) else {
            throw ParameterError(
                name: "channel",
                reason: channels.isEmpty
                    ? "no notification channels are configured (notifications.channels in the configuration)"
                    : "'\(channelName)' is not one of \(channels.map(\.name).joined(separator: ", "))")
        }
        if let store, let problem = KnownStores(listed: configuration.listedStores, withLeads: try await dependencies.rollups.storesWithLeads()).problem(naming: store) {
            throw ParameterError(name: "store", reason: problem)
        }
        guard channel.serves(store) else {
            let names = channel.stores.sorted().map { configuration.store($0).name }.joined(separator: ", ")
            throw ParameterError(name: "channel", reason: "'\(channel.name)' gets only the news of \(names): send it one of their reports")
        }
        if let allowed = TenantScope.stores, store.map({ !allowed.contains($0) }) ?? true {
            throw ParameterError(name: "store", reason: "this token sends only the reports of \(allowed.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        let now = dependencies.clock.now()
        let report = try await dependencies.performanceReport(kind, period: period, store: store, now: now)
        let outcome = await NotificationDelivery(client: .shared, retryDelays: retryDelays, linkBase: configuration.notifications.linkBase)
            .deliver(message(report, to: channel, configuration: configuration, now: now))
        try await dependencies.escalations.audit(
            AuditEntry(
                at: now, actor: actor, action: outcome.delivered ? "report.sent" : "report.failed",
                subject: "\(kind.rawValue) report \(period.lowerBound)\(store.map { " \($0.rawValue)" } ?? "")",
                detail: "\(channel.name), sent by hand: \(outcome.attempts) attempt\(outcome.attempts == 1 ? "" : "s"); \(outcome.detail)"))
        return outcome
    }

    /// A failed report is tried again this many minutes after each failure (while it is still
    /// worth sending): a mail relay down at 08:00 for ten minutes still gets the morning's
    /// report, and a channel that is simply wrong is not tried every minute all day.
    static let retryAfterMinutes: [Int64] = [15, 60]

    /// A sending takes a few minutes at most (each attempt's time-out and the retries between
    /// them); a claim unfinished this long belongs to a server that stopped mid-send.
    static let abandonedAfterMinutes: Int64 = 15

    /// The round this call claimed `key` for (1 for the first sending, more for a retry of a
    /// failed one now due), with the claim's hash and, when it took over a sending cut off
    /// mid-way, when that one began; nil when it is sent, being sent, or not due again. Each
    /// round has a claim of its own, so servers never take the same retry twice.
    private func claim(_ key: String, now: Timestamp) async throws -> (round: Int, hash: String, cutOff: Timestamp?)? {
        let forgetting = now.adding(milliseconds: -Int64(Self.claimDays) * 86_400_000)
        for round in 1...(Self.retryAfterMinutes.count + 1) {
            let hash = Self.hash(round == 1 ? key : "\(key)|round \(round)")
            let record = IdempotencyRecord(keyHash: hash, caller: Self.caller, fingerprint: hash, createdAt: now)
            guard let earlier = try await dependencies.idempotency.claimIdempotencyKey(record, forgettingBefore: forgetting) else { return (round, hash, nil) }
            guard earlier.isFinished else {
                let abandoned = now.adding(milliseconds: -Self.abandonedAfterMinutes * 60_000)
                return try await dependencies.idempotency.takeOverIdempotencyKey(record, abandonedBefore: abandoned) ? (round, hash, earlier.createdAt) : nil
            }
            guard let failed = FailedSending(earlier.body), let retryAt = failed.retryAt, now >= retryAt else { return nil }
        }
        return nil
    }

    /// What a failed sending leaves in its claim: which round it was and when the next may go.
    struct FailedSending: Equatable {
        var round: Int
        var retryAt: Timestamp?

        init(round: Int, at now: Timestamp) {
            self.round = round
            retryAt = round <= ReportDispatcher.retryAfterMinutes.count
                ? now.adding(milliseconds: ReportDispatcher.retryAfterMinutes[round - 1] * 60_000) : nil
        }

        /// "failed round 1, again at 1772463600000: ..." as kept; nil for a sending that went out.
        init?(_ body: String?) {
            guard let body, body.hasPrefix("failed round ") else { return nil }
            let words = body.dropFirst("failed round ".count).split(separator: " ", maxSplits: 3)
            guard let round = Int(words.first?.trimmingCharacters(in: CharacterSet(charactersIn: ",:")) ?? "") else { return nil }
            self.round = round
            retryAt = words.count > 2 && words[1] == "again" ? Int64(words[2].trimmingCharacters(in: CharacterSet(charactersIn: ",:"))).map { Timestamp(millisecondsSinceEpoch: $0) } : nil
        }

        var text: String {
            "failed round \(round)" + (retryAt.map { ", again \($0.millisecondsSinceEpoch)" } ?? ", final")
        }
    }

    /// The claims' owner among the idempotency records: no token's hash looks like it.
    static let caller = "pitwall:scheduled-reports"

    static func hash(_ key: String) -> String { HexDigest.sha256(key) }
}
