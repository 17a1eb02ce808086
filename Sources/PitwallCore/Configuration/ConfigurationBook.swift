/// The configuration in force for each organisation a server works for. The server's file
/// configures the home organisation and whatever is server-wide; an organisation configured
/// in the group database (`pitwall org configure`) has its own stores, KPI targets, SLA policy,
/// routing roster and notification channels on top of it. Read where the work happens, by the organisation in
/// `TenantScope`, so that nothing built once at start-up keeps one organisation's settings.
public struct ConfigurationBook: Sendable {
    /// The server's configuration file.
    public var file: PitwallConfiguration
    /// The organisations configured on their own, each with the file's server-wide parts.
    public var organisations: [OrganisationID: PitwallConfiguration]

    public init(_ file: PitwallConfiguration, organisations: [OrganisationID: PitwallConfiguration] = [:]) {
        self.file = file
        self.organisations = organisations
    }

    public func configuration(for organisation: OrganisationID?) -> PitwallConfiguration {
        organisation.flatMap { organisations[$0] } ?? file
    }

    /// The configuration of the organisation the current task works for.
    public var current: PitwallConfiguration { configuration(for: TenantScope.organisation) }

    /// Whether any organisation's notifications go anywhere: the file's channels, or an
    /// organisation's own.
    public var hasNotificationChannels: Bool {
        !file.notifications.channels.isEmpty || organisations.values.contains { !$0.notifications.channels.isEmpty }
    }

    /// Whether the stores `configuration(for:)` lists are `organisation`'s own: those of its
    /// own configuration, or the file's for the home organisation. Another organisation reads
    /// the file's only for its targets and policy, so its stores are not listed to it.
    public func listsOwnStores(of organisation: OrganisationID?, home: OrganisationID) -> Bool {
        guard let organisation else { return false }
        return organisations[organisation] != nil || organisation == home
    }
}
