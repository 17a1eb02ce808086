import Foundation
import PitwallCore
import Yams

/// An organisation's own configuration, kept in the group database (`pitwall org configure`):
/// the parts of a configuration file that belong to a dealership group rather than to the
/// server. Written in the same YAML, checked by the same rules, with the same errors.
public struct OrganisationConfiguration: Sendable {
    /// What an organisation sets for itself. The rest (the server's address and settings) is
    /// the server's file's.
    public static let sections = ["stores", "kpis", "response_time", "routing", "notifications", "alerts", "twilio", "bandwidth", "telnyx", "probes", "sources", "campaigns", "templates", "lead_temperature", "reports", "goals", "staffing", "messaging_platform", "repeat_leads"]

    var parsed: PitwallConfiguration
    /// The sections the document sets.
    var present: Set<String>

    /// The stores it lists, with their time zones.
    public var stores: [StoreProfile] { parsed.stores }

    /// `environment`: where a channel's `secret_env` is looked up (the servers' own, when they read it).
    public static func parse(
        _ text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> OrganisationConfiguration {
        let root = try ConfigNode.compose(text, file: file)
        var present: Set<String> = []
        if let root {
            guard let mapping = root.mapping else {
                throw ConfigurationError(file: file, line: root.mark?.line, key: "", reason: "must be a mapping of sections to settings")
            }
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                guard sections.contains(key) else {
                    throw ConfigurationError(
                        file: file, line: keyNode.mark?.line, key: key,
                        reason: "is not set per organisation: an organisation's configuration holds \(sections.joined(separator: ", ")); the rest is in the server's configuration file")
                }
                // The links in a notice lead to the servers' dashboard, whichever organisation it is for.
                if key == "notifications", let linkBase = value.mapping?.first(where: { $0.key.string == "link_base" })?.key {
                    throw ConfigurationError(
                        file: file, line: linkBase.mark?.line, key: "notifications.link_base", reason: "is the servers' address, set in their configuration file")
                }
                if key == "twilio", let publicURL = value.mapping?.first(where: { $0.key.string == "public_url" })?.key {
                    throw ConfigurationError(
                        file: file, line: publicURL.mark?.line, key: "twilio.public_url", reason: "is the servers' address, set in their configuration file")
                }
                present.insert(key)
            }
        }
        return OrganisationConfiguration(parsed: try ConfigurationFile.parse(text, file: file, environment: environment).pitwall, present: present)
    }

    /// The organisation's configuration: its own stores, routing roster and SMS provider
    /// accounts (none if it lists none: the file's belong to the home organisation), its KPI
    /// targets, SLA policy, notification channels, alert rules and source names where it sets
    /// them and the file's otherwise, and everything server-wide from the file.
    public func applied(to file: PitwallConfiguration) -> PitwallConfiguration {
        var result = file
        result.stores = parsed.stores
        // A store's own targets go with the store, on top of whichever catalog the group uses.
        result.storeKPIOverrides = parsed.storeKPIOverrides
        // Goals are the group's own: none unless it sets them (the file's are the home organisation's).
        result.monthlyGoals = parsed.monthlyGoals
        if present.contains("staffing") { result.staffing = parsed.staffing }
        // What the platform costs is the group's own contract: unknown unless it says.
        result.messagingPlatform = parsed.messagingPlatform
        // How far back a vendor credits repeats is the group's own deal with its vendors.
        result.repeatLeadWindowDays = parsed.repeatLeadWindowDays
        result.roster = parsed.roster
        // Provider accounts and health probes name its stores and systems: its own, or none
        // (the file's are the home organisation's).
        result.probes = parsed.probes
        result.twilio.accounts = parsed.twilio.accounts
        result.providers.bandwidth = parsed.providers.bandwidth
        result.providers.telnyx = parsed.providers.telnyx
        if present.contains("notifications") {
            result.notifications = parsed.notifications
            result.notifications.linkBase = file.notifications.linkBase
        }
        if present.contains("alerts") { result.alertRules = parsed.alertRules }
        // Reports name channels: the file's name the file's, so an organisation with channels
        // of its own gets only the reports it schedules for them.
        if present.contains("notifications") || present.contains("reports") { result.reports = parsed.reports }
        // Source names are words for the CRM's ids, which groups on one CRM share.
        if present.contains("sources") { result.sourceNames = parsed.sourceNames }
        if present.contains("campaigns") { result.campaignNames = parsed.campaignNames }
        if present.contains("templates") { result.templateTexts = parsed.templateTexts }
        if setsDefinitions {
            // Each writes to the catalog's change log, so the three travel together.
            result.kpiCatalog = parsed.kpiCatalog
            result.responseTime = parsed.responseTime
            result.leadTemperature = parsed.leadTemperature
        }
        // A store's own SLAs go with the store too, on whichever policy the group uses.
        result.responseTime.storeSLASeconds = parsed.responseTime.storeSLASeconds
        result.responseTime.storeSLAChanges = parsed.responseTime.storeSLAChanges
        return result
    }

