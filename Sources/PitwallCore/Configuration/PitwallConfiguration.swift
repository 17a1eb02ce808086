/// Everything read from the configuration file, validated once at start-up and passed down.
public struct PitwallConfiguration: Sendable {
    public var stores: [StoreProfile]
    /// The KPI definitions in force: the standard catalog with the configured changes applied.
    public var kpiCatalog: KPICatalog
    /// Stores' own targets and thresholds, where a store is held to other figures than the
    /// group (a used-car store's smaller average sale), on top of `kpiCatalog`.
    public var storeKPIOverrides: [StoreID: [KPICatalog.Override]] = [:]
    /// What counts as responding to a lead, and the SLA.
    public var responseTime: ResponseTimePolicy
    /// The agents and their shifts, for routing advice.
    public var roster: AgentRoster
    /// The alerting rules: the SOP's unless the configuration says otherwise.
    public var alertRules: [AlertRule] = AlertRule.sopDefaults
    /// Where alert notifications go, and how often a firing alert is repeated.
    public var notifications = NotificationSettings()
    /// The health URLs checked on a schedule.
    public var probes: [HealthProbe] = []
    /// The stores' Twilio accounts, for its signed callbacks.
    public var twilio = TwilioSettings()
    /// The stores' Bandwidth and Telnyx accounts, for their callbacks.
    public var providers = MessagingProviders()
    /// Lead sources by the names people know them by, for the pages.
    public var sourceNames: [String: String] = [:]
    /// Campaigns by the names marketing gave them, for the pages.
    public var campaignNames: [String: String] = [:]
    /// Each message template's words, as the assistant sends them (placeholders and all), for
    /// the template review's content analysis.
    public var templateTexts: [TemplateID: String] = [:]
    /// The points of each lead's temperature: the standard ones unless the group weighs them.
    public var leadTemperature: LeadTemperature.Weights = .standard
    /// The scheduled reports and the channels they go to.
    public var reports = ReportSettings()
    /// What the group and its stores mean to reach each month, for the outlook.
    public var monthlyGoals = MonthlyGoals()
    /// The answer-time target the week ahead's agents are planned against.
    public var staffing = StaffingTarget()
    /// What the AI messaging costs and what a car sold earns, for its return; unknown unless configured.
    public var messagingPlatform = MessagingPlatformCosts()
    /// The days within which a lead from a shopper the store already had counts as a repeat
    /// on the contacts page, in the reports and the repeats export (`repeat_leads.window_days`):
    /// a vendor's credit policy often looks back 30 to 90 days. Nil: the speed-to-lead policy's.
    public var repeatLeadWindowDays: Int?

    /// The repeat window the marketing figures use: their own, else speed to lead's.
    public var repeatLeadDays: Int { repeatLeadWindowDays ?? responseTime.repeatWindowDays }

    public init(
        stores: [StoreProfile] = [], kpiCatalog: KPICatalog = .standard, responseTime: ResponseTimePolicy = ResponseTimePolicy(),
        roster: AgentRoster = AgentRoster()
    ) {
        self.stores = stores
        self.kpiCatalog = kpiCatalog
        self.responseTime = responseTime
        self.roster = roster
    }

    /// Whose clock group-wide pages show times on: the first configured store's, else UTC.
    /// What the pages call sources and agents: the configured source names, the roster's
    /// agent names (an agent listed at two stores under two names goes by the first).
    public var names: DisplayNames {
        var agents: [String: String] = [:]
        for agent in roster.agents where agent.name != agent.agentID.rawValue && agents[agent.agentID.rawValue] == nil {
            agents[agent.agentID.rawValue] = agent.name
        }
        return DisplayNames(sources: sourceNames, campaigns: campaignNames, agents: agents)
    }

    /// `report` with its groups' names: each store's, and each source's, campaign's or agent's
    /// configured one.
    public func naming(_ report: KPIReport) -> KPIReport {
        var named = report
        guard let grouping = report.query.groupBy else { return named }
        let names = self.names
        for group in report.groups {
            guard let value = group.group, !value.isEmpty else { continue }
            let name =
                grouping == .store
                ? stores.first { $0.id.rawValue == value }?.name : SegmentDimension(rawValue: grouping.rawValue).map { names.value(value, of: $0) }
            if let name, name != value { named.groupNames[value] = name }
        }
        return named
    }

    public var homeStore: StoreProfile { stores.first ?? .unconfigured("group") }

    /// The store's calendar, or, over every store, the group's: the first store's, whose clock
    /// the dashboard shows (UTC with none configured).
    public func calendar(of store: StoreID?) -> BusinessCalendar {
        (store.map(self.store) ?? homeStore).calendar
    }

    /// "Today" on that calendar: what a window without dates ends on, as the dashboard means it.
    public func today(store: StoreID?, at now: Timestamp) -> CivilDate {
        calendar(of: store).localDate(of: now)
    }

    /// The KPI definitions a store is judged by: the group's, with the store's own changes
    /// applied; the group's for all stores together (nil).
    /// A store's own SLAs are noted in its SLA attainment's change log.
    public func kpiCatalog(for store: StoreID?) -> KPICatalog {
        guard let store else { return kpiCatalog }
        var catalog = kpiCatalog
        let name = self.store(store).name
        if let overrides = storeKPIOverrides[store], !overrides.isEmpty { catalog = catalog.applying(overrides, store: name) }
        if let change = responseTime.storeSLAChanges[store] {
            for key in KPIKey.allCases where key.isHeldToSLA {
                catalog = catalog.noting("at \(name): " + change.summary, on: change.date, reason: change.reason, for: key)
            }
        }
        return catalog
    }

    /// Each store's own catalog, for the stores that have their own targets or SLAs.
    public var storeKPICatalogs: [StoreID: KPICatalog] {
        let stores = Set(storeKPIOverrides.keys).union(responseTime.storeSLAChanges.keys)
        return Dictionary(uniqueKeysWithValues: stores.map { ($0, kpiCatalog(for: $0)) })
    }

    /// The configured store, or the UTC, always-open default for one that is not configured.
    public func store(_ id: StoreID) -> StoreProfile {
        stores.first { $0.id == id } ?? .unconfigured(id)
    }
}

/// A configuration file that cannot be used: which file, which key, and why.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String
    public var reason: String

    public init(file: String, line: Int? = nil, key: String, reason: String) {
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(location): \(reason)" : "\(location): \(key): \(reason)"
    }
}
