/// Measures every rule for every segment and moves each alert's status on. Reads through
/// ports; the statuses come in and go out, so the caller decides where they are kept.
public struct AlertMonitor: Sendable {
    public let rollups: any KPIRollupStore
    public let events: any EventStore
    public let configurations: ConfigurationBook
    /// The configuration of the organisation being evaluated: the monitor runs for each in turn.
    public var configuration: PitwallConfiguration { configurations.current }
    /// The rules evaluated: the organisation's own (its configuration's), unless fixed at `init`.
    public var rules: [AlertRule] { fixedRules ?? configuration.alertRules }
    private let fixedRules: [AlertRule]?
    /// For the compliance rule: the leads and their messages. Without it that rule sees nothing.
    public let leads: (any LeadQueryStore)?
    /// How long lead outcomes have been taking (group-wide, for the UTC date given): with it,
    /// a rule on a lead-cohort KPI judges a young window by where it is heading, as the
    /// scorecard does, instead of calling its low figure a failure.
    public var outcomeDelays: (@Sendable (_ today: CivilDate) async throws -> OutcomeDelays)?
    /// Each store's usual pace of leads, for the "no leads coming in" rule.
    let paces = LeadPaceCache()
    /// For the changes rule: the log of changes made. Without it that rule sees nothing.
    public var changes: (any ChangeLog)?

    public init(
        rollups: any KPIRollupStore, events: any EventStore, configurations: ConfigurationBook, rules: [AlertRule]? = nil, leads: (any LeadQueryStore)? = nil
    ) {
        self.rollups = rollups
        self.events = events
        self.configurations = configurations
        self.fixedRules = rules
        self.leads = leads
    }

    public init(
        rollups: any KPIRollupStore, events: any EventStore, configuration: PitwallConfiguration, rules: [AlertRule]? = nil, leads: (any LeadQueryStore)? = nil
    ) {
        self.init(rollups: rollups, events: events, configurations: ConfigurationBook(configuration), rules: rules, leads: leads)
    }

    /// The result of one evaluation round.
    public struct Round: Sendable {
        /// Every status evaluated, changed or not.
        public var statuses: [AlertStatus]
        public var transitions: [AlertTransition]
    }

    /// Evaluates every rule now. `current` holds the stored statuses by id; a segment seen
    /// for the first time starts as `no_data`.
    /// With `only`, just those rules are measured (the ones new events touched) and every
    /// other status comes back as it went in.
    public func evaluate(current: [String: AlertStatus], now: Timestamp, only: Set<String>? = nil) async throws -> Round {
        var round = Round(statuses: [], transitions: [])
        let stores = try await knownStores()
        let signals = try await events.systemSignals()
        let reports = ReportCache(monitor: self, now: now)
        if let only { round.statuses = current.values.filter { !only.contains($0.ruleID) }.sorted { $0.id < $1.id } }
        for rule in rules where only?.contains(rule.id) ?? true {
            var measurements = try await measure(rule, stores: stores, signals: signals, now: now, reports: reports)
            // A segment seen before and not now (a component that stopped reporting, a source
            // gone from the window) has no data, rather than keeping its last reading forever.
            for status in current.values where status.ruleID == rule.id && measurements[status.segment] == nil {
                measurements[status.segment] = Self.gone(from: rule)
            }
            for (segment, measurement) in measurements.sorted(by: { $0.key < $1.key }) {
                let id = "\(rule.id):\(segment)"
                var status = current[id] ?? AlertStatus(ruleID: rule.id, segment: segment, startingAt: now)
                if let transition = status.advance(rule.level(of: measurement), measurement: measurement, rule: rule, now: now) {
                    round.transitions.append(transition)
                }
                round.statuses.append(status)
            }
        }
        return round
    }

    func knownStores() async throws -> [StoreProfile] {
        try await rollups.storesToList(configuration).map(configuration.store)
    }

