import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer
import PitwallSimulator

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a simulated dealership group's events as NDJSON.",
        discussion: "The same flags always give the same bytes.")

    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Write the events here instead of standard output.")
    var out: String?

    @Option(name: .customLong("config-out"), help: "Also write the matching stores configuration (YAML) here.")
    var configOut: String?

    func run() async throws {
        let simulator = DealershipSimulator(settings: try simulation.settings())
        if let configOut {
            try ConfigurationFile.yaml(for: simulator.configuration.stores, roster: simulator.configuration.roster, targets: simulator.ownTargets, sourceNames: simulator.sourceNames, campaignNames: simulator.campaignNames, templateTexts: simulator.templateTexts, messagingPlatform: simulator.messagingPlatform).write(toFile: configOut, atomically: true, encoding: .utf8)
        }
        let handle: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil), let opened = FileHandle(forWritingAtPath: out) else {
                throw CommandFailure("cannot write \(out)")
            }
            handle = opened
        } else {
            handle = .standardOutput
        }
        try simulator.writeNDJSON(to: handle)
        if out != nil { try handle.close() }
    }
}

extension DealershipSimulator {
    /// Writes every event as NDJSON in large pieces, with progress on standard error.
    /// Returns how many events were written.
    @discardableResult
    func writeNDJSON(to handle: FileHandle) throws -> Int {
        var progress = ProgressLine(label: "simulated")
        var pending = ""
        pending.reserveCapacity(1 << 20)
        var count = 0
        try run { event in
            pending += event.canonicalJSON
            pending += "\n"
            count += 1
            if pending.utf8.count >= 1 << 20 {
                try handle.write(contentsOf: Data(pending.utf8))
                pending.removeAll(keepingCapacity: true)
                progress.update(count)
            }
        }
        try handle.write(contentsOf: Data(pending.utf8))
        progress.update(count, force: true)
        return count
    }
}

/// The simulation flags shared by `simulate` and `demo`.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Days to simulate.")
    var days: Int = 90

    @Option(help: "Random seed: the same seed gives the same history.")
    var seed: UInt64 = 1

    @Option(help: "Number of stores (rooftops) in the group.")
    var stores: Int = 4

    @Option(name: .customLong("leads-per-day"), help: "Average new leads per store per day.")
    var leadsPerDay: Double = 40

    @Option(help: "First day of the simulation, YYYY-MM-DD (UTC midnight). Default: 2026-01-05.")
    var start: String?

    func settings(defaultStart: Timestamp = SimulationSettings.defaultStart) throws -> SimulationSettings {
        guard days >= 1, days <= 3660 else { throw ValidationError("--days must be between 1 and 3660") }
        guard stores >= 1, stores <= 500 else { throw ValidationError("--stores must be between 1 and 500") }
        guard leadsPerDay > 0, leadsPerDay <= 100_000 else { throw ValidationError("--leads-per-day must be above 0 and at most 100000") }
        var first = defaultStart
        if let start {
            guard let date = CivilDate(iso: start) else { throw ValidationError("--start '\(start)' is not a date like 2026-01-05") }
            first = Timestamp(millisecondsSinceEpoch: date.daysSinceEpoch * Timestamp.millisecondsPerDay)
        }
        return SimulationSettings(days: days, seed: seed, storeCount: stores, leadsPerDay: leadsPerDay, start: first)
    }
}
