import Foundation

/// Where alert notifications go, as configured (`notifications:`).
public struct NotificationChannel: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A JSON POST, signed with HMAC-SHA256 when a secret is set.
        case webhook(url: String, secret: String?)
        /// A Slack-compatible incoming webhook: `{"text": ...}`.
        case slack(url: String)
        /// E-mail over SMTP.
        case email(EmailSettings)
    }

    public var name: String
    public var kind: Kind
    /// When this channel's alerts wait; nil: any time.
    public var quietHours: QuietHours?
    /// The stores whose news this channel gets (a store supervisor's own chat); empty: all,
    /// and only such channels get news about the whole group.
    public var stores: Set<StoreID>
    /// What the channel carries: the alerting rules' notices, the speed-to-lead escalations, or both.
    public var carriesAlerts: Bool
    public var carriesEscalations: Bool

    public init(
        name: String, kind: Kind, quietHours: QuietHours? = nil, stores: Set<StoreID> = [], carriesAlerts: Bool = true,
        carriesEscalations: Bool = true
    ) {
        self.name = name
        self.kind = kind
        self.quietHours = quietHours
        self.stores = stores
        self.carriesAlerts = carriesAlerts
        self.carriesEscalations = carriesEscalations
    }

    /// Whether news about `store` (nil: the whole group) belongs on this channel.
    public func serves(_ store: StoreID?) -> Bool {
        guard let store else { return stores.isEmpty }
        return stores.isEmpty || stores.contains(store)
    }
}

/// How to reach an SMTP server, and who gets the mail.
public struct EmailSettings: Hashable, Sendable {
    public enum Encryption: String, CaseIterable, Hashable, Sendable {
        /// Upgrade with STARTTLS when the server offers it (the default).
        case starttls
        /// Refuse to send unless the server offers STARTTLS.
        case required
        /// Never encrypt: only for a relay on the same machine.
        case none
    }

    public var host: String
    public var port: Int
    public var from: String
    public var to: [String]
    public var username: String?
    public var password: String?
    public var encryption: Encryption
    /// A PEM file of certificates to trust besides the system's (a private relay's own CA).
    public var trustedCertificatesFile: String?

    public init(
        host: String, port: Int = 587, from: String, to: [String], username: String? = nil, password: String? = nil, encryption: Encryption = .starttls,
        trustedCertificatesFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.from = from
        self.to = to
        self.username = username
        self.password = password
        self.encryption = encryption
        self.trustedCertificatesFile = trustedCertificatesFile
    }
}

public struct NotificationSettings: Hashable, Sendable {
    public var channels: [NotificationChannel]
    /// How often a firing alert nobody has acknowledged is announced again.
    public var repeatSeconds: Double
    /// The address people reach Pitwall at, for the acknowledge link in every message.
    public var linkBase: String?

    public init(channels: [NotificationChannel] = [], repeatSeconds: Double = 3600, linkBase: String? = nil) {
        self.channels = channels
        self.repeatSeconds = repeatSeconds
        self.linkBase = linkBase
    }
}

/// One thing to tell people about one alert.
public struct AlertNotice: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// It started firing, or got more or less severe.
        case firing
        /// Still firing, nobody has acknowledged it.
        case reminder
        case resolved
    }

    public var kind: Kind
    public var alertID: String
    public var ruleID: String
    public var name: String
    public var segment: AlertSegment
    public var severity: AlertSeverity?
    /// The situation in one sentence.
    public var text: String
    public var measurement: AlertMeasurement?
    /// Where a manager acknowledges it, relative to Pitwall's address.
    public var acknowledgePath: String
    /// The name of the store it is about; nil for the whole group.
    public var storeName: String?

    public init(
        kind: Kind, alertID: String, ruleID: String, name: String, segment: AlertSegment, severity: AlertSeverity?, text: String,
        measurement: AlertMeasurement?, acknowledgePath: String? = nil, storeName: String? = nil
    ) {
        self.kind = kind
        self.alertID = alertID
        self.ruleID = ruleID
        self.name = name
        self.segment = segment
        self.severity = severity
        self.text = text
        self.measurement = measurement
        self.acknowledgePath = acknowledgePath ?? "/v1/alerts/\(alertID)/ack"
        self.storeName = storeName
    }
}

/// One message to one channel: the notices of one store (or of the group) from one round,
/// so five alerts at one store page once; on a channel that serves the whole group, the
/// notices of many stores from one round (see `AlertSegment.spanManyStores`).
public struct NotificationBatch: Hashable, Sendable {
    public var channel: NotificationChannel
    public var store: StoreID?
    public var storeName: String?
    public var notices: [AlertNotice]
    public var at: Timestamp

    public init(channel: NotificationChannel, store: StoreID?, storeName: String?, notices: [AlertNotice], at: Timestamp) {
        self.channel = channel
        self.store = store
        self.storeName = storeName
        self.notices = notices
        self.at = at
    }

