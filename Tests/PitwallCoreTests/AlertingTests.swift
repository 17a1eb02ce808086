import Foundation
import Testing

@testable import PitwallCore

@Suite("Alerting: evidence, thresholds and the state machine")
struct AlertingTests {
    @Test("the normal quantile and the Wilson interval match an independent implementation (Python's statistics.NormalDist)")
    func wilson() throws {
        #expect(abs(WilsonInterval.zScore(confidence: 0.95) - 1.9599639845400536) < 1e-12)
        #expect(abs(WilsonInterval.zScore(confidence: 0.99) - 2.5758293035489) < 1e-12)
        let cases: [(Double, Double, Double, Double)] = [
            (1, 3, 0.06149194472039632, 0.7923403991979523),
            (0, 10, 0, 0.27753279986288915),
            (9, 100, 0.04807254000256516, 0.16226212852716307),
            (90, 1000, 0.0737961493150831, 0.10934179264307209),
            (10, 10, 0.7224672001371109, 1),
        ]
        for (successes, trials, lower, upper) in cases {
            let interval = try #require(WilsonInterval(successes: successes, trials: trials))
            #expect(abs(interval.lower - lower) < 1e-9, "\(successes)/\(trials)")
            #expect(abs(interval.upper - upper) < 1e-9, "\(successes)/\(trials)")
        }
        #expect(WilsonInterval(successes: 0, trials: 0) == nil)
        #expect(WilsonInterval(successes: 4, trials: 3) == nil)
    }

    static let optOut = AlertRule.sopDefaults.first { $0.id == "opt_out_rate" }!

    func level(_ rule: AlertRule, _ numerator: Double, of denominator: Double) -> AlertLevel {
        rule.level(of: .rate(numerator, of: denominator, direction: rule.direction, confidence: rule.confidence))
    }

    @Test("1 opt-out in 3 is no data, 9 in 100 is not enough evidence, 90 in 1,000 is a warning, 120 in 1,000 critical")
    func evidence() {
        #expect(level(Self.optOut, 1, of: 3) == .noData)
        var anySample = Self.optOut
        anySample.minimumSample = 1
        // Even without a minimum, 1 in 3 cannot show the rate is above 8 %: its lower bound is 6 %.
        #expect(level(anySample, 1, of: 3) == .warning)
        #expect(level(Self.optOut, 9, of: 100) == .clear)  // 9 % raw, but it could well be 4.8 %
        #expect(level(Self.optOut, 90, of: 1000) == .warning)
        #expect(level(Self.optOut, 120, of: 1000) == .critical)
        #expect(level(Self.optOut, 0, of: 0) == .noData)
        let response = AlertRule.sopDefaults.first { $0.id == "lead_response_rate" }!
        #expect(level(response, 100, of: 1000) == .critical)  // 10 %: upper bound 12.0 % < 15 %
        #expect(level(response, 170, of: 1000) == .warning)  // upper bound 19.5 %
        #expect(level(response, 180, of: 1000) == .clear)  // 18 % raw, but it could be 20.5 %
    }

