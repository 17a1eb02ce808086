import Foundation
import PitwallCore

extension ConfigurationFile {
    /// `alerts: {sop_defaults: true, rules: [...]}`. A rule with the id of a default replaces
    /// it; `sop_defaults: false` starts from nothing.
    ///
    ///     - id: opt_out_rate
    ///       kpi: opt_out_rate            # or `system: down`, `system: api_response_time` (a reading), `leads: stopped`, `receipts: missing`, `agents: overloaded`
    ///       above: {warning: 0.05, critical: 0.08}   # or below: {...}
    ///       window_days: 7
    ///       skip_recent_days: 1
    ///       each: store                  # store (default), group, or a breakdown: source, campaign, ...
    ///       stores: [lkt]
    ///       for_minutes: 10
    ///       clear_for_minutes: 60
    ///       minimum_sample: 30
    ///       confidence: 0.95
    ///       # for readings: statistic: mean (max, sum), window_minutes: 15
    ///       # for receipts: latest_messages: 20, window_minutes: 180, skip_recent_minutes: 10, message_channels: [sms, email]
    ///       # or `agents: overloaded`: each agent's leads no person has answered (no window)
    static func parseAlerts(_ node: ConfigNode, stores: [StoreProfile]) throws(ConfigurationError) -> [AlertRule] {
        let fields = try node.mapping(allowedKeys: ["sop_defaults", "rules"])
        let keepDefaults = try fields["sop_defaults"]?.bool() ?? true
        var rules = keepDefaults ? AlertRule.sopDefaults : []
        guard let list = fields["rules"] else { return rules }
        var seen: Set<String> = []
        for item in try list.sequence() {
            let rule = try parseAlertRule(item, stores: stores)
            guard seen.insert(rule.id).inserted else { throw item.error("'\(rule.id)' is defined twice") }
            if let index = rules.firstIndex(where: { $0.id == rule.id }) { rules[index] = rule } else { rules.append(rule) }
        }
        return rules
    }

    /// The rules named by one key and the one word it takes (`disk: filling`), with the
    /// refusal of any other word; the key also names the rule in later refusals ("the disk rule").
    static let oneWordSubjects: [(key: String, word: String, subject: AlertRule.Subject, refusal: String)] = [
        ("drills", "overdue", .restoreDrillOverdue, "the drills rule watches for 'overdue' (the days since the latest restore drill pitwall restore --drill noted)"),
        ("backups", "overdue", .backupOverdue, "the backups rule watches for 'overdue' (the hours since the latest backup pitwall backup noted)"),
        ("disk", "filling", .diskFilling, "the disk rule watches for 'filling' (the days of room left on the database's disk)"),
        ("changes", "worse", .changesWorse, "the changes rule watches for 'worse' (a change in the change log clearly worse since)"),
        ("agents", "overloaded", .agentsOverloaded, "the agents rule watches for 'overloaded' (an agent holding many leads no person has answered)"),
        ("leads", "stopped", .leadsStopped, "the leads rule watches for 'stopped' (a store's new leads no longer coming in)"),
        ("compliance", "violations", .complianceViolations, "the compliance rule watches 'violations' (texts after an opt-out)"),
    ]

