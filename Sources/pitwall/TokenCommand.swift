import ArgumentParser
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

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let secret = try await storeOptions.withStore(configuration: try storeOptions.loadConfiguration().pitwall) { [scope, name] store in
                try await TokenIssuer(store: store, clock: SystemClock()).issue(scope: scope, name: name)
            }
            print(secret)
        }
    }
}

extension AccessScope: ExpressibleByArgument {}