    /// What the rule sees in each of its segments.
    public func measure(
        _ rule: AlertRule, stores: [StoreProfile], signals: [SystemSignal], now: Timestamp, reports: ReportCache? = nil
    ) async throws -> [AlertSegment: AlertMeasurement] {
        let reports = reports ?? ReportCache(monitor: self, now: now)
        let chosen = rule.stores.isEmpty ? stores : stores.filter { rule.stores.contains($0.id) }
        switch rule.subject {
        case .systemDown:
            return systemDown(signals: signals, stores: chosen, rule: rule)
        case .complianceViolations:
            return try await complianceViolations(stores: chosen, rule: rule, now: now)
        case .leadsStopped:
            return try await leadsStopped(stores: chosen, rule: rule, now: now)
        case .receiptsMissing(let channels, let latest):
            return try await receiptsMissing(stores: chosen, channels: channels, latest: latest, rule: rule, now: now)
        case .agentsOverloaded:
            return try await agentsOverloaded(stores: chosen, rule: rule, now: now)
        case .diskFilling:
            return Self.diskFilling(try await reports.storageOutlook())
        case .backupOverdue:
            return Self.backupOverdue(try await reports.storageOutlook(), now: now)
        case .restoreDrillOverdue:
            return Self.restoreDrillOverdue(try await reports.storageOutlook(), rule: rule, now: now)
        case .changesWorse:
            return try await changesWorse(stores: chosen, rule: rule, now: now, maturity: try await reports.maturity())
        case .systemReading(let metric, let statistic):
            let minutes = Int64(rule.window.minutes ?? 15)
            let samples = try await events.systemSamples(metric: metric, from: now.adding(milliseconds: -minutes * 60_000), to: now.adding(milliseconds: 1))
            return Self.readings(samples, statistic: statistic, rule: rule)
        case .kpi(let key):
            var result: [AlertSegment: AlertMeasurement] = [:]
            switch rule.scope {
            case .group:
                let utcToday = StoreProfile.unconfigured("utc").calendar.localDate(of: now)
                let window = rule.window.dates(today: utcToday)
                let report = try await reports.report(KPIQuery(from: window.from, to: window.to))
                if let figure = report.result(key) { result[AlertSegment(store: nil)] = measurement(of: figure, rule: rule) }
            case .eachStore:
                // Stores that share today's date share one query.
                let byWindow = Dictionary(grouping: chosen) { rule.window.dates(today: $0.calendar.localDate(of: now)).from }
                for (_, group) in byWindow {
                    let window = rule.window.dates(today: group[0].calendar.localDate(of: now))
                    let report = try await reports.report(KPIQuery(from: window.from, to: window.to, groupBy: .store))
                    for store in group {
                        let figure = report.result(key, group: store.id.rawValue)
                        result[AlertSegment(store: store.id)] = figure.map { measurement(of: $0, rule: rule) } ?? AlertMeasurement(value: nil, bound: nil, sample: 0)
                    }
                }
            case .eachStoreAnd(let grouping):
                for store in chosen {
                    let window = rule.window.dates(today: store.calendar.localDate(of: now))
                    let report = try await reports.report(KPIQuery(from: window.from, to: window.to, store: store.id, groupBy: grouping))
                    for group in report.groups {
                        guard let value = group.group, let figure = group.results.first(where: { $0.key == key }) else { continue }
                        let segment = AlertSegment(store: store.id, breakdown: "\(grouping.rawValue)=\(value.isEmpty ? "(none)" : value)")
                        result[segment] = measurement(of: figure, rule: rule)
                    }
                }
            }
            return result
        }
    }

    func measurement(of figure: KPIResult, rule: AlertRule) -> AlertMeasurement {
        guard case .kpi(let key) = rule.subject else { return AlertMeasurement(value: nil, bound: nil, sample: 0) }
        if configuration.kpiCatalog[key].unit == .ratio, let numerator = figure.numerator, let denominator = figure.denominator {
            if let maturity = figure.maturity, maturity.isStillComingIn {
                return Self.youngRate(numerator, of: denominator, maturity: maturity, rule: rule)
            }
            return .rate(numerator, of: denominator, direction: rule.direction, confidence: rule.confidence)
        }
        let sample = figure.detail("count") ?? figure.denominator ?? 0
        if let maturity = figure.maturity, maturity.isStillComingIn, rule.direction == .below {
            // An average still growing (conversations going on) is not scaled to where it is
            // heading: a rule watching for a low one waits until most of it is in.
            var measurement = AlertMeasurement(value: figure.value, numerator: figure.numerator, denominator: figure.denominator, bound: nil, sample: 0)
            measurement.note = "too early to judge: \(maturity.progress)"
            return measurement
        }
        return AlertMeasurement(
            value: figure.value, numerator: figure.numerator, denominator: figure.denominator, bound: figure.value, sample: Int(sample))
    }