    static func parseAlertRule(_ node: ConfigNode, stores: [StoreProfile]) throws(ConfigurationError) -> AlertRule {
        let fields = try node.mapping(allowedKeys: [
            "id", "name", "kpi", "system", "above", "below", "window_days", "skip_recent_days", "each", "stores", "for_minutes", "clear_for_minutes",
            "minimum_sample", "confidence", "channels", "statistic", "window_minutes", "compliance", "leads", "receipts", "skip_recent_minutes",
            "message_channels", "latest_messages", "agents", "changes", "disk", "backups", "drills",
        ])
        guard let idNode = fields["id"] else { throw node.error("'id' is required") }
        let id = try idNode.string()
        guard !id.isEmpty, id.count <= 128, !id.contains(":") else { throw idNode.error("must be 1 to 128 characters without ':'") }

        let subject: AlertRule.Subject
        let named = ["kpi", "system", "compliance", "leads", "receipts", "agents", "changes", "disk", "backups", "drills"].filter { fields[$0] != nil }
        let oneSubject = "give exactly one of 'kpi', 'system', 'compliance', 'leads', 'receipts', 'agents', 'changes', 'disk', 'backups' or 'drills'"
        guard named.count == 1 else { throw node.error(oneSubject) }
        switch (fields["kpi"], fields["system"]) {
        case (nil, nil) where Self.oneWordSubjects.contains(where: { fields[$0.key] != nil }):
            let oneWord = Self.oneWordSubjects.first { fields[$0.key] != nil }!
            let wordNode = fields[oneWord.key]!
            guard try wordNode.string() == oneWord.word else { throw wordNode.error(oneWord.refusal) }
            subject = oneWord.subject
        case (nil, nil) where fields["receipts"] != nil:
            let text = try fields["receipts"]!.string()
            guard text == "missing" else { throw fields["receipts"]!.error("the receipts rule watches for 'missing' (texts sent a while ago without a delivery receipt)") }
            var channels: Set<Channel> = [.sms, .email]
            if let channelsNode = fields["message_channels"] {
                channels = []
                for item in try channelsNode.sequence() {
                    let name = try item.string()
                    guard let channel = Channel(rawValue: name), channel == .sms || channel == .email else {
                        throw item.error("'\(name)' is not a channel with delivery receipts: give sms or email")
                    }
                    channels.insert(channel)
                }
                guard !channels.isEmpty else { throw channelsNode.error("give at least one of sms or email") }
            }
            subject = .receiptsMissing(channels: channels, latest: try fields["latest_messages"]?.integer(in: 1...10_000) ?? 20)
        case (let kpiNode?, nil):
            let text = try kpiNode.string()
            guard let key = KPIKey(rawValue: text) else {
                throw kpiNode.error("'\(text)' is not a KPI (GET /v1/kpis/definitions lists them)")
            }
            subject = .kpi(key)
        case (nil, let systemNode?):
            let text = try systemNode.string()
            if text == "down" {
                subject = .systemDown
            } else {
                guard !text.isEmpty, text.count <= 64 else { throw systemNode.error("give 'down' or the metric of system.sample readings, e.g. api_response_time") }
                var statistic: AlertRule.ReadingStatistic = text == SystemMetric.databaseErrors.rawValue ? .sum : .mean
                if let statisticNode = fields["statistic"] {
                    let name = try statisticNode.string()
                    guard let chosen = AlertRule.ReadingStatistic(rawValue: name) else { throw statisticNode.error("'\(name)' must be mean, max or sum") }
                    statistic = chosen
                }
                subject = .systemReading(metric: text, statistic: statistic)
            }
        default:
            throw node.error(oneSubject)
        }
        var watchesReceipts = false
        if case .receiptsMissing = subject { watchesReceipts = true }
        for key in ["message_channels", "skip_recent_minutes", "latest_messages"] where !watchesReceipts {
            if let node = fields[key] { throw node.error("only the receipts rule takes \(key)") }
        }

        let direction: AlertRule.Direction
        let thresholdsNode: ConfigNode
        switch (fields["above"], fields["below"]) {
        case (let above?, nil): (direction, thresholdsNode) = (.above, above)
        case (nil, let below?): (direction, thresholdsNode) = (.below, below)
        default: throw node.error("give exactly one of 'above' or 'below', e.g. above: {warning: 0.05, critical: 0.08}")
        }
        let thresholds = try thresholdsNode.mapping(allowedKeys: ["warning", "critical"])
        func number(_ node: ConfigNode?) throws(ConfigurationError) -> Double? {
            guard let node else { return nil }
            let text = try node.string()
            guard let value = Double(text), value.isFinite else { throw node.error("'\(text)' must be a number") }
            return value
        }
        let warning = try number(thresholds["warning"])
        let critical = try number(thresholds["critical"])
        guard warning != nil || critical != nil else { throw thresholdsNode.error("give a warning or a critical threshold") }
        if let warning, let critical, direction == .above ? warning > critical : warning < critical {
            throw thresholdsNode.error("the warning threshold must come before the critical one (\(direction.rawValue): warning \(warning), critical \(critical))")
        }

        var scope = AlertRule.Scope.eachStore
        if let eachNode = fields["each"] {
            let text = try eachNode.string()
            switch text {
            case "store": scope = .eachStore
            case "group": scope = .group
            default:
                guard let grouping = KPIGrouping(rawValue: text), ![.store, .day, .week, .month].contains(grouping) else {
                    throw eachNode.error("'\(text)' is not one of store, group, source, campaign, region, agent, tier, ...")
                }
                scope = .eachStoreAnd(grouping)
            }
        }
        var storeIDs: Set<StoreID> = []
        if let storesNode = fields["stores"] {
            for item in try storesNode.sequence() { storeIDs.insert(try item.configuredStore(in: stores)) }
        }
        // The usual pace of leads is learned from the 4 weeks before today unless told otherwise.
        let learnsPace = subject == .leadsStopped
        if learnsPace, scope != .eachStore, scope != .eachStoreAnd(.source), let node = fields["each"] {
            throw node.error("leads stopping is watched for each store, or each source of each store (each: source)")
        }
        let days = try fields["window_days"]?.integer(in: 1...366) ?? (learnsPace ? 28 : 1)
        let skip = try fields["skip_recent_days"]?.integer(in: 0...30) ?? (learnsPace ? 1 : 0)
        var window = AlertWindow(days: days, skipRecentDays: skip)
        let judgesChanges = subject == .changesWorse
        // The database's disk and its backups are the whole server's: one alert for the group.
        let watchesDisk = subject == .diskFilling || subject == .backupOverdue || subject == .restoreDrillOverdue
        if subject == .diskFilling {
            if direction == .above { throw node.error("the disk rule counts the days of room left: give below: {warning: 60, critical: 14}") }
        } else if subject == .backupOverdue {
            if direction == .below { throw node.error("the backups rule counts the hours since the latest backup: give above: {warning: 26, critical: 72}") }
        } else if subject == .restoreDrillOverdue {
            if direction == .below { throw node.error("the drills rule counts the days since the latest restore drill: give above: {warning: 35, critical: 70}") }
        }
        if watchesDisk {
            let rule = "the \(Self.oneWordSubjects.first { $0.subject == subject }!.key) rule"
            if let node = fields["each"], scope != .group { throw node.error("the database is the whole server's: \(rule) is one alert for the group") }
            if let node = fields["window_days"] ?? fields["skip_recent_days"] ?? fields["window_minutes"] ?? fields["minimum_sample"] ?? fields["stores"] {
                throw node.error("\(rule) reads the database as it is now; it takes no window, minimum_sample or stores")
            }
            scope = .group
            window = AlertWindow(days: subject == .diskFilling ? StorageOutlook.recentDays : 1)
        } else if judgesChanges {
            if direction == .below { throw node.error("a change is watched for reading worse: give above: {warning: 0} (or critical: 0)") }
            if let node = fields["each"], scope != .eachStore { throw node.error("changes are watched one alert a change, at the stores they apply to") }
            if let node = fields["skip_recent_days"] ?? fields["window_minutes"] {
                throw node.error("the changes rule watches the changes of the last window_days days (90 unless given), each judged as of today")
            }
            if let node = fields["minimum_sample"] { throw node.error("a change's verdict weighs how much it counted itself; the changes rule takes no minimum_sample") }
            window = AlertWindow(days: try fields["window_days"]?.integer(in: 1...366) ?? 90)
        } else if subject == .agentsOverloaded {
            if let node = fields["each"], scope != .eachStore { throw node.error("agents' loads are watched for each agent of each store") }
            if let node = fields["window_days"] ?? fields["skip_recent_days"] ?? fields["window_minutes"] {
                throw node.error("an agent's load is the leads of the last 7 days waiting on them; it takes no window")
            }
            window = AlertWindow(days: SpeedToLeadDesk.queueDays)
        } else if case .receiptsMissing = subject {
            if let node = fields["each"], scope != .eachStore { throw node.error("delivery receipts are watched for each store and channel") }
            if let daysNode = fields["window_days"] ?? fields["skip_recent_days"] { throw daysNode.error("delivery receipts are watched over window_minutes, not days") }
            window = .lastMinutes(
                try fields["window_minutes"]?.integer(in: 1...1440) ?? 180, skippingRecent: try fields["skip_recent_minutes"]?.integer(in: 0...1440) ?? 10)
        } else if case .systemReading = subject {
            if let daysNode = fields["window_days"] ?? fields["skip_recent_days"] { throw daysNode.error("readings are watched over window_minutes, not days") }
            window = .lastMinutes(try fields["window_minutes"]?.integer(in: 1...1440) ?? 15)
        } else if case .complianceViolations = subject {
            if let daysNode = fields["window_days"] ?? fields["skip_recent_days"] { throw daysNode.error("texts after an opt-out are watched over window_minutes") }
            window = .lastMinutes(try fields["window_minutes"]?.integer(in: 1...10_080) ?? 24 * 60)
        } else {
            if let node = fields["window_minutes"] { throw node.error("only system readings take window_minutes; KPIs take window_days") }
            if let node = fields["statistic"] { throw node.error("only system readings take a statistic") }
        }
        var confidence = 0.95
        if let confidenceNode = fields["confidence"] {
            guard let value = try number(confidenceNode), value > 0.5, value < 1 else { throw confidenceNode.error("must be between 0.5 and 1, e.g. 0.95") }
            confidence = value
        }
        var channels: [String] = []
        if let channelsNode = fields["channels"] { channels = try channelsNode.sequence().map { (item: ConfigNode) throws(ConfigurationError) in try item.string() } }
        return AlertRule(
            id: id, name: try fields["name"]?.string() ?? id.replacingOccurrences(of: "_", with: " ").capitalizedFirst, subject: subject,
            window: window, scope: scope, stores: storeIDs, direction: direction, warning: warning, critical: critical,
            // The receipts window already waits, and starts judging on fewer: as the SOP default.
            // A change's verdict already weighs chance and moves a day at a time: it is told at once.
            // A disk fills over days: no minutes of grace either way.
            forSeconds: Double(try fields["for_minutes"]?.integer(in: 0...10_080) ?? (watchesReceipts || judgesChanges || watchesDisk ? 0 : 5)) * 60,
            clearForSeconds: Double(try fields["clear_for_minutes"]?.integer(in: 0...10_080) ?? (judgesChanges || watchesDisk ? 0 : watchesReceipts ? 10 : 15)) * 60,
            minimumSample: judgesChanges || watchesDisk ? 1 : try fields["minimum_sample"]?.integer(in: 1...1_000_000) ?? (watchesReceipts ? 10 : 30),
            confidence: confidence, channels: channels)
    }
}
