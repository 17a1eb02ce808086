import Foundation
import Hummingbird
import PitwallCore

/// `/alerts`: what is wrong now, what was wrong before, who acknowledged or silenced what.
/// Acknowledging and silencing need a token with manage scope.
struct AlertsPage {
    let dependencies: AppDependencies
    let renderer: PageRenderer

    struct View: Sendable {
        var chrome: PageChrome
        var current: [AlertLine]
        var hasCurrent: Bool
        /// Rules firing unacknowledged at several places, each taken on with one form.
        var acknowledgeAll: [RuleAcknowledgement]
        /// Rules waiting for enough data, in one line each: not alarming, but worth knowing.
        var waitingForData: [AlertLine]
        var hasWaitingForData: Bool
        /// "1 rule is", "12 rules are".
        var waitingSummary: String
        var silences: [SilenceLine]
        var hasSilences: Bool
        var rules: [Option]
        var stores: [Option]
        var history: [HistoryLine]
        var hasHistory: Bool
        var audit: [AuditLine]
        var hasAudit: Bool
        /// Messages sent after an opt-out, for leads of the last 7 days.
        var violations: [ViolationLine]
        var hasViolations: Bool
    }

    struct RuleAcknowledgement: Sendable {
        var ruleID: String
        var name: String
        var count: Int
    }

    struct ViolationLine: Sendable {
        var lead: String
        var link: String
        var store: String
        var sentAt: String
        var by: String
        var after: String
        var rule: String
    }

    struct SilenceLine: Sendable {
        var id: String
        var rule: String
        var store: String
        var until: String
        var by: String
        var comment: String?
    }

    struct HistoryLine: Sendable {
        var at: String
        var alert: String
        var change: String
        var badge: StatusBadge
    }

    struct AuditLine: Sendable {
        var at: String
        var actor: String
        var action: String
        var subject: String
        var detail: String
    }

    func addRoutes(to group: RouterGroup<PitwallRequestContext>) {
        group.get("alerts", use: page)
        group.post("alerts/{id}/ack", use: acknowledge)
        group.post("alerts/rule/{rule}/ack", use: acknowledgeRule)
        group.post("silences", use: silence)
        group.post("silences/{id}/end", use: endSilence)
    }

    @Sendable func page(request: Request, context: PitwallRequestContext) async throws -> Response {
        let now = dependencies.clock.now()
        let configuration = dependencies.configuration
        let home = configuration.homeStore
        let local = LocalTimeFormatting(store: home, now: now)
        let rules = configuration.alertRules.byID
        let canManage = context.session!.token.scope.allows(.manage)
        let statuses = try await dependencies.alerts.statuses(of: configuration.alertRules)
        let unacknowledged = Dictionary(grouping: statuses.filter { $0.condition == .firing && $0.acknowledgement == nil }, by: \.ruleID)
        let acknowledgeAll = canManage
            ? unacknowledged.filter { $0.value.count > 1 }.keys.sorted().map {
                RuleAcknowledgement(ruleID: $0, name: rules[$0]?.name ?? $0, count: unacknowledged[$0]!.count)
            } : []
        let lines = statuses
            .filter { $0.condition != .ok }
            .sorted(by: AlertsController.moreUrgent)
            .map { AlertLine($0, rule: rules[$0.ruleID], configuration: configuration, local: local, canAcknowledge: canManage) }
        let current = lines.filter { $0.condition != "no data" }
        let waitingForData = lines.filter { $0.condition == "no data" }
        let silences = try await dependencies.alerts.silences(endingAfter: now).map { silence in
            SilenceLine(
                id: silence.id, rule: silence.ruleID.map { rules[$0]?.name ?? $0 } ?? "Every rule",
                store: silence.store.map { configuration.store($0).name } ?? "Every store", until: local.time(silence.endsAt), by: silence.createdBy,
                comment: silence.comment)
        }
        let history = Self.history(try await dependencies.alerts.latestAlertHistory(limit: 50).map(\.transition), rules: rules, configuration: configuration, local: local)
        let audit = try await dependencies.escalations.latestAuditEntries(limit: 50).map {
            AuditLine(at: local.time($0.at), actor: $0.actor, action: $0.action, subject: $0.subject, detail: $0.detail)
        }
        let today = home.calendar.localDate(of: now)
        let names = configuration.names
        let violations = try await dependencies.complianceViolations(
            in: ReportingWindow(preset: .last7Days, from: today.adding(days: -6), to: today), store: nil
        ).reversed().prefix(50).map { store, violation in
            ViolationLine(
                lead: violation.leadID.rawValue, link: "/leads/\(SessionMiddleware.percentEncoded(violation.leadID.rawValue))",
                store: store.map { configuration.store($0).name } ?? "–", sentAt: local.time(violation.sentAt),
                by: violation.agentID.map(names.agent) ?? (violation.sender == .ai ? "AI assistant" : violation.sender?.rawValue) ?? "–",
                after: KPIFormatting.duration(seconds: violation.secondsAfterOptOut),
                rule: ConsentWords.readable(violation.optOutRule))
        }
        let view = View(
            chrome: PageChrome(title: "Alerts", section: .alerts, session: context.session!, now: now, zone: home, notice: request.query("done")),
            current: current, hasCurrent: !current.isEmpty, acknowledgeAll: acknowledgeAll, waitingForData: waitingForData, hasWaitingForData: !waitingForData.isEmpty,
            waitingSummary: KPIFormatting.count(waitingForData.count, "rule is", "rules are"), silences: silences, hasSilences: !silences.isEmpty,
            rules: [Option(value: "", label: "Every rule", selected: true)] + configuration.alertRules.map { Option(value: $0.id, label: $0.name, selected: false) },
            stores: [Option(value: "", label: "Every store", selected: true)]
                + (try await dependencies.knownStores()).map { Option(value: $0.id.rawValue, label: $0.name, selected: false) },
            history: history, hasHistory: !history.isEmpty, audit: audit, hasAudit: !audit.isEmpty, violations: Array(violations),
            hasViolations: !violations.isEmpty)
        return renderer.html(view, template: "alerts")
    }