    let start = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)

    /// Runs a level per 30-second evaluation and returns the transitions.
    func run(_ levels: [AlertLevel], rule: AlertRule) -> [AlertTransition] {
        var status = AlertStatus(ruleID: rule.id, segment: AlertSegment(store: "lkt"), startingAt: start)
        var transitions: [AlertTransition] = []
        for (index, level) in levels.enumerated() {
            let measurement = AlertMeasurement(value: nil, bound: nil, sample: 100)
            if let transition = status.advance(level, measurement: measurement, rule: rule, now: start.adding(seconds: Double(index) * 30)) {
                transitions.append(transition)
            }
        }
        return transitions
    }

    @Test("a value hovering at the threshold fires once and resolves once")
    func flapping() {
        var rule = Self.optOut
        rule.forSeconds = 300
        rule.clearForSeconds = 900
        // Bad for 10 minutes, then alternating every 30 s for 30 minutes, then clear for 20.
        let levels: [AlertLevel] = Array(repeating: .critical, count: 20)
            + (0..<60).map { $0.isMultiple(of: 2) ? .clear : .warning }
            + Array(repeating: .clear, count: 40)
        let transitions = run(levels, rule: rule)
        #expect(transitions.map(\.to) == [.pending, .firing, .firing, .resolved])
        #expect(transitions.filter { $0.to == .firing && $0.from != .firing }.count == 1)
        #expect(transitions[1].at == start.adding(seconds: 300))  // after `for`
        #expect(transitions[2].severity == .warning)  // the same alert, less severe
        // The last bad reading was at 39:30; clear from 40:00; resolved 15 minutes later.
        #expect(transitions[3].at == start.adding(seconds: 40 * 60 + 900))
    }

    @Test("bad for less than `for` goes back to ok without firing; no data neither fires nor resolves")
    func pendingAndNoData() {
        var rule = Self.optOut
        rule.forSeconds = 300
        rule.clearForSeconds = 120
        let short = run([.clear] + Array(repeating: .warning, count: 5) + [.clear], rule: rule)
        #expect(short.map(\.to) == [.ok, .pending, .ok])
        // Firing, then the data stops: it keeps firing; clear again, it resolves after 2 minutes.
        let gap = run(Array(repeating: .critical, count: 11) + Array(repeating: .noData, count: 20) + Array(repeating: .clear, count: 5), rule: rule)
        #expect(gap.map(\.to) == [.pending, .firing, .resolved])
        rule.forSeconds = 0
        #expect(run([.critical], rule: rule).map(\.to) == [.firing])
    }

    @Test("an outage reported 40 minutes ago fires at once: the `for` period counts from its start, not from when Pitwall looked")
    func outageAlreadyLong() {
        let rule = AlertRule.sopDefaults.first { $0.id == "system_down" }!
        var status = AlertStatus(ruleID: rule.id, segment: AlertSegment(store: nil), startingAt: start)
        var measurement = AlertMeasurement(value: 1, bound: 1, sample: 1)
        measurement.badSince = start.adding(seconds: -2400)
        let transition = status.advance(rule.level(of: measurement), measurement: measurement, rule: rule, now: start)
        #expect(transition?.to == .firing)
        #expect(status.breachSince == start.adding(seconds: -2400))
        // Without a start from the evidence, it waits its minute.
        var fresh = AlertStatus(ruleID: rule.id, segment: AlertSegment(store: nil), startingAt: start)
        #expect(fresh.advance(.critical, measurement: AlertMeasurement(value: 1, bound: 1, sample: 1), rule: rule, now: start)?.to == .pending)
    }

    @Test("segments read back from their text")
    func segments() {
        for segment in [AlertSegment(store: nil), AlertSegment(store: "lkt"), AlertSegment(store: "lkt", breakdown: "source=cargurus")] {
            #expect(AlertSegment(segment.description) == segment)
        }
    }

    @Test("windows: today so far, and a week that ends yesterday")
    func windows() {
        let today = CivilDate(iso: "2026-11-23")!
        #expect(AlertWindow.today.dates(today: today) == (today, today))
        let week = AlertWindow(days: 7, skipRecentDays: 1).dates(today: today)
        #expect(week.from == CivilDate(iso: "2026-11-16")! && week.to == CivilDate(iso: "2026-11-22")!)
        #expect(AlertWindow(days: 7, skipRecentDays: 1).description == "7 days ending 1 day ago")
    }

    @Test("the audit log's line gives figures to four decimals, not a float's noise, and a bound only when it differs")
    func auditLine() {
        func line(_ measurement: AlertMeasurement) -> String {
            AlertWatch.describe(
                AlertTransition(
                    alertID: "a", ruleID: "r", segment: AlertSegment(store: "lkt"), at: Timestamp(millisecondsSinceEpoch: 0), from: .pending, to: .firing,
                    severity: .critical, measurement: measurement))
        }
        #expect(line(AlertMeasurement(value: 19.606143125000003, bound: 19.606143125000003, sample: 1409, note: "No lead since ...")) == "critical; value 19.6061; sample 1409; No lead since ...")
        #expect(line(.rate(20, of: 100, direction: .above, confidence: 0.95)) == "critical; value 0.2; bound 0.1334; sample 100")
    }
}

