import Foundation
import PitwallCore
import Yams

/// The YAML configuration file: read once at start-up, checked key by key, turned into
/// plain values. Every error names the file, the line, the key and the reason.
public struct ConfigurationFile: Sendable {
    public var pitwall: PitwallConfiguration
    public var server: ServerSettings

    public init(pitwall: PitwallConfiguration = PitwallConfiguration(), server: ServerSettings = ServerSettings()) {
        self.pitwall = pitwall
        self.server = server
    }

    public static let defaultPath = "pitwall.yaml"

    /// Loads `path`; with no path, loads `./pitwall.yaml` if it exists and otherwise uses defaults.
    public static func load(path: String?) throws(ConfigurationError) -> ConfigurationFile {
        let chosen = path ?? defaultPath
        guard FileManager.default.fileExists(atPath: chosen) else {
            if path == nil { return ConfigurationFile() }
            throw ConfigurationError(file: chosen, key: "", reason: "the file does not exist")
        }
        guard let data = FileManager.default.contents(atPath: chosen), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: chosen, key: "", reason: "the file cannot be read as UTF-8 text")
        }
        return try parse(text, file: chosen)
    }

    public static func parse(
        _ text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> ConfigurationFile {
        let root = try ConfigNode.compose(text, file: file)
        guard let root else { return ConfigurationFile() }
        let document = ConfigNode(node: root, path: "", file: file)
        var configuration = ConfigurationFile()
        var storeSLAs: [StoreID: ([LeadTier: Double], DefinitionChange)] = [:]
        let top = try document.mapping(allowedKeys: ["stores", "server", "kpis", "response_time", "routing", "alerts", "notifications", "probes", "twilio", "bandwidth", "telnyx", "sources", "campaigns", "templates", "lead_temperature", "reports", "goals", "staffing", "messaging_platform", "repeat_leads"])
        if let stores = top["stores"] {
            configuration.pitwall.stores = try stores.sequence().map(parseStore)
            var seen: Set<StoreID> = []
            for (index, store) in configuration.pitwall.stores.enumerated() where !seen.insert(store.id).inserted {
                throw ConfigurationError(file: file, key: "stores[\(index)].id", reason: "'\(store.id)' is used by an earlier store")
            }
            for (store, node) in zip(configuration.pitwall.stores, try stores.sequence()) {
                let fields = try node.mapping(allowedKeys: storeKeys)
                if let kpis = fields["kpis"] { configuration.pitwall.storeKPIOverrides[store.id] = try parseKPIOverrides(kpis) }
                if let responseTime = fields["response_time"] { storeSLAs[store.id] = try parseStoreSLAs(responseTime) }
                if let goals = fields["goals"] { configuration.pitwall.monthlyGoals.stores[store.id] = try parseGoals(goals) }
            }
        }
        if let goals = top["goals"] {
            configuration.pitwall.monthlyGoals.group = try parseGoals(goals)
        }
        if let staffing = top["staffing"] {
            configuration.pitwall.staffing = try parseStaffing(staffing)
        }
        if let platform = top["messaging_platform"] {
            configuration.pitwall.messagingPlatform = try parseMessagingPlatform(platform)
        }
        if let repeats = top["repeat_leads"] {
            configuration.pitwall.repeatLeadWindowDays = try parseRepeatLeads(repeats)
        }
        if let server = top["server"] {
            configuration.server = try parseServer(server)
        }
        if let kpis = top["kpis"] {
            configuration.pitwall.kpiCatalog = KPICatalog.standard.applying(try parseKPIOverrides(kpis))
        }
        if let responseTime = top["response_time"] {
            let (policy, change) = try parseResponseTime(responseTime)
            configuration.pitwall.responseTime = policy
            if let change {
                configuration.pitwall.kpiCatalog = configuration.pitwall.kpiCatalog.noting(
                    "response-time policy: " + change.summary, on: change.date, reason: change.reason, for: .firstResponseTime)
            }
        }
        // A store's own SLAs sit on the group's policy, whatever order the file gives them in.
        for (store, (seconds, change)) in storeSLAs {
            configuration.pitwall.responseTime.storeSLASeconds[store] = seconds
            configuration.pitwall.responseTime.storeSLAChanges[store] = change
        }
        if let temperature = top["lead_temperature"] {
            let (weights, change) = try parseLeadTemperature(temperature)
            configuration.pitwall.leadTemperature = weights
            if let change {
                configuration.pitwall.kpiCatalog = configuration.pitwall.kpiCatalog.noting(
                    "points: " + change.summary, on: change.date, reason: change.reason, for: .leadTemperatureScore)
            }
        }
        if let routing = top["routing"] {
            configuration.pitwall.roster = try parseRouting(routing, stores: configuration.pitwall.stores)
        }
        if let sources = top["sources"] {
            configuration.pitwall.sourceNames = try parseNames(sources, of: "source")
        }
        if let campaigns = top["campaigns"] {
            configuration.pitwall.campaignNames = try parseNames(campaigns, of: "campaign")
        }
        if let templates = top["templates"] {
            configuration.pitwall.templateTexts = try parseTemplateTexts(templates)
        }
        if let notifications = top["notifications"] {
            configuration.pitwall.notifications = try parseNotifications(notifications, environment: environment, stores: configuration.pitwall.stores)
        }
        if let reports = top["reports"] {
            configuration.pitwall.reports = try parseReports(reports, channels: configuration.pitwall.notifications.channels)
        }
        if let probes = top["probes"] {
            configuration.pitwall.probes = try parseProbes(probes, stores: configuration.pitwall.stores)
        }
        if let bandwidth = top["bandwidth"] {
            configuration.pitwall.providers.bandwidth = try parseBandwidth(bandwidth, environment: environment, stores: configuration.pitwall.stores)
        }
        if let telnyx = top["telnyx"] {
            configuration.pitwall.providers.telnyx = try parseTelnyx(telnyx, stores: configuration.pitwall.stores)
        }
        if let twilio = top["twilio"] {
            configuration.pitwall.twilio = try parseTwilio(twilio, environment: environment, stores: configuration.pitwall.stores)
        }
        if let alerts = top["alerts"] {
            configuration.pitwall.alertRules = try parseAlerts(alerts, stores: configuration.pitwall.stores)
            let channels = Set(configuration.pitwall.notifications.channels.map(\.name))
            for rule in configuration.pitwall.alertRules {
                for channel in rule.channels where !channels.contains(channel) {
                    throw alerts.error("rule '\(rule.id)' sends to '\(channel)', which is not a channel under notifications.channels")
                }
            }
        }
        configuration.pitwall.alertRules = configuration.pitwall.alertRules.map { $0.followingWaitingLimit(configuration.pitwall.responseTime.agentWaitingLimit) }
        return configuration
    }

    /// What a store's entry may hold: its calendar, and the targets and SLAs it has of its own.
    static let storeKeys: Set<String> = ["id", "name", "timezone", "business_hours", "holidays", "overrides", "kpis", "response_time", "goals"]

    /// `goals: {monthly: {leads: 4800, sales: 380, revenue: 13000000}}`: what the group (or,
    /// under a store, the store) means to reach in a month, for the outlook.
    static func parseGoals(_ node: ConfigNode) throws(ConfigurationError) -> [ForecastMetric: Double] {
        let fields = try node.mapping(allowedKeys: ["monthly"])
        guard let monthly = fields["monthly"] else {
            throw node.error("'monthly' is required: the month's goals, e.g. {sales: 380, revenue: 13000000}")
        }
        var goals: [ForecastMetric: Double] = [:]
        for (key, value) in try monthly.mapping(allowedKeys: Set(ForecastMetric.allCases.map(\.rawValue))) {
            let text = try value.string()
            guard let number = Double(text), number.isFinite, number > 0 else { throw value.error("'\(text)' must be a number above 0") }
            goals[ForecastMetric(rawValue: key)!] = number
        }
        return goals
    }

    /// `staffing: {minutes_per_lead: 12, answer_within_minutes: 5, share_in_time: 0.8}`: what the
    /// week ahead's agents are planned for; a key left out keeps its default.
    static func parseStaffing(_ node: ConfigNode) throws(ConfigurationError) -> StaffingTarget {
        let fields = try node.mapping(allowedKeys: ["minutes_per_lead", "answer_within_minutes", "share_in_time"])
        var target = StaffingTarget()
        func number(_ key: String, _ range: ClosedRange<Double>, _ meaning: String) throws(ConfigurationError) -> Double? {
            guard let value = fields[key] else { return nil }
            let text = try value.string()
            guard let number = Double(text), range.contains(number) else { throw value.error("'\(text)' must be \(meaning)") }
            return number
        }
        if let minutes = try number("minutes_per_lead", 0.5...240, "the minutes of an agent's work on a new lead, from 0.5 to 240") {
            target.minutesPerLead = minutes
        }
        if let minutes = try number("answer_within_minutes", 0.5...1_440, "the minutes within which a person should take a new lead, from 0.5 to 1440") {
            target.answerWithinSeconds = minutes * 60
        }
        if let share = try number("share_in_time", 0.5...0.99, "the share of new leads taken in time, from 0.5 to 0.99 (0.8 is 80 %)") {
            target.shareInTime = share
        }
        return target
    }

    /// `messaging_platform: {monthly_fee_per_store: 1500, per_text_sent: 0.0079, per_lead: 0,
    /// gross_profit_per_car: 2800}`: what the AI messaging costs and what a car sold earns, in
    /// dollars, for its return.
    static func parseMessagingPlatform(_ node: ConfigNode) throws(ConfigurationError) -> MessagingPlatformCosts {
        let fields = try node.mapping(allowedKeys: ["monthly_fee_per_store", "per_text_sent", "per_lead", "gross_profit_per_car"])
        func dollars(_ key: String, _ range: ClosedRange<Double>, _ meaning: String) throws(ConfigurationError) -> Double? {
            guard let value = fields[key] else { return nil }
            let text = try value.string()
            guard let number = Double(text.replacingOccurrences(of: "_", with: "")), range.contains(number) else {
                throw value.error("'\(text)' must be \(meaning)")
            }
            return number
        }
        var costs = MessagingPlatformCosts()
        costs.monthlyFeePerStore = try dollars("monthly_fee_per_store", 0...1_000_000, "the platform's fee a month for one store, in dollars, from 0 to 1000000") ?? 0
        costs.perTextSent = try dollars("per_text_sent", 0...10, "what one text sent costs, in dollars, from 0 to 10 (0.0079 is 0.79 cents)") ?? 0
        costs.perLead = try dollars("per_lead", 0...1_000, "what the platform charges for a new lead, in dollars, from 0 to 1000") ?? 0
        costs.grossProfitPerCar = try dollars("gross_profit_per_car", 1...1_000_000, "the gross profit on a car sold, in dollars, from 1 to 1000000")
        return costs
    }

    /// `repeat_leads: {window_days: 45}`: how far back a lead from the same shopper makes a
    /// repeat, for the marketing figures (the contacts page, the reports, the export).
    static func parseRepeatLeads(_ node: ConfigNode) throws(ConfigurationError) -> Int {
        let fields = try node.mapping(allowedKeys: ["window_days"])
        guard let days = fields["window_days"] else { throw node.error("'window_days' is required: the days before a lead within which the same shopper's earlier lead makes it a repeat, 1 to 365") }
        return try days.integer(in: 1...365)
    }

    static func parseStore(_ node: ConfigNode) throws(ConfigurationError) -> StoreProfile {
        let fields = try node.mapping(allowedKeys: storeKeys)
        guard let idNode = fields["id"] else { throw node.error("'id' is required") }
        let id = try idNode.string()
        guard !id.isEmpty, id.count <= 128 else { throw idNode.error("must be 1 to 128 characters") }
        var zone = TimeZone(identifier: "UTC")!
        if let zoneNode = fields["timezone"] {
            let name = try zoneNode.string()
            guard let found = TimeZone(identifier: name) else {
                throw zoneNode.error("'\(name)' is not a known IANA time zone (e.g. America/Chicago)")
            }
            zone = found
        }
        var hours = WeeklyHours.alwaysOpen
        if let hoursNode = fields["business_hours"] { hours = try parseWeeklyHours(hoursNode) }
        let holidays = try fields["holidays"].map(parseDates) ?? []
        var overrides: [CivilDate: [OpeningInterval]] = [:]
        if let overrideNode = fields["overrides"] {
            guard let mapping = overrideNode.node.mapping else { throw overrideNode.error("must map dates to hours, e.g. 2026-12-24: \"09:00-14:00\"") }
            for (dateNode, hoursNode) in mapping {
                let dateText = dateNode.string ?? ""
                let child = overrideNode.child(dateText, hoursNode)
                guard let date = CivilDate(iso: dateText) else { throw child.error("'\(dateText)' is not a date like 2026-12-24") }
                let text = try child.string()
                do throws(HoursProblem) {
                    overrides[date] = try WeeklyHours.parseDay(text)
                } catch {
                    throw child.error(error.description)
                }
            }
        }
        return StoreProfile(
            id: StoreID(id), name: try fields["name"]?.string(), timeZone: zone, hours: hours, holidays: holidays, overrides: overrides)
    }

    /// `{mon: "08:00-20:00", tue: ...}`: a day left out is closed.
    static func parseWeeklyHours(_ node: ConfigNode) throws(ConfigurationError) -> WeeklyHours {
        let days = try node.mapping(allowedKeys: Set(WeeklyHours.weekdayKeys))
        return WeeklyHours(
            days: try WeeklyHours.weekdayKeys.map { (key: String) throws(ConfigurationError) -> [OpeningInterval] in
                guard let dayNode = days[key] else { return [] }
                let text = try dayNode.string()
                do throws(HoursProblem) {
                    return try WeeklyHours.parseDay(text)
                } catch {
                    throw dayNode.error(error.description)
                }
            })
    }

    /// A list of dates like 2026-12-25.
    static func parseDates(_ node: ConfigNode) throws(ConfigurationError) -> Set<CivilDate> {
        var dates: Set<CivilDate> = []
        for item in try node.sequence() {
            let text = try item.string()
            guard let date = CivilDate(iso: text) else { throw item.error("'\(text)' is not a date like 2026-12-25") }
            dates.insert(date)
        }
        return dates
    }

    /// `routing: {rule, agents: [{id, name, store, shifts, days_off, tiers}]}`. Every agent's
    /// store must be configured, so that shifts are read in its time zone.
    static func parseRouting(_ node: ConfigNode, stores: [StoreProfile]) throws(ConfigurationError) -> AgentRoster {
        let fields = try node.mapping(allowedKeys: ["rule", "agents"])
        var roster = AgentRoster()
        if let ruleNode = fields["rule"] {
            let text = try ruleNode.string()
            guard let rule = AgentRoster.Rule(rawValue: text) else {
                throw ruleNode.error("'\(text)' is not one of \(AgentRoster.Rule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            roster.rule = rule
        }
        guard let agentsNode = fields["agents"] else { return roster }
        var seen: Set<String> = []
        for item in try agentsNode.sequence() {
            let agent = try item.mapping(allowedKeys: ["id", "name", "store", "shifts", "days_off", "tiers"])
            guard let idNode = agent["id"] else { throw item.error("'id' is required (the agent id used in lead.assigned events)") }
            let id = try idNode.string()
            guard !id.isEmpty, id.count <= 128 else { throw idNode.error("must be 1 to 128 characters") }
            guard let storeNode = agent["store"] else { throw item.error("'store' is required") }
            let store = try storeNode.string()
            guard stores.contains(where: { $0.id.rawValue == store }) else {
                throw storeNode.error("'\(store)' is not a configured store; add it under stores: so its time zone is known")
            }
            guard seen.insert(store + "\u{0}" + id).inserted else { throw idNode.error("'\(id)' is listed twice for store '\(store)'") }
            guard let shiftsNode = agent["shifts"] else { throw item.error("'shifts' is required, e.g. {mon: \"08:00-16:00\"}") }
            var tiers: Set<LeadTier> = []
            if let tiersNode = agent["tiers"] {
                for tierNode in try tiersNode.sequence() {
                    let text = try tierNode.string()
                    guard let tier = LeadTier(rawValue: text) else {
                        throw tierNode.error("'\(text)' is not one of \(LeadTier.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    tiers.insert(tier)
                }
            }
            roster.agents.append(
                RosterAgent(
                    agentID: AgentID(id), name: try agent["name"]?.string(), storeID: StoreID(store), shifts: try parseWeeklyHours(shiftsNode),
                    daysOff: try agent["days_off"].map(parseDates) ?? [], tiers: tiers))
        }
        return roster
    }

    /// `kpis: {KEY: {target_min, target_max, green_min, green_max, red_below, red_above, changed_on, reason}}`.
    /// A moved target moves the green edge on the same side unless that is given too.
    static func parseKPIOverrides(_ node: ConfigNode) throws(ConfigurationError) -> [KPICatalog.Override] {
        let allowed: Set<String> = ["target_min", "target_max", "green_min", "green_max", "red_below", "red_above", "changed_on", "reason"]
        var overrides: [KPICatalog.Override] = []
        let keys = Set(KPIKey.allCases.map(\.rawValue))
        for (name, entry) in try node.mapping(allowedKeys: keys).sorted(by: { $0.key < $1.key }) {
            let key = KPIKey(rawValue: name)!
            let fields = try entry.mapping(allowedKeys: allowed)
            let (date, reason) = try dateAndReason(fields, of: entry, when: "")
            func number(_ field: String) throws(ConfigurationError) -> Double? {
                guard let value = fields[field] else { return nil }
                let text = try value.string()
                guard let number = Double(text), number.isFinite else { throw value.error("'\(text)' must be a number") }
                return number
            }
            overrides.append(
                KPICatalog.Override(
                    key: key, targetMin: try number("target_min"), targetMax: try number("target_max"), greenMin: try number("green_min"),
                    greenMax: try number("green_max"), redBelow: try number("red_below"), redAbove: try number("red_above"), date: date,
                    reason: reason))
        }
        return overrides
    }

    /// `response_time:`: what counts as responding and the SLA. Anything other than the
    /// defaults needs `changed_on` and `reason`, and becomes version 2 of the policy.
    static func parseResponseTime(_ node: ConfigNode) throws(ConfigurationError) -> (ResponseTimePolicy, DefinitionChange?) {
        let fields = try node.mapping(allowedKeys: [
            "start", "responders", "channels", "clock", "repeat_leads", "repeat_window_days", "sla_minutes", "tier_by_source", "default_tier",
            "escalate_at", "ingestion_lag_seconds", "agent_waiting_limit", "changed_on", "reason",
        ])
        var policy = ResponseTimePolicy()
        func choice<Choice: RawRepresentable & CaseIterable>(_ node: ConfigNode, _ type: Choice.Type) throws(ConfigurationError) -> Choice
        where Choice.RawValue == String {
            let text = try node.string()
            guard let value = Choice(rawValue: text) else {
                throw node.error("'\(text)' is not one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        func number(_ node: ConfigNode, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
            let text = try node.string()
            guard let value = Double(text), range.contains(value) else {
                throw node.error("'\(text)' must be a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        if let start = fields["start"] { policy.start = try choice(start, ResponseTimePolicy.Start.self) }
        if let clock = fields["clock"] { policy.clock = try choice(clock, ResponseTimePolicy.Clock.self) }
        if let responders = fields["responders"] {
            policy.responders = []
            for item in try responders.sequence() { policy.responders.insert(try choice(item, ResponseTimePolicy.Responder.self)) }
            guard !policy.responders.isEmpty else { throw responders.error("must name at least one of ai, agent, auto_reply") }
        }
        if let channels = fields["channels"] {
            policy.channels = []
            for item in try channels.sequence() { policy.channels.insert(try choice(item, Channel.self)) }
            guard !policy.channels.isEmpty else { throw channels.error("must name at least one channel") }
        }
        if let repeats = fields["repeat_leads"] {
            switch try repeats.string() {
            case "fold": policy.foldRepeatLeads = true
            case "separate": policy.foldRepeatLeads = false
            case let other: throw repeats.error("'\(other)' is not one of fold, separate")
            }
        }
        if let days = fields["repeat_window_days"] { policy.repeatWindowDays = try days.integer(in: 0...365) }
        if let minutes = fields["sla_minutes"] {
            policy.slaSeconds.merge(try parseSLAMinutes(minutes)) { _, own in own }
        }
        if let rules = fields["tier_by_source"], let mapping = rules.node.mapping {
            for (sourceNode, tierNode) in mapping {
                let source = sourceNode.string ?? ""
                policy.tierBySource[source] = try choice(rules.child(source, tierNode), LeadTier.self)
            }
        }
        if let tier = fields["default_tier"] { policy.defaultTier = try choice(tier, LeadTier.self) }
        if let fraction = fields["escalate_at"] { policy.escalateAtFraction = try number(fraction, in: 0.01...1) }
        if let lag = fields["ingestion_lag_seconds"] { policy.ingestionLagSeconds = try number(lag, in: 0...86_400) }
        if let limit = fields["agent_waiting_limit"] { policy.agentWaitingLimit = try limit.integer(in: 1...10_000) }

        let differences = policy.differencesFromDefaults
        guard !differences.isEmpty else { return (policy, nil) }
        let (date, reason) = try dateAndReason(fields, of: node, when: " when the policy differs from the defaults")
        let change = DefinitionChange(version: 2, date: date, summary: differences.joined(separator: "; "), reason: reason)
        policy.changes.append(change)
        return (policy, change)
    }

    /// The `changed_on` and `reason` every change of a definition carries, so the change log
    /// stays honest. `when`: when they are required, as the error says it.
    static func dateAndReason(_ fields: [String: ConfigNode], of node: ConfigNode, when: String) throws(ConfigurationError) -> (CivilDate, String) {
        guard let dateNode = fields["changed_on"] else {
            throw node.error("'changed_on' (YYYY-MM-DD) is required\(when), so the change log stays honest")
        }
        guard let date = CivilDate(iso: try dateNode.string()) else { throw dateNode.error("must be a date like 2026-04-01") }
        guard let reasonNode = fields["reason"], !(try reasonNode.string()).isEmpty else { throw node.error("'reason' is required") }
        return (date, try reasonNode.string())
    }

    /// `lead_temperature: {points: {warm_tier: 25, ...}, changed_on, reason}`: the reasons a
    /// group weighs otherwise, dated and explained like any change of a definition.
    static func parseLeadTemperature(_ node: ConfigNode) throws(ConfigurationError) -> (LeadTemperature.Weights, DefinitionChange?) {
        let fields = try node.mapping(allowedKeys: ["points", "changed_on", "reason"])
        guard let pointsNode = fields["points"] else { throw node.error("'points' is required: the points of the reasons weighed otherwise") }
        var own: [LeadTemperature.Reason: Int] = [:]
        for (key, value) in try pointsNode.mapping(allowedKeys: Set(LeadTemperature.Reason.allCases.map(\.rawValue))) {
            own[LeadTemperature.Reason(rawValue: key)!] = try value.integer(in: 0...100)
        }
        let weights = LeadTemperature.Weights(own)
        guard !weights.differencesFromStandard.isEmpty else { return (weights, nil) }
        let (date, reason) = try dateAndReason(fields, of: node, when: " when the points differ from the standard ones")
        return (weights, DefinitionChange(version: 0, date: date, summary: weights.differencesFromStandard.joined(separator: "; "), reason: reason))
    }

    /// `stores[].response_time: {sla_minutes: {hot: 10, ...}, changed_on, reason}`: the tiers
    /// whose SLA is the store's own, dated and explained like any change of a rule.
    static func parseStoreSLAs(_ node: ConfigNode) throws(ConfigurationError) -> ([LeadTier: Double], DefinitionChange) {
        let fields = try node.mapping(allowedKeys: ["sla_minutes", "changed_on", "reason"])
        guard let minutes = fields["sla_minutes"] else { throw node.error("'sla_minutes' is required: a store's response_time sets its own SLAs only") }
        let seconds = try parseSLAMinutes(minutes)
        guard !seconds.isEmpty else { throw minutes.error("must name at least one of hot, warm, cold") }
        let (date, reason) = try dateAndReason(fields, of: node, when: " for a store's own SLAs")
        let summary = LeadTier.allCases.compactMap { tier in seconds[tier].map { "\(tier.rawValue) SLA: \(KPIFormatting.duration(seconds: $0))" } }
        return (seconds, DefinitionChange(version: 0, date: date, summary: summary.joined(separator: "; "), reason: reason))
    }

    /// `sla_minutes: {hot: 5, ...}`, in seconds.
    static func parseSLAMinutes(_ node: ConfigNode) throws(ConfigurationError) -> [LeadTier: Double] {
        var seconds: [LeadTier: Double] = [:]
        for (key, value) in try node.mapping(allowedKeys: Set(LeadTier.allCases.map(\.rawValue))) {
            let text = try value.string()
            guard let number = Double(text), (0.1...100_000).contains(number) else { throw value.error("'\(text)' must be a number from 0.1 to 100000.0") }
            seconds[LeadTier(rawValue: key)!] = number * 60
        }
        return seconds
    }

    static func parseServer(_ node: ConfigNode) throws(ConfigurationError) -> ServerSettings {
        let fields = try node.mapping(allowedKeys: ["host", "port", "max_body_bytes", "session_idle_hours"])
        var settings = ServerSettings()
        if let host = fields["host"] { settings.host = try host.string() }
        if let port = fields["port"] { settings.port = try port.integer(in: 0...65_535) }
        if let limit = fields["max_body_bytes"] { settings.maximumBodyBytes = try limit.integer(in: 1024...1_073_741_824) }
        // Up to 30 days: a session is a browser left signed in, and a longer one is a token.
        if let hours = fields["session_idle_hours"] { settings.sessionIdleSeconds = Double(try hours.integer(in: 1...720)) * 3600 }
        return settings
    }
}

/// A position in the YAML document, with its dotted path for error messages.
extension ConfigurationFile {
    /// `sources: {cars_com: Cars.com, facebook_ads: Facebook Ads}` (and `campaigns:` alike):
    /// each id as the CRM sends it, and the name the pages show for it.
    static func parseNames(_ node: ConfigNode, of kind: String) throws(ConfigurationError) -> [String: String] {
        guard let mapping = node.node.mapping else {
            throw node.error("must be a mapping of \(kind) ids (as the CRM sends them) to names, e.g. {\(kind == "source" ? "cars_com: Cars.com" : "fb-trade-in: Facebook trade-in offer")}")
        }
        var names: [String: String] = [:]
        var shown: [String: String] = [:]
        for (keyNode, value) in mapping {
            let id = keyNode.string ?? ""
            let child = node.child(id, value)
            let name = try child.string().trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { throw child.error("a \(kind) id must not be empty") }
            guard !name.isEmpty, name.count <= 80 else { throw child.error("the name must be 1 to 80 characters") }
            // Two sources shown alike could not be told apart on a page.
            if let other = shown[name] { throw child.error("'\(name)' is already the name of \(kind) '\(other)'") }
            shown[name] = id
            names[id] = name
        }
        return names
    }
}

extension ConfigurationFile {
    /// `templates: {first-touch-question: "Hi {first_name}, ..."}`: each template id as the
    /// platform sends it in `template_id`, and its words as the assistant sends them.
    static func parseTemplateTexts(_ node: ConfigNode) throws(ConfigurationError) -> [TemplateID: String] {
        guard let mapping = node.node.mapping else {
            throw node.error("must be a mapping of template ids (as sent in template_id) to their words, e.g. {first-touch-question: \"Hi {first_name}, ...?\"}")
        }
        var texts: [TemplateID: String] = [:]
        for (keyNode, value) in mapping {
            let id = keyNode.string ?? ""
            let child = node.child(id, value)
            guard !id.isEmpty else { throw child.error("a template id must not be empty") }
            let text = try child.string().trimmingCharacters(in: .whitespacesAndNewlines)
            // Ten texts' worth: longer is a pasted document, not a template.
            guard !text.isEmpty, text.count <= 1_600 else { throw child.error("the template's words must be 1 to 1,600 characters") }
            texts[TemplateID(id)] = text
        }
        return texts
    }
}

struct ConfigNode {
    var node: Node
    var path: String
    var file: String

    /// The document's root node (nil for an empty one), or where the YAML goes wrong.
    static func compose(_ text: String, file: String) throws(ConfigurationError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: error.line, key: "", reason: "not valid YAML: \(error.problem)")
        } catch {
            throw ConfigurationError(file: file, key: "", reason: "not valid YAML")
        }
    }

    func error(_ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, key: path, reason: reason)
    }

    func child(_ key: String, _ node: Node) -> ConfigNode {
        ConfigNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func mapping(allowedKeys: Set<String>) throws(ConfigurationError) -> [String: ConfigNode] {
        guard let mapping = node.mapping else { throw error("must be a mapping of keys to values") }
        var result: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let childNode = child(key, value)
            guard allowedKeys.contains(key) else {
                throw ConfigurationError(
                    file: file, line: keyNode.mark?.line, key: childNode.path,
                    reason: "unknown key (expected one of: \(allowedKeys.sorted().joined(separator: ", ")))")
            }
            result[key] = childNode
        }
        return result
    }

    func sequence() throws(ConfigurationError) -> [ConfigNode] {
        guard let sequence = node.sequence else { throw error("must be a list") }
        return sequence.enumerated().map { index, item in
            ConfigNode(node: item, path: "\(path)[\(index)]", file: file)
        }
    }

    func string() throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw error("must be a single value, not a list or mapping") }
        return scalar.string
    }

    func bool() throws(ConfigurationError) -> Bool {
        switch try string() {
        case "true": return true
        case "false": return false
        case let other: throw error("'\(other)' must be true or false")
        }
    }

    /// A store id that names one of `stores`.
    func configuredStore(in stores: [StoreProfile]) throws(ConfigurationError) -> StoreID {
        let text = try string()
        guard stores.contains(where: { $0.id.rawValue == text }) else { throw error("'\(text)' is not a configured store") }
        return StoreID(text)
    }

    func integer(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let text = try string()
        guard let value = Int(text), range.contains(value) else {
            throw error("'\(text)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

extension YamlError {
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    var problem: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(self)"
        }
    }
}