    /// The changes, newest first, in words. Alerts that found their first data and were fine
    /// in the same minute (every rule of every store when a server starts) make one line after
    /// that minute's other changes, so the changes that matter are not buried under them.
    static func history(_ transitions: [AlertTransition], rules: [String: AlertRule], configuration: PitwallConfiguration, local: LocalTimeFormatting) -> [HistoryLine] {
        func line(_ transition: AlertTransition) -> HistoryLine {
            HistoryLine(
                at: local.time(transition.at), alert: "\(rules[transition.ruleID]?.name ?? transition.ruleID) · \(place(transition.segment, configuration))",
                change: "\(transition.from.words) → \(transition.to.words)" + (transition.severity.map { " (\($0.rawValue))" } ?? ""),
                badge: StatusBadge(transition.to, severity: transition.severity))
        }
        var minutes: [[AlertTransition]] = []
        for transition in transitions {
            if let last = minutes.last?.last, local.time(last.at) == local.time(transition.at) { minutes[minutes.count - 1].append(transition) } else { minutes.append([transition]) }
        }
        func isQuietStart(_ transition: AlertTransition) -> Bool { transition.from == .noData && transition.to == .ok }
        return minutes.flatMap { minute -> [HistoryLine] in
            let quietStarts = minute.filter(isQuietStart)
            guard quietStarts.count > 1 else { return manyStoresFolded(minute, line: line, rules: rules, configuration: configuration) }
            let names = Set(quietStarts.map { rules[$0.ruleID]?.name ?? $0.ruleID }).sorted()
            let folded = HistoryLine(
                at: local.time(quietStarts[0].at), alert: "\(quietStarts.count) alerts had enough data for the first time (\(names.joined(separator: ", ")))",
                change: "no data → ok", badge: StatusBadge(.ok, severity: nil))
            return manyStoresFolded(minute.filter { !isQuietStart($0) }, line: line, rules: rules, configuration: configuration) + [folded]
        }
    }

    /// One minute's changes, where one rule changed the same way at more stores than a message
    /// names one by one (receipts stopping at twenty stores at once) as one line naming them.
    static func manyStoresFolded(
        _ minute: [AlertTransition], line: (AlertTransition) -> HistoryLine, rules: [String: AlertRule], configuration: PitwallConfiguration
    ) -> [HistoryLine] {
        func key(_ transition: AlertTransition) -> String {
            "\(transition.ruleID)|\(transition.from.rawValue)|\(transition.to.rawValue)|\(transition.severity?.rawValue ?? "")"
        }
        let together = Dictionary(grouping: minute.filter { $0.segment.store != nil }, by: key)
            .filter { AlertSegment.spanManyStores($0.value.map(\.segment)) }
        var shown: Set<String> = []
        return minute.compactMap { transition in
            guard transition.segment.store != nil, let same = together[key(transition)] else { return line(transition) }
            guard shown.insert(key(transition)).inserted else { return nil }
            let stores = Set(same.compactMap(\.segment.store)).map { configuration.store($0).name }.sorted()
            var folded = line(transition)
            folded.alert = "\(rules[transition.ruleID]?.name ?? transition.ruleID) · \(stores.count) stores (\(stores.joined(separator: ", ")))"
            return folded
        }
    }

    static func place(_ segment: AlertSegment, _ configuration: PitwallConfiguration) -> String {
        (segment.store.map { configuration.store($0).name } ?? "Whole group") + (segment.breakdown(in: configuration.names).map { " · \($0)" } ?? "")
    }

    /// Who acknowledges, why and for how long, from an acknowledge form.
    func acknowledgement(_ form: FormFields, by session: DashboardSession) throws -> AlertAcknowledgement {
        let now = dependencies.clock.now()
        var until: Timestamp?
        if let text = form.text("quiet_minutes") {
            guard let minutes = Int(text), (1...10_080).contains(minutes) else {
                throw DashboardError.badParameter(ParameterError(name: "quiet_minutes", reason: "'\(text)' must be a whole number of minutes from 1 to 10080"))
            }
            until = now.adding(seconds: Double(minutes) * 60)
        }
        return AlertAcknowledgement(by: session.token.name, at: now, comment: form.text("comment").map { String($0.prefix(500)) }, until: until)
    }