@Suite("Alert notifications: what is announced when")
struct NotificationPlannerTests {
    let start = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)

    @Test("a quiet period after acknowledgement ends with one reminder, then the usual rhythm; resolves always go out")
    func quietPeriod() {
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", name: "Lakeside", timeZone: TimeZone(identifier: "UTC")!)])
        configuration.notifications = NotificationSettings(channels: [NotificationChannel(name: "bdc", kind: .slack(url: "http://127.0.0.1:1/x"))], repeatSeconds: 600)
        let planner = NotificationPlanner(settings: configuration.notifications, configuration: configuration)
        var status = AlertStatus(ruleID: "opt_out_rate", segment: AlertSegment(store: "lkt"), startingAt: start)
        status.condition = .firing
        status.severity = .critical
        status.notifiedAt = start
        status.acknowledgement = AlertAcknowledgement(by: "maria", at: start, comment: nil, until: start.adding(seconds: 1800))
        func kinds(at seconds: Double) -> [AlertNotice.Kind] {
            let (batches, statuses) = planner.plan(statuses: [status], transitions: [], now: start.adding(seconds: seconds))
            status = statuses[0]
            return batches.flatMap(\.notices).map(\.kind)
        }
        #expect(kinds(at: 900).isEmpty)  // acknowledged, quiet
        #expect(kinds(at: 1800) == [.reminder])  // the quiet period is over
        #expect(kinds(at: 2100).isEmpty)
        #expect(kinds(at: 2400) == [.reminder])  // ten minutes after the last
        let resolve = AlertTransition(
            alertID: status.id, ruleID: status.ruleID, segment: status.segment, at: start.adding(seconds: 2500), from: .firing, to: .resolved,
            severity: .critical, measurement: nil)
        status.condition = .resolved
        let (batches, _) = planner.plan(statuses: [status], transitions: [resolve], now: start.adding(seconds: 2500))
        #expect(batches.flatMap(\.notices).map(\.kind) == [.resolved])
        #expect(batches.first?.storeName == "Lakeside")
    }
}

@Suite("Alert notifications: each organisation's channels")
struct OrganisationChannelsTests {
    @Test("an organisation with channels of its own hears of its alerts there, under its store names; the home organisation on the file's")
    func ownChannels() throws {
        let start = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)
        var file = PitwallConfiguration(stores: [StoreProfile(id: "lkt", name: "Lakeside", timeZone: TimeZone(identifier: "UTC")!)])
        file.notifications = NotificationSettings(channels: [NotificationChannel(name: "vendor-ops", kind: .slack(url: "http://127.0.0.1:1/ops"))])
        var harbor = file
        harbor.stores = [StoreProfile(id: "hbr", name: "Harbor Motors", timeZone: TimeZone(identifier: "America/New_York")!)]
        harbor.notifications = NotificationSettings(channels: [NotificationChannel(name: "harbor-bdc", kind: .slack(url: "http://127.0.0.1:1/harbor"))])
        let book = ConfigurationBook(file, organisations: ["harbor": harbor])
        let planner = NotificationPlanner(configurations: book)
        func announced(_ store: StoreID, as organisation: OrganisationID) -> [String] {
            var status = AlertStatus(ruleID: "opt_out_rate", segment: AlertSegment(store: store), startingAt: start)
            status.condition = .firing
            status.severity = .critical
            let transition = AlertTransition(
                alertID: status.id, ruleID: status.ruleID, segment: status.segment, at: start, from: .pending, to: .firing, severity: .critical,
                measurement: nil)
            let batches = TenantScope.$organisation.withValue(organisation) {
                planner.plan(statuses: [status], transitions: [transition], now: start).batches
            }
            return batches.map { "\($0.channel.name): \($0.storeName ?? "-")" }
        }
        #expect(announced("hbr", as: "harbor") == ["harbor-bdc: Harbor Motors"])
        #expect(announced("lkt", as: "default") == ["vendor-ops: Lakeside"])
        #expect(book.hasNotificationChannels)
        #expect(ConfigurationBook(PitwallConfiguration(), organisations: ["harbor": harbor]).hasNotificationChannels, "an organisation's own channels count")
        #expect(!ConfigurationBook(PitwallConfiguration()).hasNotificationChannels)
    }
}

