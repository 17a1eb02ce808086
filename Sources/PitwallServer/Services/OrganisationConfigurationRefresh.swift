import Foundation
import Logging
import PitwallCore
import ServiceLifecycle
import Synchronization

/// Where the organisations' own configurations are kept (the group database), as the server
/// reads them: each organisation's newest version.
public struct OrganisationConfigurationSource: Sendable {
    public var load: @Sendable () async throws -> [StoredOrganisationConfiguration]

    public init(load: @escaping @Sendable () async throws -> [StoredOrganisationConfiguration]) {
        self.load = load
    }
}

/// Puts a newer version of an organisation's configuration in force while the server runs,
/// so that `pitwall org configure` needs no restart: every page, watch and store built from
/// the book sees it on its next call (the organisation's store is opened again, recounting
/// its KPI days if a store moved to another zone). A version that cannot be read is logged
/// once and the one in force stays.
public final class OrganisationConfigurationRefresh: Sendable {
    let book: ConfigurationBook
    let source: OrganisationConfigurationSource
    let logger: Logger
    /// Versions found unreadable, so that each is logged once rather than on every round.
    private let refused = Mutex<[OrganisationID: Int]>([:])

    public init(book: ConfigurationBook, source: OrganisationConfigurationSource, logger: Logger) {
        self.book = book
        self.source = source
        self.logger = logger
    }

    /// Reads the newest versions once; returns the organisations whose configuration changed.
    @discardableResult
    public func refresh() async throws -> [OrganisationID] {
        let inForce = book.versions
        var changed: [OrganisationID] = []
        for stored in try await source.load() where inForce[stored.organisation] != stored.version {
            guard refused.withLock({ $0[stored.organisation] }) != stored.version else { continue }
            do {
                let entry = try OrganisationConfiguration.entry(stored.document, version: stored.version, of: stored.organisation, on: book.file)
                book.put(entry, for: stored.organisation)
                changed.append(stored.organisation)
                logger.notice(
                    "an organisation's configuration changed; in force from now",
                    metadata: ["organisation": "\(stored.organisation)", "version": "\(stored.version)"])
            } catch {
                refused.withLock { $0[stored.organisation] = stored.version }
                logger.error(
                    "an organisation's new configuration cannot be read; the one in force stays",
                    metadata: ["organisation": "\(stored.organisation)", "version": "\(stored.version)", "error": "\(error.description)"])
            }
        }
        return changed
    }
}

/// Looks for newer organisation configurations every `interval`.
struct OrganisationConfigurationRefreshService: Service {
    let refresh: OrganisationConfigurationRefresh
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do {
                    try await refresh.refresh()
                } catch {
                    logger.error("reading the organisations' configurations failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
        }
    }
}
