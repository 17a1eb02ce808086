import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PitwallCore
import PitwallServer
import PitwallSimulator
import PitwallSQLite

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a dealership group into a fresh database, start the server, print the URL and an admin token.")

    @Option(help: "Folder for the demo database and configuration (default: a new temporary folder).")
    var dir: String?

    @Option(help: "Days of history to simulate, ending now.")
    var days: Int = 90

    @Option(help: "Random seed.")
    var seed: UInt64 = 7

    @Option(help: "Number of stores.")
    var stores: Int = 4

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8080

    func run() async throws {
        let folder = try demoFolder()
        let databasePath = (folder as NSString).appendingPathComponent("pitwall.sqlite")
        let configPath = (folder as NSString).appendingPathComponent("pitwall.yaml")
        guard !FileManager.default.fileExists(atPath: databasePath) else {
            throw CommandFailure("\(databasePath) already exists: give an empty --dir, or run 'pitwall serve --db \(databasePath) --config \(configPath)'")
        }
        let clock = SystemClock()
        // The history ends now, so the newest leads are minutes old.
        let now = clock.now()
        let start = now.adding(milliseconds: -Int64(days) * Timestamp.millisecondsPerDay)
        var simulation = SimulationSettings(days: days, seed: seed, storeCount: stores, start: start)
        // The AI assistant has been down for the last 40 minutes, so the live queue, the
        // escalations and the technical causes have something to show from the first minute.
        simulation.outageAtEndMinutes = 40
        // And the last store's web form broke hours ago (as many as its usual pace would have
        // brought 18 leads in), so "No leads coming in" shows on its tile from the start.
        simulation.silentStoreAtEnd = stores - 1
        // And the first store's texts have had no delivery receipt for two and a half hours,
        // so "Delivery receipts missing" shows on the system tile while it is sending (a store
        // on Central time, so any hour of the US day but the early morning).
        simulation.receiptsLostStoreAtEnd = 0
        // And the second store's first agent has been away since yesterday while the lead
        // rotation, stuck on them, handed them every lead, so "Agent holding too many leads"
        // names them.
        simulation.agentAwayStoreAtEnd = min(1, stores - 1)
        simulation.agentAwayHours = 24
        // And one of the first store's agents, slow to pick up their leads, was coached a
        // month ago, so the team page, set beside the month before, and the coaching log show that it took.
        simulation.coachedStoreAtEnd = 0
        let simulator = DealershipSimulator(settings: simulation)
        // Goals a little above what the simulated stores bring in a month (about 1,190 leads,
        // 80-88 cars and $2.8-3.2 M each), so the outlook has something to be measured against.
        let goals = MonthlyGoals(group: [.leads: 1_200 * Double(stores), .sales: 85 * Double(stores), .revenue: 3_000_000 * Double(stores)])
        try ConfigurationFile.yaml(
            for: simulator.configuration.stores, roster: simulator.configuration.roster, targets: simulator.ownTargets, sourceNames: simulator.sourceNames,
            campaignNames: simulator.campaignNames, templateTexts: simulator.templateTexts, goals: goals, messagingPlatform: simulator.messagingPlatform
        ).write(toFile: configPath, atomically: true, encoding: .utf8)

        let store = try SQLiteStore(path: databasePath, configuration: simulator.configuration)
        defer { StoreOptions.close(store) }
        writeError("Simulating \(days) days of \(stores) stores into \(databasePath)")
        var progress = ProgressLine(label: "stored")
        let count = try await simulator.store(into: store, now: now) { progress.update($0) }
        progress.update(count, force: true)
        if let coached = simulator.coached, let shop = simulator.configuration.stores.first {
            // The manager logged that coaching, so the coaching log shows whether it took.
            try await store.recordCoaching(
                CoachingSession(
                    id: "coaching-demo", store: shop.id, agent: coached.agent.rawValue, day: shop.calendar.localDate(of: coached.at),
                    focus: .agentPickupWithinSLA, note: "Pick up handed-off leads within five minutes; the queue page shows whose are waiting.",
                    recordedBy: "demo-admin", recordedAt: coached.at))
        }
        if let shop = simulator.configuration.stores.first {
            // And a change the marketing team logged three weeks ago, which the simulation did
            // not model: the change log sets it beside the other stores and calls what it finds.
            let day = shop.calendar.localDate(of: now).adding(days: -21)
            try await store.recordChange(
                ProcessChange(
                    id: "change-demo", day: day, store: shop.id, segment: .init(dimension: .source, value: "website"), figure: .leadResponseRate,
                    title: "Website leads' first text names the car they asked about", note: "October's A/B winner, rolled out here first.",
                    recordedBy: "demo-admin", recordedAt: now))
            // And what the first store's agents said slows them down, so the delays page has
            // something to add up: one step nothing fixes yet, one reported by the team.
            let today = shop.calendar.localDate(of: now)
            let agents = simulator.configuration.roster.agents.filter { $0.storeID == shop.id }.prefix(2).map(\.agentID.rawValue)
            let reports: [(String?, Int, String, Double, Double)] =
                agents.enumerated().map { ($1, -10 + 6 * $0, "Re-typing the lead into the DMS", 4 + Double($0), 1) }
                + [(nil, -5, "Waiting for the used-car manager's trade-in figure", 15, 0.25)]
            for (index, report) in reports.enumerated() {
                try await store.recordDelay(
                    ReportedDelay(
                        id: "delay-demo-\(index + 1)", store: shop.id, agent: report.0, day: today.adding(days: report.1), step: report.2, minutes: report.3,
                        share: report.4, change: nil, note: nil, recordedBy: "demo-admin", recordedAt: now))
            }
        }

        let token = try await TokenIssuer(store: store, clock: clock).issue(scope: .admin, name: "demo-admin")
        ServerMemory.tuneForServing()
        let configuration = try ConfigurationFile.load(path: configPath)
        let settings = ServerSettings(host: host, port: port)
        var dependencies = AppDependencies(store: store, clock: clock, configuration: configuration.pitwall)
        dependencies.freedMemory = ServerMemory.freedMemoryReturn
        let app = buildApplication(
            settings: settings,
            dependencies: dependencies,
            logger: Logger(label: "pitwall"),
            onServerRunning: { port in
                let url = "http://\(settings.host):\(port)"
                FileHandle.standardOutput.write(Data(
                    """

                    Pitwall demo is running at \(url)
                      dashboard:   open \(url)/ and sign in with the admin token
                      admin token: \(token)
                      database:    \(databasePath)
                      config:      \(configPath)

                    Try:
                      curl -s -H 'Authorization: Bearer \(token)' \(url)/v1/leads/\(simulator.stores[0].code)-000001
                      curl -s \(url)/openapi.yaml

                    Stop with Ctrl-C. Serve this data again with:
                      pitwall serve --db \(databasePath) --config \(configPath) --port \(port)

                    """.utf8))
            })
        try await app.runService()
    }

    func demoFolder() throws -> String {
        if let dir {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return dir
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pitwall-demo-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }
}