@Suite("Alert notifications: inhibition")
struct NotificationInhibitionTests {
    let start = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)

    func firing(_ rule: String, store: StoreID?) -> AlertStatus {
        var status = AlertStatus(ruleID: rule, segment: AlertSegment(store: store), startingAt: start)
        status.condition = .firing
        status.severity = .critical
        return status
    }

    func transition(_ status: AlertStatus) -> AlertTransition {
        AlertTransition(
            alertID: status.id, ruleID: status.ruleID, segment: status.segment, at: start, from: .pending, to: .firing, severity: .critical,
            measurement: nil)
    }

    @Test("while a store's messaging is down its KPI alerts wait; the outage pages once; what outlasts it is announced after")
    func inhibition() {
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: TimeZone(identifier: "UTC")!)])
        configuration.notifications = NotificationSettings(channels: [NotificationChannel(name: "bdc", kind: .slack(url: "http://127.0.0.1:1/x"))])
        let planner = NotificationPlanner(settings: configuration.notifications, configuration: configuration)
        let down = firing("system_down", store: nil)
        let failures = firing("message_failure_rate", store: "lkt")
        // Leads that stop are not a consequence of the AI being down: a broken form pages at once.
        let stopped = firing("leads_stopped", store: "lkt")
        let (during, held) = planner.plan(
            statuses: [down, failures, stopped], transitions: [transition(down), transition(failures), transition(stopped)], now: start)
        #expect(Set(during.flatMap(\.notices).map(\.alertID)) == ["system_down:group", "leads_stopped:store=lkt"])
        // The system is back; the failure rate still fires: it is announced now, as firing.
        var recovered = held[0]
        recovered.condition = .resolved
        let (after, _) = planner.plan(statuses: [recovered, held[1]], transitions: [], now: start.adding(seconds: 30))
        #expect(after.flatMap(\.notices).map { "\($0.alertID) \($0.kind.rawValue)" } == ["message_failure_rate:store=lkt firing"])
    }
}

@Suite("Alert notifications: quiet hours")
struct QuietHoursTests {
    let chicago = TimeZone(identifier: "America/Chicago")!

    func at(_ text: String) -> Timestamp { try! Timestamp(rfc3339: text) }

    @Test("quiet hours span midnight in the channel's zone, across a DST change")
    func window() {
        let night = QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, timeZone: chicago)
        #expect(night.isQuiet(at: at("2026-03-03T04:30:00Z")))  // 22:30 CST
        #expect(!night.isQuiet(at: at("2026-03-03T03:59:00Z")))  // 21:59 CST
        #expect(night.isQuiet(at: at("2026-03-03T12:59:00Z")))  // 06:59 CST
        #expect(!night.isQuiet(at: at("2026-03-03T13:00:00Z")))  // 07:00 CST
        // After the spring change 07:00 local is 12:00 UTC.
        #expect(!night.isQuiet(at: at("2026-03-09T12:00:00Z")))
        #expect(night.isQuiet(at: at("2026-03-09T11:59:00Z")))
        let lunch = QuietHours(startMinute: 12 * 60, endMinute: 13 * 60, timeZone: TimeZone(identifier: "UTC")!)
        #expect(lunch.isQuiet(at: at("2026-03-03T12:30:00Z")) && !lunch.isQuiet(at: at("2026-03-03T13:00:00Z")))
        // Critical goes through unless the channel holds it too.
        #expect(!night.holds(.critical, at: at("2026-03-03T04:30:00Z")))
        #expect(night.holds(.warning, at: at("2026-03-03T04:30:00Z")))
        #expect(QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, timeZone: chicago, holdsCritical: true).holds(.critical, at: at("2026-03-03T04:30:00Z")))
    }

    @Test("a warning at night waits for the morning on a quiet channel, goes at once to one that is not, and critical wakes both")
    func planner() {
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: chicago)])
        let quiet = QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, timeZone: chicago)
        configuration.notifications = NotificationSettings(
            channels: [
                NotificationChannel(name: "bdc-chat", kind: .slack(url: "http://127.0.0.1:1/x"), quietHours: quiet),
                NotificationChannel(name: "oncall", kind: .webhook(url: "http://127.0.0.1:1/y", secret: nil)),
            ], repeatSeconds: 3600)
        configuration.alertRules = AlertRule.sopDefaults.map { rule in
            var copy = rule
            copy.channels = rule.id == "opt_out_rate" ? ["bdc-chat"] : []
            return copy
        }
        let planner = NotificationPlanner(settings: configuration.notifications, configuration: configuration)
        let night = at("2026-03-03T05:00:00Z")  // 23:00 in Chicago
        var warning = AlertStatus(ruleID: "opt_out_rate", segment: AlertSegment(store: "lkt"), startingAt: night)
        warning.condition = .firing
        warning.severity = .warning
        let fired = AlertTransition(
            alertID: warning.id, ruleID: warning.ruleID, segment: warning.segment, at: night, from: .pending, to: .firing, severity: .warning, measurement: nil)
        var (batches, statuses) = planner.plan(statuses: [warning], transitions: [fired], now: night)
        #expect(batches.isEmpty)
        #expect(statuses[0].notifiedAt == nil)  // not announced: it is owed
        (batches, statuses) = planner.plan(statuses: statuses, transitions: [], now: at("2026-03-03T09:00:00Z"))
        #expect(batches.isEmpty)  // 03:00, still quiet
        (batches, statuses) = planner.plan(statuses: statuses, transitions: [], now: at("2026-03-03T13:00:30Z"))
        #expect(batches.map(\.channel.name) == ["bdc-chat"])
        #expect(batches.flatMap(\.notices).map(\.kind) == [.firing])

        // A rule for every channel: the open one hears the warning now.
        var failures = AlertStatus(ruleID: "message_delivery_rate", segment: AlertSegment(store: "lkt"), startingAt: night)
        failures.condition = .firing
        failures.severity = .warning
        let failing = AlertTransition(
            alertID: failures.id, ruleID: failures.ruleID, segment: failures.segment, at: night, from: .pending, to: .firing, severity: .warning,
            measurement: nil)
        #expect(planner.plan(statuses: [failures], transitions: [failing], now: night).batches.map(\.channel.name) == ["oncall"])
        // Critical wakes the quiet channel too.
        failures.severity = .critical
        var critical = failing
        critical.severity = .critical
        #expect(planner.plan(statuses: [failures], transitions: [critical], now: night).batches.map(\.channel.name).sorted() == ["bdc-chat", "oncall"])
    }
}

