import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a token and print it (it is shown only once; only its hash is stored).")

        @Option(help: "What the token may do: ingest, read or admin (admin may do everything).")
        var scope: AccessScope

        @Option(help: "A name to recognise the token by in logs.")
        var name: String = "unnamed"

        @Option(help: "Only these stores' data, comma-separated (a store manager's token); default: every store of the organisation.")
        var stores: String?

        @Option(help: "Opens nothing after this many days (1 to 3650); default: until revoked.")
        var expiresInDays: Int?

        var storeList: [StoreID]? {
            stores.map { $0.split(separator: ",").map { StoreID($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.rawValue.isEmpty } }
        }

        func validate() throws {
            if let storeList, storeList.isEmpty { throw ValidationError("--stores: name at least one store, e.g. --stores lkt,dtn") }
            if let expiresInDays, !TokenIssuer.lifetimeDays.contains(expiresInDays) {
                throw ValidationError("--expires-in-days: \(expiresInDays) is not a number of days from 1 to 3650")
            }
        }

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let secret = try await storeOptions.withStore(configuration: try storeOptions.loadConfiguration().pitwall) { [scope, name, storeList, expiresInDays] store, configuration in
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
                    scope: scope, name: name, organisation: OrganisationID(storeOptions.org), stores: storeList, days: expiresInDays,
                    by: AccessToken.commandLineActor, loggingTo: store
                ).secret
            }
            print(secret)
        }
    }
}

extension TokenCommand {

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the organisation's tokens, revoked ones too (never their secrets).")

        @Flag(help: "Print JSON, as GET /v1/tokens does.")
        var json = false

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let tokens = try await storeOptions.withStore(configuration: try storeOptions.loadConfiguration().pitwall) { store, _ in
                try await store.accessTokens()
            }
            if json {
                print(AccessToken.listJSON(tokens))
                return
            }
            guard !tokens.isEmpty else {
                print("No tokens yet: create one with 'pitwall token create --scope read --name NAME'.")
                return
            }
            var rows = [["ID", "NAME", "SCOPE", "STORES", "CREATED", "EXPIRES", "LAST USED", "REVOKED"]]
            for token in tokens {
                rows.append([
                    token.id, token.name, token.scope.rawValue, token.stores.map { $0.map(\.rawValue).joined(separator: ",") } ?? "all",
                    token.createdAt.rfc3339, token.expiresAt?.rfc3339 ?? "-", token.lastUsedAt?.rfc3339 ?? "never", token.revokedAt?.rfc3339 ?? "-",
                ])
            }
            TextTable.lines(rows).forEach { print($0) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a token: from now on it opens nothing, and browsers signed in with it are signed out.",
            discussion: """
                TOKEN is the token's id as 'pitwall token list' shows it, its name when no other token \
                has that name, or the secret itself (pw_...) when that is what you have, say one that leaked.
                """)

        @Argument(help: "The token's id, its name, or its secret.")
        var token: String

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let reference = token
            let revoked = try await storeOptions.withStore(configuration: try storeOptions.loadConfiguration().pitwall) { store, _ in
                let all = try await store.accessTokens()
                let chosen: AccessToken
                if reference.hasPrefix("pw_") {
                    let hash = TokenIssuer.hash(reference)
                    guard let token = all.first(where: { $0.secretHash == hash }) else {
                        throw CommandFailure("that secret is not a token of this organisation (\(all.count) token(s): 'pitwall token list' shows them)")
                    }
                    chosen = token
                } else {
                    switch AccessToken.named(reference, among: all) {
                    case .found(let token): chosen = token
                    case .unknown:
                        throw CommandFailure("no token has the id or name '\(reference)'; 'pitwall token list' shows the \(all.count) there are")
                    case .ambiguous(let tokens):
                        throw CommandFailure(
                            "\(tokens.count) tokens are named '\(reference)': give the id of the one to revoke (\(tokens.map(\.id).joined(separator: ", ")))")
                    }
                }
                guard let token = try await TokenIssuer(store: store, clock: SystemClock()).revoke(chosen, by: AccessToken.commandLineActor, loggingTo: store) else {
                    throw CommandFailure("token \(chosen.id) could not be found again to revoke it")
                }
                return (token, wasRevoked: chosen.isRevoked)
            }
            let (token, wasRevoked) = revoked
            print(
                wasRevoked
                    ? "Token \(token.id) ('\(token.name)') was already revoked at \(token.revokedAt?.rfc3339 ?? "?"); nothing changed."
                    : "Revoked token \(token.id) ('\(token.name)', \(token.scope.rawValue)) at \(token.revokedAt?.rfc3339 ?? "?"): it opens nothing from now on.")
        }
    }
}

extension AccessScope: ExpressibleByArgument {}
