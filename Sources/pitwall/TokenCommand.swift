import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a token and print it (it is shown only once; only its hash is stored).")

        @Option(help: "What the token may do: ingest, read or admin (admin may do everything).")
        var scope: AccessScope

        @Option(help: "A name to recognise the token by in logs.")
        var name: String = "unnamed"

        @Option(help: "Only these stores' data, comma-separated (a store manager's token); default: every store of the organisation.")
        var stores: String?

        var storeList: [StoreID]? {
            stores.map { $0.split(separator: ",").map { StoreID($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.rawValue.isEmpty } }
        }

        func validate() throws {
            if let storeList, storeList.isEmpty { throw ValidationError("--stores: name at least one store, e.g. --stores lkt,dtn") }
        }

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let secret = try await storeOptions.withStore(configuration: try storeOptions.loadConfiguration().pitwall) { [scope, name, storeList] store, configuration in
                // A store new to Pitwall is allowed (its leads may not have come yet), but a
                // misspelt one would give a token that silently sees nothing: said, not refused.
                if let storeList {
                    let known = Set(configuration.stores.map(\.id) + (try await store.storesWithLeads()))
                    for unknown in storeList where !known.contains(unknown) {
                        writeError(
                            "warning: --stores: '\(unknown)' is not a configured store and has no leads yet; the token sees nothing of it until it does"
                                + (known.isEmpty ? "" : " (known stores: \(known.map(\.rawValue).sorted().joined(separator: ", ")))"))
                    }
                }
                return try await TokenIssuer(store: store, clock: SystemClock()).issue(
                    scope: scope, name: name, organisation: OrganisationID(storeOptions.org), stores: storeList)
            }
            print(secret)
        }
    }
}

extension AccessScope: ExpressibleByArgument {}