    /// The names of the stores its notices are about, in order, each once.
    public var storeNames: [String] {
        var seen: Set<String> = []
        return notices.compactMap(\.storeName).filter { seen.insert($0).inserted }
    }

    /// Whom the message is about: a store's name, "5 stores", or "the whole group".
    public var about: String {
        if let storeName { return storeName }
        let names = storeNames
        return switch names.count {
        case 0: "the whole group"
        case 1: names[0]
        default: "\(names.count) stores"
        }
    }
}

/// Decides, after an evaluation round, what to announce to whom. Pure.
public struct NotificationPlanner: Sendable {
    public var configurations: ConfigurationBook
    /// The configuration of the organisation whose alerts are announced (its store names, its
    /// targets, and its own channels when it has some).
    public var configuration: PitwallConfiguration { configurations.current }
    /// Where the alerts of the organisation being worked for go.
    public var settings: NotificationSettings { configuration.notifications }
    /// The organisation's alert rules: what its alerts' channels and names are read from.
    public var rules: [AlertRule] { configuration.alertRules }

    public init(configurations: ConfigurationBook) {
        self.configurations = configurations
    }

    public init(settings: NotificationSettings, configuration: PitwallConfiguration) {
        var configuration = configuration
        configuration.notifications = settings
        self.init(configurations: ConfigurationBook(configuration))
    }

    /// The batches to send, and the statuses with `notifiedAt` moved on for those announced.
    ///
    /// Firing (or a change of severity) and resolving are always announced; a firing alert
    /// is announced again every `repeatSeconds` until acknowledged, and again when an
    /// acknowledgement's quiet period ends while it still fires.
    public func plan(
        statuses: [AlertStatus], transitions: [AlertTransition], silences: [AlertSilence] = [], now: Timestamp
    ) -> (batches: [NotificationBatch], statuses: [AlertStatus]) {
        guard !settings.channels.isEmpty else { return ([], statuses) }
        let rulesByID = rules.byID
        let latest = Dictionary(transitions.map { ($0.alertID, $0) }, uniquingKeysWith: { _, last in last })
        var updated: [AlertStatus] = []
        var grouped: [String: NotificationBatch] = [:]
        let systemDown = Self.storesWithSystemDown(statuses, rules: rulesByID)
        for var status in statuses {
            defer { updated.append(status) }
            guard let rule = rulesByID[status.ruleID], let kind = noticeKind(for: status, transition: latest[status.id], now: now) else { continue }
            // While a store's messaging is down its KPIs go bad as a consequence: the outage
            // pages, the consequences wait (and are announced if they outlast it). Leads that
            // stop coming in are not held: an AI or carrier outage does not stop web forms, and
            // a broken form loses leads every hour it waits.
            if case .kpi = rule.subject, kind != .resolved, let store = status.segment.store, systemDown.all || systemDown.stores.contains(store) {
                continue
            }
            if silences.contains(where: { $0.isActive(at: now) && $0.covers(status) }) { continue }
            let severity = kind == .resolved ? latest[status.id]?.severity ?? nil : status.severity
            let channels = settings.channels.filter {
                $0.carriesAlerts && $0.serves(status.segment.store) && (rule.channels.isEmpty || rule.channels.contains($0.name))
            }
            let open = channels.filter { !($0.quietHours?.holds(severity, at: now) ?? false) }
            // Held by every channel's quiet hours: not announced yet, so it goes out when they end.
            if open.isEmpty && !channels.isEmpty { continue }
            if kind != .resolved { status.notifiedAt = now }
            let notice = AlertNotice(
                kind: kind, alertID: status.id, ruleID: status.ruleID, name: rule.name, segment: status.segment,
                severity: severity,
                text: kind == .resolved ? "\(rule.name) is back to normal" + (status.measurement?.value.map { " (\(Self.figure($0, rule: rule, catalog: configuration.kpiCatalog)))" } ?? "")
                    : StatusBoard.reason(status, rule: rule, catalog: configuration.kpiCatalog, names: configuration.names, time: { $0.rfc3339 }),
                measurement: status.measurement, storeName: status.segment.store.map { configuration.store($0).name })
            for channel in open {
                let key = channel.name + "|" + (status.segment.store?.rawValue ?? "")
                var batch = grouped[key] ?? NotificationBatch(
                    channel: channel, store: status.segment.store, storeName: status.segment.store.map { configuration.store($0).name }, notices: [], at: now)
                batch.notices.append(notice)
                grouped[key] = batch
            }
        }
        return (Self.gathered(grouped.keys.sorted().map { grouped[$0]! }), updated)
    }