    /// Whether the document sets any of the sections that define the KPIs.
    var setsDefinitions: Bool { !present.isDisjoint(with: ["kpis", "response_time", "lead_temperature"]) }

    /// What the document sets for the organisation and what it leaves to the server's file, in
    /// a line, for whoever saves it: "its own: KPI targets and SLA policy, alert rules (2);
    /// from the server's file: notification channels".
    public var summary: String {
        var own: [String] = []
        var fromFile: [String] = []
        if setsDefinitions {
            own.append(present.contains("lead_temperature") ? "KPI targets, SLA policy and temperature points" : "KPI targets and SLA policy")
        } else {
            fromFile.append("KPI targets and SLA policy")
        }
        if present.contains("routing") { own.append("routing roster (\(KPIFormatting.count(parsed.roster.agents.count, "agent", "agents")))") }
        if present.contains("notifications") {
            own.append("notification channels (\(parsed.notifications.channels.count))")
        } else {
            fromFile.append("notification channels")
        }
        if present.contains("alerts") { own.append("alert rules (\(parsed.alertRules.count))") } else { fromFile.append("alert rules") }
        for (section, name, count) in [
            ("twilio", "Twilio accounts", parsed.twilio.accounts.count), ("bandwidth", "Bandwidth accounts", parsed.providers.bandwidth.count),
            ("telnyx", "Telnyx accounts", parsed.providers.telnyx.count), ("probes", "health probes", parsed.probes.count),
            ("sources", "source names", parsed.sourceNames.count), ("campaigns", "campaign names", parsed.campaignNames.count),
            ("templates", "template texts", parsed.templateTexts.count),
            ("reports", "scheduled reports", parsed.reports.schedules.count), ("goals", "monthly goals", parsed.monthlyGoals.group.count),
        ] where present.contains(section) {
            own.append("\(name) (\(count))")
        }
        if present.contains("staffing") { own.append("staffing target") }
        if present.contains("messaging_platform") { own.append("messaging platform costs") }
        if present.contains("repeat_leads") { own.append("repeat lead window") }
        var parts: [String] = []
        if !own.isEmpty { parts.append("its own: " + own.joined(separator: ", ")) }
        if !fromFile.isEmpty { parts.append("from the server's file: " + fromFile.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    /// Every stored organisation configuration read and put on top of the file's. One that
    /// cannot be read (a `secret_env` this process lacks) is left out and returned, so that
    /// one organisation's mistake does not keep a server from serving the others.
    public static func book(file: PitwallConfiguration, stored: [StoredOrganisationConfiguration])
        -> (book: ConfigurationBook, unreadable: [OrganisationID: ConfigurationError])
    {
        let book = ConfigurationBook(file)
        var unreadable: [OrganisationID: ConfigurationError] = [:]
        for entry in stored {
            do {
                book.put(try self.entry(entry.document, version: entry.version, of: entry.organisation, on: file), for: entry.organisation)
            } catch {
                unreadable[entry.organisation] = error
            }
        }
        return (book, unreadable)
    }

    /// One stored version read and put on top of the file's.
    public static func entry(
        _ document: String, version: Int, of organisation: OrganisationID, on file: PitwallConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> ConfigurationBook.Entry {
        let own = try parse(document, file: "the configuration of organisation '\(organisation)' (version \(version))", environment: environment)
        return ConfigurationBook.Entry(configuration: own.applied(to: file), version: version)
    }
}
