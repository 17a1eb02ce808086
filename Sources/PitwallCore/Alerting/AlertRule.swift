/// One alerting rule, as configured (`alerts:`) or shipped from the SOP: what is watched,
/// over which window and segments, which way is bad, the thresholds, and how strong the
/// evidence must be before anyone is told.
public struct AlertRule: Hashable, Sendable, Identifiable {
    public enum Subject: Hashable, Sendable {
        /// A KPI of the catalog, read from the scorecard.
        case kpi(KPIKey)
        /// A component of the messaging platform reported down by a `system.status` event.
        case systemDown
        /// The readings of one metric (`system.sample` events, probe timings) over the last
        /// minutes, for each component that reports it.
        case systemReading(metric: String, statistic: ReadingStatistic)
        /// Texts sent to leads after they opted out (TCPA), counted per store.
        case complianceViolations
        /// A store's new leads have stopped: the leads its usual pace (`LeadPace`, learned over
        /// the rule's window) would have brought since its last one.
        case leadsStopped
        /// Of the `latest` texts (or e-mails) sent a while ago, those no delivery receipt has
        /// followed, per store and channel: the provider's status callbacks no longer reaching
        /// Pitwall, which the delivery rate cannot show (it counts only the messages whose
        /// fate is known).
        case receiptsMissing(channels: Set<Channel>, latest: Int)
        /// Each agent's leads of the last week that no person has answered yet, per agent of
        /// each store: one holding too many cannot answer the next within its SLA.
        case agentsOverloaded
        /// Each change of the change log that took effect in the window, judged as the log
        /// judges it today: one whose figure is clearly worse since (net of the rest of the
        /// group, where it has one large enough) should be undone or explained.
        case changesWorse
        /// The days of room left on the disk holding the database at the last weeks' pace of
        /// leads (`StorageOutlook`), for the whole server: the SOP's storage space monitoring.
        case diskFilling
        /// The hours since the latest backup `pitwall backup` noted in the database: backups
        /// that stopped (a cron job gone, a full backup disk) are said before they are needed.
        case backupOverdue
        /// The days since the latest restore drill (`pitwall restore --drill`) noted in the
        /// database, a failed one judged at the rule's worst level at once: the SOP's monthly
        /// disaster recovery testing.
        case restoreDrillOverdue

        /// Whether its notes say which segment they are about, so a reason need not add it.
        public var namesItsBreakdown: Bool {
            switch self {
            case .receiptsMissing, .agentsOverloaded, .changesWorse: true
            default: false
            }
        }

        /// Checks of the system rather than of the funnel: shown on the system tile.
        public var isSystemCheck: Bool {
            switch self {
            case .systemDown, .systemReading, .receiptsMissing, .diskFilling, .backupOverdue, .restoreDrillOverdue: true
            case .kpi, .complianceViolations, .leadsStopped, .agentsOverloaded, .changesWorse: false
            }
        }
    }

    /// How a rule sums up the readings in its window.
    public enum ReadingStatistic: String, Hashable, Sendable, CaseIterable {
        case mean, max, sum

        public func apply(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            switch self {
            case .mean: return values.reduce(0, +) / Double(values.count)
            case .max: return values.max()
            case .sum: return values.reduce(0, +)
            }
        }
    }