    /// A rate whose leads are still young, judged on where it is heading: the outcomes so far
    /// scaled up by the share usually in by their age, then bounded as any rate. With too
    /// little in to say, a rule watching for a low figure has no data yet; one watching for a
    /// high figure still sees the figure as it stands, which can only rise.
    static func youngRate(_ numerator: Double, of denominator: Double, maturity: CohortMaturity, rule: AlertRule) -> AlertMeasurement {
        let progress = maturity.progress
        guard maturity.shareIn >= CohortMaturity.projectableShare else {
            var measurement: AlertMeasurement =
                rule.direction == .below
                ? AlertMeasurement(value: denominator > 0 ? numerator / denominator : nil, numerator: numerator, denominator: denominator, bound: nil, sample: 0)
                : .rate(numerator, of: denominator, direction: rule.direction, confidence: rule.confidence)
            measurement.note = "too early to judge: \(progress)"
            return measurement
        }
        var measurement = AlertMeasurement.rate(min(denominator, numerator / maturity.shareIn), of: denominator, direction: rule.direction, confidence: rule.confidence)
        measurement.note = "judged on where it is heading (\(progress))"
        return measurement
    }

    /// Per store, the texts sent in the rule's window to leads that had opted out, among the
    /// leads of the last 30 days; every store watched gets a reading, 0 when clean.
    func complianceViolations(stores: [StoreProfile], rule: AlertRule, now: Timestamp) async throws -> [AlertSegment: AlertMeasurement] {
        guard let leads else { return [:] }
        let windowStart = now.adding(milliseconds: -Int64(rule.window.minutes ?? 24 * 60) * 60_000)
        var found: [StoreID: [ComplianceViolation]] = [:]
        // Only a store where someone opted out has something to judge; the others stay
        // without data rather than turning their tile green.
        for (state, violations) in try await ComplianceScan(leads: leads, events: events).optedOutLeads(
            createdSince: now.adding(milliseconds: -30 * Timestamp.millisecondsPerDay), store: nil, activeSince: windowStart)
        {
            guard let store = state.profile?.storeID else { continue }
            found[store, default: []] += violations.filter { $0.sentAt > windowStart && $0.sentAt <= now }
        }
        var result: [AlertSegment: AlertMeasurement] = [:]
        for store in stores {
            guard let violations = found[store.id] else { continue }
            let examples = violations.prefix(3).map { "lead \($0.leadID.rawValue) by \($0.agentID?.rawValue ?? $0.sender?.rawValue ?? "?")" }
            let note = violations.isEmpty ? nil : "\(violations.count) text\(violations.count == 1 ? "" : "s") after an opt-out (\(examples.joined(separator: ", ")))"
            var measurement = AlertMeasurement(value: Double(violations.count), bound: Double(violations.count), sample: 1, note: note)
            measurement.badSince = violations.map(\.sentAt).min()
            result[AlertSegment(store: store.id)] = measurement
        }
        return result
    }

    /// "2 Mar 2026 04:10 CST": on the store's clock with its zone named, which the wall
    /// screen's manager reads as is and the engineer on call can still place.
    static func clockTime(_ instant: Timestamp, on store: StoreProfile) -> String {
        "\(LocalTimeFormatting.longDate(store.calendar.localTime(of: instant).date)) \(clock(instant, on: store, zone: true))"
    }

