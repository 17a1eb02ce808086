import ArgumentParser
import Foundation
import PitwallCore
import PitwallServer
import PitwallSQLite

/// The options every command that reads or writes the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file.")
    var db: String = "pitwall.sqlite"

    @Option(name: .long, help: "The YAML configuration file (default: ./pitwall.yaml if present).")
    var config: String?

    func loadConfiguration() throws -> ConfigurationFile {
        do {
            return try ConfigurationFile.load(path: config)
        } catch {
            throw ValidationError("configuration: \(error.description)")
        }
    }

    /// Opens the store with the stores' time zones from the configuration: KPI rollups are
    /// counted in local days, so every command that opens the store reads the configuration.
    func openStore(configuration: PitwallConfiguration) throws -> SQLiteStore {
        do {
            return try SQLiteStore(path: db, configuration: configuration)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

/// Progress for long runs, on standard error so that standard output stays clean data.
struct ProgressLine {
    private let start = Date()
    private var lastPrinted = Date.distantPast
    let label: String

    init(label: String) {
        self.label = label
    }

    mutating func update(_ count: Int, force: Bool = false) {
        let now = Date()
        guard force || now.timeIntervalSince(lastPrinted) >= 1 else { return }
        lastPrinted = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Int(Double(count) / elapsed)
        FileHandle.standardError.write(Data("\(label) \(count.formatted()) events (\(rate.formatted())/s, \(String(format: "%.1f", elapsed)) s)\n".utf8))
    }
}

func writeError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