    /// A channel that serves the whole group gets the news of one round as one message when it
    /// concerns more than `AlertSegment.storesToldApart` stores, each line naming its store: twenty
    /// stores whose receipts stopped together are one cause, and twenty pages for it bury the
    /// one that matters. A store's own channel, and a round of a few stores, are unchanged.
    static func gathered(_ batches: [NotificationBatch]) -> [NotificationBatch] {
        var gathered: [NotificationBatch] = []
        var byChannel: [String: [NotificationBatch]] = [:]
        for batch in batches { byChannel[batch.channel.name, default: []].append(batch) }
        for batch in batches where byChannel[batch.channel.name] != nil {
            let together = byChannel.removeValue(forKey: batch.channel.name)!
            guard batch.channel.stores.isEmpty, AlertSegment.spanManyStores(together.flatMap { $0.notices.map(\.segment) }) else {
                gathered += together
                continue
            }
            // The group's own news first, then the stores' in the order of their ids.
            let ordered = together.filter { $0.store == nil } + together.filter { $0.store != nil }
            gathered.append(NotificationBatch(channel: batch.channel, store: nil, storeName: nil, notices: ordered.flatMap(\.notices), at: batch.at))
        }
        return gathered
    }

    /// The stores whose messaging system is reported down now; `all` when it is down for every store.
    static func storesWithSystemDown(_ statuses: [AlertStatus], rules: [String: AlertRule]) -> (all: Bool, stores: Set<StoreID>) {
        let down = statuses.filter { $0.condition == .firing && rules[$0.ruleID]?.subject == .systemDown }
        return (down.contains { $0.segment.store == nil }, Set(down.compactMap(\.segment.store)))
    }

    func noticeKind(for status: AlertStatus, transition: AlertTransition?, now: Timestamp) -> AlertNotice.Kind? {
        if let transition {
            if transition.to == .firing { return .firing }
            if transition.to == .resolved { return .resolved }
        }
        guard status.condition == .firing else { return nil }
        // Firing but never announced (held back while the system was down): announce it now.
        if status.notifiedAt == nil, status.acknowledgement == nil { return .firing }
        if let acknowledgement = status.acknowledgement {
            guard let until = acknowledgement.until, until <= now else { return nil }
            // The quiet period is over: once at its end, then on the usual rhythm.
            if (status.notifiedAt ?? .init(millisecondsSinceEpoch: 0)) < until { return .reminder }
        }
        guard let last = status.notifiedAt else { return .reminder }
        return last.seconds(until: now) >= settings.repeatSeconds ? .reminder : nil
    }

    static func figure(_ value: Double, rule: AlertRule, catalog: KPICatalog) -> String {
        guard let unit = rule.unit(in: catalog) else { return JSONWriter.format(value) }
        return KPIFormatting.value(value, unit: unit)
    }
}

/// What happened to one delivery.
public struct DeliveryOutcome: Hashable, Sendable {
    public var delivered: Bool
    public var attempts: Int
    /// The last HTTP status or error, in words.
    public var detail: String

    public init(delivered: Bool, attempts: Int, detail: String) {
        self.delivered = delivered
        self.attempts = attempts
        self.detail = detail
    }
}

extension NotificationPlanner {
    /// Escalations and breaches of unanswered leads, as notices to every channel that carries
    /// them and serves the store, one message per store: the speed-to-lead side of the same
    /// paging, with the same quiet hours.
    public static func batches(for raised: [Escalation], settings: NotificationSettings, configuration: PitwallConfiguration, now: Timestamp) -> [NotificationBatch] {
        guard !settings.channels.isEmpty, !raised.isEmpty else { return [] }
        var byStore: [StoreID: [AlertNotice]] = [:]
        for escalation in raised {
            let who = escalation.agentID.map { "assigned to \($0)" } ?? "not assigned to anyone"
            let what = escalation.kind == .escalation ? "has used half its SLA without an answer" : "has passed its SLA without an answer"
            byStore[escalation.storeID, default: []].append(
                AlertNotice(
                    kind: .firing, alertID: escalation.id, ruleID: "speed_to_lead", name: escalation.kind == .escalation ? "Lead waiting" : "SLA breached",
                    segment: AlertSegment(store: escalation.storeID), severity: escalation.kind == .escalation ? .warning : .critical,
                    text: "\(escalation.tier.rawValue.capitalized) lead \(escalation.leadID) \(what) (\(who))", measurement: nil,
                    acknowledgePath: "/v1/sla/escalations/\(escalation.id)/ack", storeName: configuration.store(escalation.storeID).name))
        }
        return byStore.keys.sorted().flatMap { store in
            settings.channels.filter { $0.carriesEscalations && $0.serves(store) }.compactMap { channel -> NotificationBatch? in
                // Quiet hours keep "lead waiting" off the channel; a breach still pages unless the
                // channel holds critical news too. Nothing held is sent later: by the morning the
                // lead is answered or in the /sla queue, which is where the day starts.
                let notices = byStore[store]!.filter { !(channel.quietHours?.holds($0.severity, at: now) ?? false) }
                guard !notices.isEmpty else { return nil }
                return NotificationBatch(channel: channel, store: store, storeName: configuration.store(store).name, notices: notices, at: now)
            }
        }
    }
}