@Suite("Alert notifications: which channel hears what")
struct ChannelRoutingTests {
    let now = Timestamp(millisecondsSinceEpoch: 1_780_000_000_000)

    @Test("a store supervisor's channel gets its store's escalations only; an engineers' channel gets alerts, not escalations")
    func routing() throws {
        let utc = TimeZone(identifier: "UTC")!
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: utc), StoreProfile(id: "hph", timeZone: utc)])
        configuration.notifications = NotificationSettings(channels: [
            NotificationChannel(name: "lkt-supervisor", kind: .slack(url: "http://127.0.0.1:1/a"), stores: ["lkt"], carriesAlerts: false),
            NotificationChannel(name: "platform", kind: .webhook(url: "http://127.0.0.1:1/b", secret: nil), carriesEscalations: false),
            NotificationChannel(name: "bdc", kind: .slack(url: "http://127.0.0.1:1/c")),
        ])
        let raised = [
            Escalation(leadID: "L-1", storeID: "lkt", agentID: nil, tier: .hot, kind: .breach, dueAt: now, raisedAt: now),
            Escalation(leadID: "L-2", storeID: "hph", agentID: nil, tier: .hot, kind: .breach, dueAt: now, raisedAt: now),
        ]
        let escalations = NotificationPlanner.batches(for: raised, settings: configuration.notifications, configuration: configuration, now: now)
        #expect(Set(escalations.map { "\($0.channel.name) \($0.store ?? "-")" }) == ["bdc lkt", "lkt-supervisor lkt", "bdc hph"])
        #expect(escalations.count == 3)

        var down = AlertStatus(ruleID: "system_down", segment: AlertSegment(store: nil), startingAt: now)
        down.condition = .firing
        down.severity = .critical
        var failures = AlertStatus(ruleID: "message_failure_rate", segment: AlertSegment(store: "lkt"), startingAt: now)
        failures.condition = .firing
        failures.severity = .critical
        let planner = NotificationPlanner(settings: configuration.notifications, configuration: configuration)
        let (group, _) = planner.plan(statuses: [down], transitions: [], now: now)
        #expect(group.map(\.channel.name).sorted() == ["bdc", "platform"])  // the whole group: not a one-store channel
        let (store, _) = planner.plan(statuses: [failures], transitions: [], now: now)
        #expect(store.map(\.channel.name).sorted() == ["bdc", "platform"])  // the supervisor's channel carries escalations only
    }

    @Test("receipts lost at five stores in one round: one message to the group's channel naming each store, one to a store's own; three stores stay apart")
    func manyStoresOneMessage() throws {
        let utc = TimeZone(identifier: "UTC")!
        let ids: [StoreID] = ["bvw", "hph", "lkt", "smf", "wdh"]
        var configuration = PitwallConfiguration(stores: ids.map { StoreProfile(id: $0, name: "Store \($0.rawValue.uppercased())", timeZone: utc) })
        configuration.notifications = NotificationSettings(channels: [
            NotificationChannel(name: "platform", kind: .webhook(url: "http://127.0.0.1:1/b", secret: nil)),
            NotificationChannel(name: "lkt-supervisor", kind: .slack(url: "http://127.0.0.1:1/a"), stores: ["lkt"]),
        ])
        let planner = NotificationPlanner(settings: configuration.notifications, configuration: configuration)
        func round(_ stores: [StoreID]) -> [NotificationBatch] {
            let statuses = stores.map { store in
                var status = AlertStatus(ruleID: "receipts_missing", segment: AlertSegment(store: store, breakdown: "channel=sms"), startingAt: now)
                status.condition = .firing
                status.severity = .critical
                return status
            }
            let transitions = statuses.map {
                AlertTransition(alertID: $0.id, ruleID: $0.ruleID, segment: $0.segment, at: now, from: .ok, to: .firing, severity: .critical, measurement: nil)
            }
            return planner.plan(statuses: statuses, transitions: transitions, now: now).batches
        }
        let five = round(ids)
        #expect(five.map { "\($0.channel.name) \($0.about) \($0.notices.count)" } == ["lkt-supervisor Store LKT 1", "platform 5 stores 5"])
        let gathered = try #require(five.last)
        #expect(gathered.store == nil && gathered.storeName == nil)
        #expect(gathered.storeNames == ids.map { "Store \($0.rawValue.uppercased())" })
        #expect(gathered.notices.map(\.alertID) == ids.map { "receipts_missing:store=\($0.rawValue),channel=sms" }, "each alert keeps its own acknowledgement")
        // Three stores are not yet "many": each its own message, as before.
        #expect(round(Array(ids.prefix(3))).map { "\($0.channel.name) \($0.about)" } == ["lkt-supervisor Store LKT", "platform Store BVW", "platform Store HPH", "platform Store LKT"])
    }

    @Test("quiet hours keep 'lead waiting' off a channel at night; a breach still pages unless the channel holds critical news too")
    func escalationsInQuietHours() throws {
        let utc = TimeZone(identifier: "UTC")!
        var configuration = PitwallConfiguration(stores: [StoreProfile(id: "lkt", timeZone: utc)])
        let night = QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, timeZone: utc)
        configuration.notifications = NotificationSettings(channels: [
            NotificationChannel(name: "floor", kind: .slack(url: "http://127.0.0.1:1/a"), quietHours: night),
            NotificationChannel(name: "manager", kind: .slack(url: "http://127.0.0.1:1/b"), quietHours: QuietHours(startMinute: 22 * 60, endMinute: 7 * 60, timeZone: utc, holdsCritical: true)),
            NotificationChannel(name: "night-desk", kind: .slack(url: "http://127.0.0.1:1/c")),
        ])
        func raised(at instant: Timestamp) -> [Escalation] {
            [
                Escalation(leadID: "L-1", storeID: "lkt", agentID: nil, tier: .hot, kind: .escalation, dueAt: instant, raisedAt: instant),
                Escalation(leadID: "L-2", storeID: "lkt", agentID: nil, tier: .hot, kind: .breach, dueAt: instant, raisedAt: instant),
            ]
        }
        func heard(at instant: Timestamp) -> [String: [String]] {
            let batches = NotificationPlanner.batches(for: raised(at: instant), settings: configuration.notifications, configuration: configuration, now: instant)
            return Dictionary(uniqueKeysWithValues: batches.map { ($0.channel.name, $0.notices.map(\.name)) })
        }
        let elevenAtNight = try Timestamp(rfc3339: "2026-03-02T23:00:00Z")
        #expect(heard(at: elevenAtNight) == ["floor": ["SLA breached"], "night-desk": ["Lead waiting", "SLA breached"]])
        let noon = try Timestamp(rfc3339: "2026-03-03T12:00:00Z")
        #expect(heard(at: noon) == ["floor": ["Lead waiting", "SLA breached"], "manager": ["Lead waiting", "SLA breached"], "night-desk": ["Lead waiting", "SLA breached"]])
        // 07:00 is the end of the quiet hours, not part of them.
        #expect(heard(at: try Timestamp(rfc3339: "2026-03-03T07:00:00Z"))["manager"] == ["Lead waiting", "SLA breached"])
    }
}