    /// Which way is bad.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        /// Bad when the value is above the thresholds (failure rate, opt-out rate).
        case above
        /// Bad when the value is below them (response rate, delivery rate).
        case below
    }

    /// The segments a rule is evaluated for, each on its own.
    public enum Scope: Hashable, Sendable {
        /// Each store separately (the default): one store's trouble is not averaged away.
        case eachStore
        /// Each value of a breakdown within each store (source, campaign, ...).
        case eachStoreAnd(KPIGrouping)
        /// The whole group as one.
        case group
    }

    public var id: String
    public var name: String
    public var subject: Subject
    public var window: AlertWindow
    public var scope: Scope
    /// Only these stores; all when empty.
    public var stores: Set<StoreID>
    public var direction: Direction
    public var warning: Double?
    public var critical: Double?
    /// How long the condition must hold before the alert fires.
    public var forSeconds: Double
    /// How long a firing alert's condition must stay clear before it resolves.
    public var clearForSeconds: Double
    /// Fewer observations than this (messages, contacted leads) is `no_data`.
    public var minimumSample: Int
    /// For rates: the threshold is compared with this two-sided Wilson bound, not the raw rate.
    public var confidence: Double
    /// Where notifications go (channel names of the configuration).
    public var channels: [String]

    public init(
        id: String, name: String, subject: Subject, window: AlertWindow, scope: Scope = .eachStore, stores: Set<StoreID> = [],
        direction: Direction, warning: Double?, critical: Double?, forSeconds: Double = 300, clearForSeconds: Double = 900,
        minimumSample: Int = 30, confidence: Double = 0.95, channels: [String] = []
    ) {
        self.id = id
        self.name = name
        self.subject = subject
        self.window = window
        self.scope = scope
        self.stores = stores
        self.direction = direction
        self.warning = warning
        self.critical = critical
        self.forSeconds = forSeconds
        self.clearForSeconds = clearForSeconds
        self.minimumSample = minimumSample
        self.confidence = confidence
        self.channels = channels
    }

    /// How the watched figure is shown; nil for the down check, which counts components.
    public func unit(in catalog: KPICatalog) -> KPIUnit? {
        switch subject {
        case .kpi(let key): catalog[key].unit
        case .systemReading(let metric, _): SystemMetric(rawValue: metric)?.displayUnit ?? .score
        case .systemDown, .complianceViolations, .leadsStopped, .receiptsMissing, .agentsOverloaded, .changesWorse, .diskFilling, .backupOverdue,
            .restoreDrillOverdue:
            nil
        }
    }

    /// True when `value` is on the bad side of `threshold`.
    public func crosses(_ value: Double, _ threshold: Double) -> Bool {
        switch direction {
        case .above: value > threshold
        case .below: value < threshold
        }
    }
}

/// The days a rule looks at, in each store's own local days; or, for system readings, the
/// last minutes.
public struct AlertWindow: Hashable, Sendable, CustomStringConvertible {
    /// How many local days, ending with the last one.
    public var days: Int
    /// For system readings: the rolling minutes up to now (days are then ignored).
    public var minutes: Int?
    /// With `minutes`: how many of the most recent minutes to leave out. A text sent a minute
    /// ago has not had time for its delivery receipt.
    public var skipRecentMinutes = 0
    /// How many of the most recent days to leave out: leads of the last day have not had
    /// time to reply, so a cohort rate over them reads low when nothing is wrong.
    public var skipRecentDays: Int

    public init(days: Int, skipRecentDays: Int = 0) {
        precondition(days >= 1 && skipRecentDays >= 0, "at least one day")
        self.days = days
        self.skipRecentDays = skipRecentDays
    }

    public static let today = AlertWindow(days: 1)

    public static func lastMinutes(_ minutes: Int, skippingRecent skipped: Int = 0) -> AlertWindow {
        precondition(minutes >= 1 && skipped >= 0, "at least one minute")
        var window = AlertWindow(days: 1)
        window.minutes = minutes
        window.skipRecentMinutes = skipped
        return window
    }

    /// With `minutes`: the instants covered when it is `now`, `[from, before)`.
    public func span(endingAt now: Timestamp) -> (from: Timestamp, before: Timestamp) {
        let before = now.adding(milliseconds: -Int64(skipRecentMinutes) * 60_000)
        return (before.adding(milliseconds: -Int64(minutes ?? 15) * 60_000), before)
    }

    /// The local days covered when the store's date is `today`.
    public func dates(today: CivilDate) -> (from: CivilDate, to: CivilDate) {
        let last = today.adding(days: -skipRecentDays)
        return (last.adding(days: -(days - 1)), last)
    }

    public var description: String {
        if let minutes { return skipRecentMinutes == 0 ? "last \(minutes) min" : "\(minutes) min ending \(skipRecentMinutes) min ago" }
        if days == 1 && skipRecentDays == 0 { return "today so far" }
        let span = days == 1 ? "1 day" : "\(days) days"
        return skipRecentDays == 0 ? "last \(span)" : "\(span) ending \(skipRecentDays) day\(skipRecentDays == 1 ? "" : "s") ago"
    }
}

extension [AlertRule] {
    /// The rules by id; the first wins when an id repeats (the configuration refuses that anyway).
    public var byID: [String: AlertRule] { Dictionary(map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
}
