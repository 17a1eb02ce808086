import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct RecountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recount",
        abstract: "Count stores' KPI days again from their leads, under the configuration in force.",
        discussion: """
            A server recounts a store by itself when the configuration changes its time zone, hours \
            or response rule. A store taken out of the configuration is not recounted (a command run \
            without the file must not move a group's days to UTC), and events for it are refused \
            with configuration_conflict until it is listed again, or recounted here with --utc: its \
            days in UTC from then on.
            """)

    @Option(name: .customLong("store"), help: "A store to recount; repeat for several.")
    var stores: [String] = []

    @Flag(help: "Count a store the configuration does not list in UTC days, always open: its own zone is no longer known.")
    var utc = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if stores.isEmpty { throw ValidationError("--store: name at least one store to recount") }
    }

    func run() async throws {
        let file = try storeOptions.loadConfiguration()
        let requested = stores.map { StoreID($0) }
        let utc = utc
        let lines = try await storeOptions.withStore(configuration: file.pitwall) { store, configuration in
            try await Self.recount(requested, in: store, configuration: configuration, utc: utc)
        }
        for line in lines { print(line) }
    }

    /// Checks every store before counting any, so that a typo leaves nothing half done.
    static func recount(_ requested: [StoreID], in store: any PitwallStore, configuration: PitwallConfiguration, utc: Bool) async throws -> [String] {
        let withLeads = try await store.storesWithLeads()
        let listed = Dictionary(configuration.stores.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in requested {
            guard withLeads.contains(id) else {
                let known = withLeads.isEmpty ? "none has" : "these have: " + withLeads.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure("--store: '\(id)' has no leads in this database (\(known))")
            }
            if listed[id] == nil, !utc {
                let names = configuration.stores.isEmpty ? "lists no stores" : "lists " + configuration.stores.map(\.id.rawValue).joined(separator: ", ")
                throw CommandFailure(
                    "--store: '\(id)' is not in the configuration (it \(names)), so its days would be counted in UTC, always open: "
                        + "add --utc to do that, or give --config the file the servers use")
            }
        }
        var lines: [String] = []
        for id in requested {
            let started = Date()
            let leads = try await store.recountRollups(of: id)
            let days = listed[id].map { "\($0.timeZone.identifier) days" } ?? "UTC days (not in the configuration)"
            let seconds = (Date().timeIntervalSince(started) * 10).rounded() / 10
            lines.append("store '\(id)': \(leads.formatted()) \(leads == 1 ? "lead" : "leads") counted again in \(days), \(seconds) s")
        }
        return lines
    }
}
