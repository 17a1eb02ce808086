import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PitwallCore
import PitwallPostgres
import PitwallServer
import PitwallSQLite

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP server.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Address to listen on (default: 127.0.0.1, or server.host from the configuration).")
    var host: String?

    @Option(help: "Port to listen on (default: 8080, or server.port from the configuration).")
    var port: Int?

    func run() async throws {
        ServerMemory.tuneForServing()
        let file = try storeOptions.loadConfiguration()
        var settings = file.server
        if let host { settings.host = host }
        if let port { settings.port = port }
        try await storeOptions.withStore(configuration: file.pitwall, servingEveryOrganisation: true) { [settings] store, organisations, configurations in
            let logger = Logger(label: "pitwall")
            if !configurations.organisations.isEmpty {
                logger.notice(
                    "organisations with a configuration of their own (pitwall org configure)",
                    metadata: ["organisations": "\(configurations.organisations.keys.map(\.rawValue).sorted().joined(separator: ", "))"])
            }
            var dependencies = AppDependencies(store: store, configurations: configurations)
            dependencies.freedMemory = ServerMemory.freedMemoryReturn
            if let routed = store as? OrganisationRoutedStore {
                dependencies.configurationSource = OrganisationConfigurationSource { [database = routed.database] in
                    try await database.latestConfigurations()
                }
            }
            dependencies.organisations = organisations
            let app = buildApplication(
                settings: settings,
                dependencies: dependencies,
                logger: logger,
                onServerRunning: { [host = settings.host] port in
                    // Written unbuffered: scripts and supervisors wait for this line.
                    FileHandle.standardOutput.write(Data("Pitwall is listening on http://\(host):\(port)\n".utf8))
                })
            try await app.runService()
        }
    }
}