    /// Every firing alert of one rule, from the form above the alerts.
    @Sendable func acknowledgeRule(request: Request, context: PitwallRequestContext) async throws -> Response {
        let (session, form) = try await Self.managerForm(request, context)
        let rule = try context.parameters.require("rule")
        let rules = dependencies.configuration.alertRules
        guard rules.contains(where: { $0.id == rule }) else {
            throw DashboardError.notFound("There is no alert rule '\(rule)'. It may have been removed from the configuration.")
        }
        let acknowledged = try await dependencies.alerts.acknowledgeFiring(of: rule, at: nil, rules: rules, try acknowledgement(form, by: session))
        guard !acknowledged.isEmpty else {
            throw DashboardError(status: .conflict, title: "Nothing to acknowledge", message: "No alert of this rule is firing now.")
        }
        dependencies.live.changed()
        return Self.back(form, done: KPIFormatting.count(acknowledged.count, "alert", "alerts") + " acknowledged")
    }

    @Sendable func acknowledge(request: Request, context: PitwallRequestContext) async throws -> Response {
        let (session, form) = try await Self.managerForm(request, context)
        let id = try context.pathID()
        let acknowledgement = try acknowledgement(form, by: session)
        guard let status = try await dependencies.alerts.acknowledgeAlert(id, acknowledgement) else {
            throw DashboardError.notFound("There is no alert '\(id)'. It may have been removed from the configuration.")
        }
        guard status.condition == .firing else {
            throw DashboardError(status: .conflict, title: "Nothing to acknowledge", message: "This alert is \(status.condition.rawValue) now; only a firing alert can be acknowledged.")
        }
        dependencies.live.changed()
        return Self.back(form, done: "Alert acknowledged")
    }

    @Sendable func silence(request: Request, context: PitwallRequestContext) async throws -> Response {
        let (session, form) = try await Self.managerForm(request, context)
        let rule = form.text("rule_id")
        if let rule, !dependencies.configuration.alertRules.contains(where: { $0.id == rule }) {
            throw DashboardError.badParameter(ParameterError(name: "rule_id", reason: "'\(rule)' is not one of the configured rules"))
        }
        guard let text = form.text("minutes"), let minutes = Int(text), (1...43_200).contains(minutes) else {
            throw DashboardError.badParameter(ParameterError(name: "minutes", reason: "give how long to silence, in whole minutes from 1 to 43200"))
        }
        let store = form.text("store_id").map { StoreID($0) }
        if let refusal = StoreWriteLimit.silenceRefusal(for: store) { throw DashboardError.badParameter(ParameterError(name: "store_id", reason: refusal)) }
        let now = dependencies.clock.now()
        try await dependencies.alerts.addSilence(
            AlertSilence(
                id: "silence-" + UUID().uuidString.lowercased(), ruleID: rule, store: store, startsAt: now,
                endsAt: now.adding(seconds: Double(minutes) * 60), createdBy: session.token.name, comment: form.text("comment").map { String($0.prefix(500)) }))
        dependencies.live.changed()
        return Self.back(form, done: "Silence added")
    }

    @Sendable func endSilence(request: Request, context: PitwallRequestContext) async throws -> Response {
        let (session, form) = try await Self.managerForm(request, context)
        let id = try context.pathID()
        guard try await dependencies.alerts.endSilence(id, by: session.token.name, at: dependencies.clock.now()) != nil else {
            throw DashboardError.notFound("There is no silence '\(id)'.")
        }
        dependencies.live.changed()
        return Self.back(form, done: "Silence ended")
    }

    /// `needs`: what is refused, with its verb ("Recording coaching needs").
    static func manager(_ context: PitwallRequestContext, needs: String = "Acknowledging and silencing need") throws(DashboardError) -> DashboardSession {
        guard let session = context.session, session.token.scope.allows(.manage) else {
            throw DashboardError.forbidden(
                "\(needs) a token with manage scope; you signed in with '\(context.session?.token.name ?? "?")' (\(context.session?.token.scope.rawValue ?? "?")).")
        }
        return session
    }

    /// The manager's session (refused as `manager` refuses) and the form they sent.
    static func managerForm(
        _ request: Request, _ context: PitwallRequestContext, needs: String = "Acknowledging and silencing need"
    ) async throws -> (DashboardSession, FormFields) {
        let session = try manager(context, needs: needs)
        var request = request
        return (session, FormFields(String(buffer: try await request.collectBody(upTo: 64 * 1024))))
    }

    /// Back to the page the form was on, saying what was done.
    static func back(_ form: FormFields, done: String) -> Response {
        let page = SessionMiddleware.localPath(form["back"] ?? "/alerts")
        let separator = page.contains("?") ? "&" : "?"
        return Response(status: .seeOther, headers: [.location: page + separator + "done=" + SessionMiddleware.percentEncoded(done)])
    }
}