    /// Per store (and for reports about every store), how many components are down now.
    func systemDown(signals: [SystemSignal], stores: [StoreProfile], rule: AlertRule) -> [AlertSegment: AlertMeasurement] {
        guard !signals.isEmpty else { return [:] }
        // Down now, since it went down: a component back to merely slow is not down.
        let open = Outage.downtimes(from: signals).filter { $0.ended == nil }
        var result: [AlertSegment: AlertMeasurement] = [:]
        let reporting = Set(signals.map { $0.status.component })
        let groupWide = open.filter { $0.storeID == nil }
        var group = AlertMeasurement(
            value: Double(groupWide.count), bound: Double(groupWide.count), sample: reporting.count,
            note: groupWide.isEmpty ? nil : Self.describe(groupWide, on: configuration.homeStore))
        group.badSince = groupWide.map(\.started).min()
        result[AlertSegment(store: nil)] = group
        for store in stores {
            let own = open.filter { $0.storeID == store.id }
            guard !own.isEmpty || signals.contains(where: { $0.status.storeID == store.id }) else { continue }
            var measurement = AlertMeasurement(
                value: Double(own.count), bound: Double(own.count), sample: reporting.count, note: own.isEmpty ? nil : Self.describe(own, on: store))
            measurement.badSince = own.map(\.started).min()
            result[AlertSegment(store: store.id)] = measurement
        }
        return result
    }

    /// Per component (and store, when readings name one), the statistic of its readings.
    static func readings(_ samples: [SystemSample], statistic: AlertRule.ReadingStatistic, rule: AlertRule) -> [AlertSegment: AlertMeasurement] {
        let chosen = rule.stores.isEmpty ? samples : samples.filter { $0.reading.storeID.map(rule.stores.contains) ?? true }
        let bySegment = Dictionary(grouping: chosen) { AlertSegment(store: $0.reading.storeID, breakdown: "component=\($0.reading.component)") }
        return bySegment.mapValues { group in
            let value = statistic.apply(group.map(\.reading.value))
            return AlertMeasurement(
                value: value, bound: value, sample: group.count,
                note: "\(statistic.rawValue) of \(group.count) reading\(group.count == 1 ? "" : "s") in the \(rule.window)")
        }
    }

    /// "SMS gateway down since 2 Mar 2026 04:10 CST".
    static func describe(_ outages: [Outage], on store: StoreProfile) -> String {
        outages.map { "\(SystemWords.readable($0.component)) down since \(clockTime($0.started, on: store))" }.sorted().joined(separator: "; ")
    }
}

/// The scorecards of one evaluation round, each read once however many rules ask for it:
/// rules share windows and breakdowns, so 200 rules need a handful of reads.
public actor ReportCache {
    private var reports: [KPIQuery: KPIReport] = [:]
    let monitor: AlertMonitor
    let now: Timestamp
    /// Whether any rule reads a system KPI: only then does a report read the health evidence.
    let readsSystemHealth: Bool

    /// Read once a round, and only when a rule watches a lead-cohort KPI.
    private var basis: MaturityBasis??
    /// Read once a round: the disk and the backups rules both stand on it.
    private var storage: StorageOutlook?

    func storageOutlook() async throws -> StorageOutlook {
        if let storage { return storage }
        let outlook = StorageOutlook(try await monitor.events.storageFootprint(leadsCreatedSince: StorageOutlook.paceStart(now: now)))
        storage = outlook
        return outlook
    }

    func maturity() async throws -> MaturityBasis? {
        if let basis { return basis }
        var measured: MaturityBasis?
        let watchesCohorts = monitor.rules.contains { rule in
            if case .kpi(let key) = rule.subject { return key.laterOutcome != nil }
            return rule.subject == .changesWorse
        }
        if watchesCohorts, let outcomeDelays = monitor.outcomeDelays {
            let today = StoreProfile.unconfigured("utc").calendar.localDate(of: now)
            measured = MaturityBasis(delays: try await outcomeDelays(today), now: now, resolver: LocalDayResolver(configuration: monitor.configuration))
        }
        basis = .some(measured)
        return measured
    }

    init(monitor: AlertMonitor, now: Timestamp) {
        self.monitor = monitor
        self.now = now
        readsSystemHealth = monitor.rules.contains { rule in
            if case .kpi(let key) = rule.subject { return key.isSystemHealth }
            return false
        }
    }

    func report(_ query: KPIQuery) async throws -> KPIReport {
        if let cached = reports[query] { return cached }
        var report = try await monitor.rollups.scorecard(query, catalog: monitor.configuration.kpiCatalog, maturity: try await maturity())
        if readsSystemHealth { report = try await report.withSystemHealth(from: monitor.events, configuration: monitor.configuration, now: now) }
        reports[query] = report
        return report
    }
}
