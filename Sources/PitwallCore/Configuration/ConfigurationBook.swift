import Synchronization

/// The configuration in force for each organisation a server works for. The server's file
/// configures the home organisation and whatever is server-wide; an organisation configured
/// in the group database (`pitwall org configure`) has its own stores, KPI targets, SLA policy,
/// routing roster, notification channels, alert rules, provider accounts and health probes
/// on top of it. Read where the work happens, by the organisation in `TenantScope`, so that
/// nothing built once at start-up keeps one organisation's settings.
///
/// The organisations' part is shared by every copy of a book: a server that reads a newer
/// version of an organisation's configuration puts it in once, and every desk, watch and
/// page built from the book at start-up sees it on its next call.
public struct ConfigurationBook: Sendable {
    /// The server's configuration file.
    public var file: PitwallConfiguration
    private let shelf: Shelf

    /// One organisation's configuration, with the version it was saved as (0 when not saved).
    public struct Entry: Sendable {
        public var configuration: PitwallConfiguration
        public var version: Int

        public init(configuration: PitwallConfiguration, version: Int) {
            self.configuration = configuration
            self.version = version
        }
    }

    private final class Shelf: Sendable {
        let entries: Mutex<[OrganisationID: Entry]>
        init(_ entries: [OrganisationID: Entry]) { self.entries = Mutex(entries) }
    }

    public init(_ file: PitwallConfiguration, organisations: [OrganisationID: PitwallConfiguration] = [:]) {
        self.init(file, entries: organisations.mapValues { Entry(configuration: $0, version: 0) })
    }

    public init(_ file: PitwallConfiguration, entries: [OrganisationID: Entry]) {
        self.file = file
        shelf = Shelf(entries)
    }

    /// The organisations configured on their own, each with the file's server-wide parts.
    public var organisations: [OrganisationID: PitwallConfiguration] { shelf.entries.withLock { $0.mapValues(\.configuration) } }

    /// The version of each organisation's configuration in force.
    public var versions: [OrganisationID: Int] { shelf.entries.withLock { $0.mapValues(\.version) } }

    /// Puts a newer configuration of `organisation` in force, for every copy of this book.
    public func put(_ entry: Entry, for organisation: OrganisationID) {
        shelf.entries.withLock { $0[organisation] = entry }
    }

    public func configuration(for organisation: OrganisationID?) -> PitwallConfiguration {
        guard let organisation else { return file }
        return shelf.entries.withLock { $0[organisation]?.configuration } ?? file
    }

    /// The organisation's configuration in force, and its version (nil: the file's).
    public func entry(for organisation: OrganisationID) -> Entry? {
        shelf.entries.withLock { $0[organisation] }
    }

    /// The home organisation's configuration first, then each one configured on its own:
    /// where what arrives without a token (a provider's callback) finds its organisation by
    /// the account that signed it.
    public func byOrganisation(home: OrganisationID) -> [(organisation: OrganisationID, configuration: PitwallConfiguration)] {
        let own = organisations.filter { $0.key != home }.sorted { $0.key < $1.key }
        return [(home, configuration(for: home))] + own.map { ($0.key, $0.value) }
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
        return entry(for: organisation) != nil || organisation == home
    }
}
